import DAVCore
import Logging

/// MKCOL/MKCALENDAR and DELETE of collections: both change the parent's member list, so both run
/// as a transaction on the parent.
extension FileSystemStorage {
    /// Builds the new collection in a temporary directory and renames it into place, so it
    /// appears complete or not at all.
    public func createCollection(at path: ResourcePath, kind: CollectionKind, properties: [QName: PropertyValue])
        async throws
    {
        guard let parent = path.parent, let name = path.name else {
            throw StorageError(.alreadyExists, "the root always exists")
        }
        try await perform {
            let parentHandle = try self.existingCollection(parent, holding: path)
            try parentHandle.write { transaction in
                let final = transaction.directory + "/" + name
                let occupied = try SystemCall.lstat(final) != nil
                if transaction.index.member(name) != nil || occupied {
                    throw StorageError(.alreadyExists, "something is already at \(path)")
                }
                guard transaction.index.properties.kind.mayContainCollections else {
                    throw StorageError(.forbidden, "\(parent) is a \(transaction.index.properties.kind) and cannot hold collections")
                }
                transaction.willWrite()
                let temporary = AtomicWrite.temporaryPath(in: transaction.directory)
                try CollectionSkeleton.create(at: temporary, properties: CollectionProperties(kind: kind, properties: properties),
                                              fsync: self.context.fsync)
                guard try SystemCall.renameNoReplace(temporary, final) else {
                    try? SystemCall.removeTree(temporary)
                    throw StorageError(.alreadyExists, "something is already at \(path)")
                }
                try self.finishMemberChange(.collection(name, version: transaction.nextVersion, directoryMtime: nil), transaction)
            }
            self.registry.forget(within: path)
        }
    }

    /// Renames the collection out of sight first (one atomic step), then removes the files.
    public func deleteCollection(at path: ResourcePath) async throws {
        guard let parent = path.parent, let name = path.name else {
            throw StorageError(.forbidden, "the root collection cannot be deleted")
        }
        try await perform {
            let handle = self.registry.handle(for: path)
            try self.registry.handle(for: parent).write { transaction in
                let directory = transaction.directory + "/" + name
                guard try SystemCall.lstat(directory)?.isDirectory == true else {
                    throw StorageError(.notFound, "no collection at \(path)")
                }
                // Wait for writers inside the collection; later ones find it gone.
                try handle.lock.withExclusive {
                    transaction.willWrite()
                    let grave = AtomicWrite.temporaryPath(in: transaction.directory)
                    try SystemCall.rename(directory, grave)
                    try self.finishMemberChange(.removed(name, version: transaction.nextVersion, directoryMtime: nil),
                                                transaction)
                    self.removeQuietly(grave)
                }
            }
            self.registry.forget(within: path)
        }
    }

    /// Syncs the parent directory and journals `record` with the directory's new mtime.
    func finishMemberChange(_ record: JournalRecord, _ transaction: CollectionTransaction) throws {
        if context.fsync { try SystemCall.fsyncDirectory(transaction.directory) }
        var record = record
        record.directoryMtime = try transaction.directoryMtimeAfterWrite()
        try transaction.commit([record])
    }

    /// Removes a tree that is already out of sight; a failure only leaves litter that the next
    /// reconciliation of its parent removes.
    func removeQuietly(_ path: String) {
        do {
            try SystemCall.removeTree(path)
        } catch {
            context.logger.warning("could not remove \(path): \(error)")
        }
    }
}
