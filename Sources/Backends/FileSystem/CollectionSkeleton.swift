import DAVCore
import Glibc

/// Builds a complete collection directory (property files, `.pocketdav/journal`, optionally
/// items) at a temporary path, ready to be renamed into place in one step.
enum CollectionSkeleton {
    /// Creates `directory` (0700) with `properties` and a journal listing `objects`, whose files
    /// the caller has already written into it (or writes none). Everything is synced when `fsync`.
    static func create(at directory: String, properties: CollectionProperties,
                       objects: [(name: String, entry: ObjectEntry)] = [], fsync: Bool) throws
    {
        _ = try? SystemCall.mkdir(directory)
        guard try SystemCall.stat(directory)?.isDirectory == true else {
            throw SystemCallError(call: "mkdir", path: directory, errno: ENOTDIR)
        }
        let stateDirectory = directory + "/" + ChangeJournal.directoryName
        try SystemCall.mkdir(stateDirectory)
        if let radicale = properties.radicale {
            try writeNew(RadicaleProps.serialize(radicale), at: directory + "/" + RadicaleProps.fileName, fsync: fsync)
        }
        if !properties.sidecar.isEmpty {
            try writeNew(RadicaleProps.serialize(properties.sidecar),
                         at: stateDirectory + "/" + CollectionProperties.sidecarName, fsync: fsync)
        }
        let fingerprint = PropertiesFingerprint(
            radicale: try SystemCall.stat(directory + "/" + RadicaleProps.fileName),
            sidecar: try SystemCall.stat(stateDirectory + "/" + CollectionProperties.sidecarName))
        var records = [JournalRecord.header(id: SystemCall.randomHex(), version: 0, floor: 0)]
        for (i, object) in objects.enumerated() {
            records.append(.object(object.name, object.entry, version: UInt64(i + 1), directoryMtime: nil))
        }
        let version = UInt64(objects.count + 1)
        records.append(.properties(properties, version: version))
        let directoryMtime = try SystemCall.stat(directory)?.mtime
        records.append(.propertiesWritten(fingerprint, version: version, directoryMtime: directoryMtime))
        try writeNew(try ChangeJournal.encode(records), at: stateDirectory + "/" + ChangeJournal.fileName, fsync: fsync)
        if fsync {
            try SystemCall.fsyncDirectory(stateDirectory)
            try SystemCall.fsyncDirectory(directory)
        }
    }

    /// Writes a file that must not exist yet (mode 0600), synced when `fsync`.
    @discardableResult
    static func writeNew(_ bytes: [UInt8], at path: String, fsync: Bool) throws -> FileStat {
        try SystemCall.withOpen(path, O_WRONLY | O_CREAT | O_EXCL, mode: 0o600) { fd in
            try SystemCall.writeAll(fd, bytes, path: path)
            if fsync { try SystemCall.fsync(fd, path: path) }
            return try SystemCall.fstat(fd, path: path)
        }
    }
}
