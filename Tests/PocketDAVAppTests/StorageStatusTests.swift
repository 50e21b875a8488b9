import Testing

@testable import PocketDAVApp

/// `pocketdav storage status` for storages that have no git state to show.
@Suite struct StorageStatusTests {
    @Test func aPostgresStorageIsNamedWithItsURLAndSchema() throws {
        let config = try Configuration.parse("""
            [storage]
            type = "postgres"
            [storage.postgres]
            url = "postgres://dav@db.example:5433/calendars"
            schema = "pocketdav"
            """, name: "p.toml")
        #expect(StorageCommand.Status.describe(config.storage)
                == "storage: postgres at postgres://dav@db.example:5433/calendars, schema pocketdav")
    }

    @Test func aFilesystemStorageIsNamedWithItsFolder() throws {
        let config = try Configuration.parse("[storage]\ntype = \"filesystem\"\n[storage.filesystem]\nfolder = \"/srv/dav\"\n",
                                             name: "f.toml")
        #expect(StorageCommand.Status.describe(config.storage) == "storage: filesystem at /srv/dav")
    }
}
