import DAVCore

/// MOVE and COPY. Objects move by `rename` (same filesystem, one atomic step) and are copied
/// through a temp file; collections move by renaming their directory (keeping their journal, so
/// their id and tokens) and are copied as a new tree with fresh ids (`TreeCopy`).
///
/// Every collection involved is locked exclusively, in path order, so two transfers crossing each
/// other cannot deadlock. A crash between the rename and the journal appends leaves the files
/// right and the journals behind; reconciliation catches up (an object's dead properties are lost
/// in that window, its bytes are not).
extension FileSystemStorage {
    public func transfer(from source: ResourcePath, to destination: ResourcePath, overwrite: Bool, keepSource: Bool)
        async throws -> Bool
    {
        guard let sourceParent = source.parent, let sourceName = source.name,
            let destinationParent = destination.parent, let destinationName = destination.name
        else { throw StorageError(.forbidden, "the root cannot be moved, copied or replaced") }
        guard !destination.isWithin(source) else {
            throw StorageError(.forbidden, "cannot transfer \(source) onto or into itself (\(destination))")
        }
        let request = TransferRequest(source: source, sourceParent: sourceParent, sourceName: sourceName,
                                      destination: destination, destinationParent: destinationParent,
                                      destinationName: destinationName, overwrite: overwrite, keepSource: keepSource)
        return try await perform {
            guard let sourceStat = try SystemCall.lstat(self.context.directory(for: source)) else {
                throw StorageError(.notFound, "nothing at \(source)")
            }
            _ = try self.existingCollection(destinationParent, holding: destination)
            if sourceStat.isDirectory { return try self.transferCollection(request) }
            return try self.transferObject(request)
        }
    }

    struct TransferRequest: Sendable {
        var source, sourceParent: ResourcePath
        var sourceName: String
        var destination, destinationParent: ResourcePath
        var destinationName: String
        var overwrite, keepSource: Bool
    }

    private func transferObject(_ r: TransferRequest) throws -> Bool {
        var paths = [r.sourceParent, r.destinationParent]
        if try SystemCall.lstat(context.directory(for: r.destination))?.isDirectory == true { paths.append(r.destination) }
        defer { registry.forget(within: r.destination) }
        return try writing(paths) { tx in
            guard let from = tx[r.sourceParent], let to = tx[r.destinationParent] else { return false }
            guard var entry = from.index.object(r.sourceName) else { throw StorageError(.notFound, "nothing at \(r.source)") }
            try Self.checkFits(component: entry.uid == nil ? nil : entry.component, into: to.index.properties.kind,
                               at: r.destinationParent)
            let replacing = to.index.member(r.destinationName) != nil
            guard r.overwrite || !replacing else {
                throw StorageError(.preconditionFailed, "\(r.destination) exists and overwrite is off")
            }
            if let uid = entry.uid {
                var exempt: Set<String> = [r.destinationName]
                if from === to && !r.keepSource { exempt.insert(r.sourceName) }
                if let other = to.index.holder(of: uid, except: exempt) {
                    throw StorageError(.uidConflict, "UID \(uid) is already used by \(other) in \(r.destinationParent)",
                                       existing: try? r.destinationParent.appending(other))
                }
            }
            let target = to.directory + "/" + r.destinationName
            let grave = try self.buryCollection(at: target, in: to)
            to.willWrite()
            if r.keepSource {
                guard let bytes = try SystemCall.readFile(from.directory + "/" + r.sourceName) else {
                    throw StorageError(.notFound, "nothing at \(r.source)")
                }
                let stat = try AtomicWrite.write(bytes, to: r.destinationName, in: to.directory, fsync: context.fsync)
                entry.etag = ContentHash.hex(bytes)
                entry.size = Int64(bytes.count)
                entry.inode = stat.inode
                entry.mtime = stat.mtime
            } else {
                from.willWrite()
                try SystemCall.rename(from.directory + "/" + r.sourceName, target)
                if context.fsync && from !== to { try SystemCall.fsyncDirectory(from.directory) }
            }
            try record(r, added: .object(r.destinationName, entry, version: 0, directoryMtime: nil), from: from, to: to)
            if let grave { removeQuietly(grave) }
            return replacing
        }
    }

