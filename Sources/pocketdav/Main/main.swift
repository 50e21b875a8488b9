import PocketDAVApp

await PocketDAVCommand.runFromCommandLine()
