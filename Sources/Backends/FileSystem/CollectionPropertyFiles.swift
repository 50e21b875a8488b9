import DAVCore

/// Reads and writes a collection's two property files, `.Radicale.props` and
/// `.pocketdav/props.json`, under the journal's write-ahead rule: the `properties` record is
/// durable before either file changes, and `propertiesWritten` follows once both have. A crash
/// in between is rolled forward on the next load; a change made by someone else (Radicale, an
/// editor) shows up as a new fingerprint and is adopted as a new version.
enum CollectionPropertyFiles {
    /// Applies PROPPATCH changes: one new version, then the files.
    static func update(_ changes: [QName: PropertyValue?], in transaction: CollectionTransaction) throws {
        var properties = transaction.index.properties
        properties.apply(changes)
        try transaction.commit([.properties(properties, version: transaction.nextVersion)])
        try transaction.context.checkpoint(.afterPropertiesRecord)
        try writeFiles(properties, transaction)
    }

    /// Called on every exclusive refresh: finishes an interrupted write, or adopts the files when
    /// their fingerprint differs from the last one pocketdav wrote or saw.
    static func settle(_ transaction: CollectionTransaction) throws {
        if transaction.index.propertiesPending {
            try writeFiles(transaction.index.properties, transaction)
            return
        }
        let fingerprint = try transaction.handle.propertiesFingerprint()
        guard fingerprint != transaction.index.propertiesFingerprint else { return }
        let onDisk = try read(transaction.handle)
        var records: [JournalRecord] = []
        if onDisk != transaction.index.properties {
            records.append(.properties(onDisk, version: transaction.nextVersion))
        }
        records.append(.propertiesWritten(fingerprint, version: transaction.nextVersion, directoryMtime: nil))
        try transaction.commit(records)
    }

    /// The property files as they are on disk now.
    static func read(_ handle: CollectionHandle) throws -> CollectionProperties {
        let radicalePath = handle.directory + "/" + RadicaleProps.fileName
        let sidecarPath = handle.journal.directory + "/" + CollectionProperties.sidecarName
        return CollectionProperties(radicale: try parse(radicalePath), sidecar: try parse(sidecarPath) ?? [:])
    }

    private static func parse(_ path: String) throws -> [String: String]? {
        guard let bytes = try SystemCall.readFile(path) else { return nil }
        do {
            return try RadicaleProps.parse(bytes)
        } catch {
            throw StorageError(.corrupt, "\(path) is not a JSON object of strings; fix or remove it", cause: error)
        }
    }

    private static func writeFiles(_ properties: CollectionProperties, _ transaction: CollectionTransaction) throws {
        transaction.willWrite()
        let fsync = transaction.context.fsync
        var directoryMtime: Int64?
        if let radicale = properties.radicale {
            try AtomicWrite.write(RadicaleProps.serialize(radicale), to: RadicaleProps.fileName,
                                  in: transaction.directory, fsync: fsync)
            directoryMtime = try transaction.directoryMtimeAfterWrite()
        }
        let sidecarDirectory = transaction.handle.journal.directory
        if properties.sidecar.isEmpty {
            try SystemCall.unlink(sidecarDirectory + "/" + CollectionProperties.sidecarName)
        } else {
            try AtomicWrite.write(RadicaleProps.serialize(properties.sidecar), to: CollectionProperties.sidecarName,
                                  in: sidecarDirectory, fsync: fsync)
        }
        let fingerprint = try transaction.handle.propertiesFingerprint()
        try transaction.commit([.propertiesWritten(fingerprint, version: transaction.index.version,
                                                   directoryMtime: directoryMtime)])
    }
}
