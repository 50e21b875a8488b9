import ArgumentParser
import PocketDAVApp

await PocketDAVCommand.main()