    private func transferCollection(_ r: TransferRequest) throws -> Bool {
        for _ in 0..<3 {
            var paths = [r.destinationParent, r.source]
            if !r.keepSource { paths.append(r.sourceParent) }
            if try SystemCall.lstat(context.directory(for: r.destination))?.isDirectory == true { paths.append(r.destination) }
            if r.keepSource { paths += try TreeCopy.collections(under: r.source, context: context) }
            let outcome: Bool? = try writing(paths) { tx in
                guard let to = tx[r.destinationParent] else { return nil }
                if r.keepSource && !TreeCopy.matchesPlan(r.source, tx) { return nil }
                guard to.index.properties.kind.mayContainCollections else {
                    throw StorageError(.forbidden, "\(r.destinationParent) is a \(to.index.properties.kind) and cannot hold collections")
                }
                let target = to.directory + "/" + r.destinationName
                let replacing = try SystemCall.lstat(target) != nil
                guard r.overwrite || !replacing else {
                    throw StorageError(.preconditionFailed, "\(r.destination) exists and overwrite is off")
                }
                to.willWrite()
                let grave = try self.buryCollection(at: target, in: to, evenIfObject: true)
                if r.keepSource {
                    let temporary = AtomicWrite.temporaryPath(in: to.directory)
                    do {
                        try TreeCopy.copy(r.source, transactions: tx, to: temporary, fsync: context.fsync)
                    } catch {
                        removeQuietly(temporary)
                        throw error
                    }
                    try SystemCall.rename(temporary, target)
                    try record(r, added: .collection(r.destinationName, version: 0, directoryMtime: nil), from: nil, to: to)
                } else {
                    guard let from = tx[r.sourceParent] else { return nil }
                    from.willWrite()
                    try SystemCall.rename(context.directory(for: r.source), target)
                    if context.fsync && from !== to { try SystemCall.fsyncDirectory(from.directory) }
                    try record(r, added: .collection(r.destinationName, version: 0, directoryMtime: nil), from: from, to: to)
                }
                if let grave { removeQuietly(grave) }
                return replacing
            }
            if let outcome {
                if !r.keepSource { registry.forget(within: r.source) }
                registry.forget(within: r.destination)
                return outcome
            }
        }
        throw StorageError(.unavailable, "\(r.source) kept changing while it was being copied")
    }

    /// Journals the change: a tombstone in the source collection (for a move) and `added` in the
    /// destination, with consecutive versions when both are the same collection.
    private func record(_ r: TransferRequest, added: JournalRecord, from: CollectionTransaction?,
                        to: CollectionTransaction) throws
    {
        if context.fsync { try SystemCall.fsyncDirectory(to.directory) }
        var records: [JournalRecord] = []
        if let from, !r.keepSource {
            let tombstone = JournalRecord.removed(r.sourceName, version: from.nextVersion,
                                                  directoryMtime: try from.directoryMtimeAfterWrite())
            if from === to { records.append(tombstone) } else { try from.commit([tombstone]) }
        }
        var addition = added
        addition.version = to.nextVersion + UInt64(records.count)
        addition.directoryMtime = try to.directoryMtimeAfterWrite()
        records.append(addition)
        try to.commit(records)
    }

    /// Moves whatever collection is at `target` out of sight so something can take its place;
    /// returns where it went, to be removed once the replacement is journaled. The caller forgets
    /// its handles afterwards (not here: their locks may be held by this very transaction).
    private func buryCollection(at target: String, in parent: CollectionTransaction, evenIfObject: Bool = false) throws
        -> String?
    {
        guard let stat = try SystemCall.lstat(target), stat.isDirectory || evenIfObject else { return nil }
        parent.willWrite()
        let grave = AtomicWrite.temporaryPath(in: parent.directory)
        try SystemCall.rename(target, grave)
        return grave
    }

    /// `.forbidden` unless a collection of `kind` may hold an object of `component` (`nil`: a
    /// plain file): calendars hold calendar components, address books hold vCards.
    static func checkFits(component: String?, into kind: CollectionKind, at path: ResourcePath) throws {
        let component = component?.uppercased()
        let fits: Bool
        switch kind {
        case .plain: fits = true
        case .calendar: fits = component != nil && component != "VCARD"
        case .addressBook: fits = component == "VCARD"
        }
        guard fits else { throw StorageError(.forbidden, "\(path) (\(kind)) cannot hold this object") }
    }

    /// Runs `body` with write transactions on `paths`, taken in path order so that concurrent
    /// multi-collection operations never wait on each other in a cycle.
    func writing<T: Sendable>(_ paths: [ResourcePath], _ body: ([ResourcePath: CollectionTransaction]) throws -> T)
        throws -> T
    {
        let ordered = Set(paths).sorted { $0.segments.lexicographicallyPrecedes($1.segments) }
        var held: [ResourcePath: CollectionTransaction] = [:]
        func step(_ i: Int) throws -> T {
            guard i < ordered.count else { return try body(held) }
            return try registry.handle(for: ordered[i]).write { transaction in
                held[ordered[i]] = transaction
                return try step(i + 1)
            }
        }
        return try step(0)
    }
}
