import DAVCore
import Glibc

/// PUT, DELETE and PROPPATCH: each one transaction on the collection that holds the target.
extension FileSystemStorage {
    public func putObject(_ content: ObjectContent, at path: ResourcePath, condition: WriteCondition) async throws
        -> PutOutcome
    {
        guard let parent = path.parent, let name = path.name else {
            throw StorageError(.forbidden, "the root is a collection")
        }
        let fsync = context.fsync
        return try await perform {
            let handle = try self.existingCollection(parent, holding: path)
            // Staged before taking the lock: the slowest fsync (the data) overlaps other writers.
            let staged = try AtomicWrite.stage(content.bytes, in: handle.stagingDirectory, fsync: fsync)
            defer { try? SystemCall.unlink(staged.path) }
            let outcome: PutOutcome
            do {
                outcome = try handle.write { try Self.put(content, staged: staged, named: name, condition: condition, in: $0) }
            } catch let error as StorageError where error.code == .notFound {
                throw StorageError(.conflict, "the collection \(parent) vanished", cause: error)
            }
            if fsync { try SystemCall.fsyncDirectory(handle.directory) }
            return outcome
        }
    }

    /// Under the lock: check, rename the staged file over the target, journal (synced). The
    /// journal fsync is the commit point; the directory fsync that makes the rename durable
    /// follows after the lock is released but before the caller hears of success. A crash
    /// before the rename leaves the old object; a crash after it leaves the new file, which
    /// reconciliation hashes and journals; a crash before the directory is synced may undo the
    /// rename, which reconciliation records as a newer version (the client was never answered).
    static func put(_ content: ObjectContent, staged: (path: String, stat: FileStat), named name: String,
                    condition: WriteCondition, in transaction: CollectionTransaction) throws -> PutOutcome
    {
        // No local copy of `transaction.index`: one alive at `commit` would copy the member table.
        let path = transaction.handle.path
        if transaction.index.member(name) == .collection {
            throw StorageError(.forbidden, "\(name) in \(path) is a collection")
        }
        let current = transaction.index.object(name)
        guard condition.isSatisfied(by: current.map { ETag($0.etag) }) else {
            throw StorageError(.preconditionFailed, "condition \(condition) failed for \(name) in \(path)")
        }
        if let uid = content.summary?.uid, let other = transaction.index.holder(of: uid, except: [name]) {
            throw StorageError(.uidConflict, "UID \(uid) is already used by \(other) in \(path)",
                               existing: try? path.appending(other))
        }
        try transaction.context.checkpoint(.afterTemporaryWrite)
        transaction.willWrite()
        do {
            try SystemCall.rename(staged.path, transaction.directory + "/" + name)
        } catch let error as SystemCallError where error.errno == EISDIR {
            throw StorageError(.forbidden, "\(name) in \(path) is a directory", cause: error)
        }
        try transaction.context.checkpoint(.afterItemRename)
        let summary = content.summary
        let etag = ContentHash.hex(content.bytes)
        let entry = ObjectEntry(
            etag: etag, size: Int64(content.bytes.count), contentType: content.contentType,
            uid: summary?.uid, component: summary?.componentType, firstStart: summary?.firstStart,
            lastEnd: summary?.lastEnd, fixedStart: summary?.fixedInstance?.start, fixedEnd: summary?.fixedInstance?.end,
            inode: staged.stat.inode, mtime: staged.stat.mtime,
            properties: current?.properties)
        let directoryMtime = try transaction.directoryMtimeAfterWrite()
        try transaction.commit([.object(name, entry, version: transaction.nextVersion, directoryMtime: directoryMtime)])
        return PutOutcome(etag: ETag(etag), created: current == nil)
    }

    public func deleteObject(at path: ResourcePath, condition: WriteCondition) async throws {
        guard let parent = path.parent, let name = path.name else { throw StorageError(.notFound, "no object at /") }
        try await perform {
            let handle = self.registry.handle(for: parent)
            try handle.write { transaction in
                guard let current = transaction.index.object(name) else {
                    throw StorageError(.notFound, "no object at \(path)")
                }
                guard condition.isSatisfied(by: ETag(current.etag)) else {
                    throw StorageError(.preconditionFailed, "condition \(condition) failed for \(path)")
                }
                transaction.willWrite()
                try SystemCall.unlink(transaction.directory + "/" + name)
                let directoryMtime = try transaction.directoryMtimeAfterWrite()
                try transaction.commit([.removed(name, version: transaction.nextVersion, directoryMtime: directoryMtime)])
            }
            // As for PUT: the journal is the commit point, the directory sync follows unlocked.
            if self.context.fsync { try SystemCall.fsyncDirectory(handle.directory) }
        }
    }

    public func setProperties(_ changes: [QName: PropertyValue?], at path: ResourcePath) async throws {
        try await perform {
            let isCollection = try SystemCall.stat(self.context.directory(for: path))?.isDirectory == true
            if path.isRoot || isCollection {
                try self.registry.handle(for: path).write { try CollectionPropertyFiles.update(changes, in: $0) }
                return
            }
            guard let parent = path.parent, let name = path.name else { throw StorageError(.notFound, "nothing at \(path)") }
            try self.registry.handle(for: parent).write { transaction in
                guard var entry = transaction.index.object(name) else { throw StorageError(.notFound, "nothing at \(path)") }
                var properties = entry.properties ?? [:]
                for (key, value) in changes { properties[RadicaleProps.clark(key)] = value?.xml }
                entry.properties = properties.isEmpty ? nil : properties
                try transaction.commit([.object(name, entry, version: transaction.nextVersion, directoryMtime: nil)])
            }
        }
    }

    /// The handle of the collection that is to hold `target`: `.conflict` when it is missing,
    /// `.forbidden` when it is a file.
    func existingCollection(_ path: ResourcePath, holding target: ResourcePath) throws -> CollectionHandle {
        guard let stat = try SystemCall.stat(context.directory(for: path)) else {
            throw StorageError(.conflict, "the parent of \(target) does not exist")
        }
        guard stat.isDirectory else { throw StorageError(.forbidden, "\(path) is not a collection") }
        return registry.handle(for: path)
    }
}
