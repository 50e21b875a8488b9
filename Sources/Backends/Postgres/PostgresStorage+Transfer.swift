import DAVCore
import PostgresNIO

/// MOVE and COPY of objects and collection trees, each one transaction. Every collection involved
/// is locked up front in path order (`Session.lockCollections`), so the checks (existence,
/// Overwrite, UID) and the changes see one consistent state.
///
/// A moved object keeps its row (bytes, properties); a moved collection keeps its id, so its sync
/// tokens stay valid at the new path. A copied tree gets new ids, and each copied collection a
/// fresh change log listing its members.
extension PostgresStorage {
    public func transfer(from source: ResourcePath, to destination: ResourcePath, overwrite: Bool, keepSource: Bool)
        async throws -> Bool
    {
        guard let sourceParent = source.parent, let sourceName = source.name,
            let destinationParent = destination.parent, let destinationName = destination.name
        else { throw StorageError(.forbidden, "the root cannot be moved, copied or replaced") }
        guard !destination.isWithin(source) else {
            throw StorageError(.forbidden, "cannot transfer \(source) onto or into itself (\(destination))")
        }
        guard !source.isWithin(destination) else {
            throw StorageError(.forbidden, "cannot replace \(destination), which holds \(source)")
        }
        let request = TransferRequest(source: source, sourceParent: sourceParent, sourceName: sourceName,
                                      destination: destination, destinationParent: destinationParent,
                                      destinationName: destinationName, overwrite: overwrite, keepSource: keepSource)
        return try await database.write(keepSource ? "copy" : "move") { session in
            let locked = try await session.lockCollections(at: [sourceParent, destinationParent, destination],
                                                           subtreeOf: source)
            guard let from = locked[sourceParent.key] else { throw StorageError(.notFound, "nothing at \(source)") }
            if let collection = locked[source.key] {
                return try await Self.transferCollection(collection, request, from: from, locked: locked, session: session)
            }
            guard let item = try await session.item(in: from.id, named: sourceName) else {
                throw StorageError(.notFound, "nothing at \(source)")
            }
            return try await Self.transferObject(item, request, from: from, locked: locked, session: session)
        }
    }

    struct TransferRequest: Sendable {
        var source, sourceParent: ResourcePath
        var sourceName: String
        var destination, destinationParent: ResourcePath
        var destinationName: String
        var overwrite, keepSource: Bool
    }

    private static func transferObject(_ item: ItemRow, _ r: TransferRequest, from: CollectionRow,
                                       locked: [String: CollectionRow], session: Session) async throws -> Bool
    {
        guard let to = locked[r.destinationParent.key] else { throw try await session.missingParent(of: r.destination) }
        try checkFits(component: item.uid == nil ? nil : item.component, into: to.kind, at: r.destinationParent)
        let replacedCollection = locked[r.destination.key]
        let replacedItem = try await session.item(in: to.id, named: r.destinationName)
        let replacing = replacedCollection != nil || replacedItem != nil
        guard r.overwrite || !replacing else {
            throw StorageError(.preconditionFailed, "\(r.destination) exists and overwrite is off")
        }
        if let uid = item.uid, let holder = try await session.holder(ofUID: uid, in: to.id) {
            var exempt: Set<String> = [r.destinationName]
            if from.id == to.id && !r.keepSource { exempt.insert(r.sourceName) }
            if !exempt.contains(holder) {
                throw StorageError(.uidConflict, "UID \(uid) is already used by \(holder) in \(r.destinationParent)",
                                   existing: try r.destinationParent.appending(holder))
            }
        }
        if let replacedCollection { try await session.deleteCollection(id: replacedCollection.id) }
        if replacedItem != nil { try await session.deleteItem(in: to.id, named: r.destinationName) }
        if r.keepSource {
            try await session.copyItem(from: from.id, named: r.sourceName, to: to.id, as: r.destinationName)
        } else {
            try await session.moveItem(from: from.id, named: r.sourceName, to: to.id, as: r.destinationName)
            try await session.recordChange(in: from.id, name: r.sourceName, deleted: true)
        }
        try await session.recordChange(in: to.id, name: r.destinationName, deleted: false)
        return replacing
    }

    private static func transferCollection(_ collection: CollectionRow, _ r: TransferRequest, from: CollectionRow,
                                           locked: [String: CollectionRow], session: Session) async throws -> Bool
    {
        guard let to = locked[r.destinationParent.key] else { throw try await session.missingParent(of: r.destination) }
        guard to.kind.mayContainCollections else {
            throw StorageError(.forbidden, "\(r.destinationParent) is a \(to.kind) and cannot hold collections")
        }
        let replacedCollection = locked[r.destination.key]
        let replacedItem = try await session.item(in: to.id, named: r.destinationName)
        let replacing = replacedCollection != nil || replacedItem != nil
        guard r.overwrite || !replacing else {
            throw StorageError(.preconditionFailed, "\(r.destination) exists and overwrite is off")
        }
        if let replacedCollection { try await session.deleteCollection(id: replacedCollection.id) }
        if replacedItem != nil { try await session.deleteItem(in: to.id, named: r.destinationName) }
        if r.keepSource {
            try await copyTree(r.source, to: r.destination, parentID: to.id, session: session)
        } else {
            try await session.moveTree(collection.id, from: r.source, to: r.destination, parentID: to.id)
            try await session.recordChange(in: from.id, name: r.sourceName, deleted: true)
            if r.sourceParent.isRoot { try await session.forgetPrincipalIfUnused(r.sourceName) }
        }
        try await session.recordChange(in: to.id, name: r.destinationName, deleted: false)
        return replacing
    }

    /// Copies the collections below `source` (read again now that the tree is locked, so
    /// none created just before the lock is missed), parents first, then gives each copy its
    /// change log.
    private static func copyTree(_ source: ResourcePath, to destination: ResourcePath, parentID: Int64,
                                 session: Session) async throws
    {
        let tree = try await session.subtree(of: source)
        var copies: [String: Int64] = [:]
        for original in tree {
            let below = String(decoding: original.path.utf8.dropFirst(source.key.utf8.count), as: UTF8.self)
            let suffix = below.split(separator: "/").map(String.init)
            let target = try ResourcePath(segments: destination.segments + suffix)
            guard let targetParent = target.parent else { continue }
            let parent = original.path == source.key ? parentID : copies[targetParent.key]
            guard let parent else { throw StorageError(.io, "copy of \(original.path) has no parent copy") }
            let id = try await session.insertCollection(at: target, parentID: parent, kind: original.kind,
                                                        properties: original.properties)
            try await session.copyItems(from: original.id, to: id)
            copies[target.key] = id
        }
        for id in copies.values { try await session.recordInitialChanges(in: id) }
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
}
