import PocketDAVApp
await PocketDAVCommand.main()
