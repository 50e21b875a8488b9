import DAVCore

/// MOVE and COPY for `MemoryStorage`, following the checks in `Storage.transfer`.
extension MemoryStorage {
    public func transfer(from source: ResourcePath, to destination: ResourcePath, overwrite: Bool, keepSource: Bool)
        async throws -> Bool
    {
        guard let sourceParent = source.parent, let sourceName = source.name,
            let destinationParent = destination.parent, let destinationName = destination.name
        else { throw StorageError(.forbidden, "the root cannot be moved or replaced") }
        guard !destination.isWithin(source) else {
            throw StorageError(.forbidden, "cannot transfer \(source) into itself (\(destination))")
        }
        let item = nodes[sourceParent]?.objects[sourceName]
        guard nodes[source] != nil || item != nil else { throw StorageError(.notFound, "nothing at \(source)") }
        let target = try collection(destinationParent, forWriting: destination)
        try checkFits(item: item, into: target, at: destinationParent)

        let replacing = nodes[destination] != nil || target.objects[destinationName] != nil
        guard overwrite || !replacing else {
            throw StorageError(.preconditionFailed, "\(destination) exists and overwrite is off")
        }
        if let uid = item?.summary?.uid {
            var exempt: Set<String> = [destinationName]
            if destinationParent == sourceParent && !keepSource { exempt.insert(sourceName) }
            if let other = holder(of: uid, in: target, except: exempt) {
                throw StorageError(.uidConflict, "UID \(uid) is used by \(other)", existing: child(destinationParent, other))
            }
        }

        if nodes[destination] != nil {
            removeTree(destination)
            nodes[destinationParent]?.children.remove(destinationName)
        }
        nodes[destinationParent]?.objects[destinationName] = nil
        if !keepSource {
            if item != nil {
                nodes[sourceParent]?.objects[sourceName] = nil
            } else {
                nodes[sourceParent]?.children.remove(sourceName)
            }
            bump(sourceParent, member: sourceName, deleted: true)
        }
        if let item {
            nodes[destinationParent]?.objects[destinationName] = item
        } else {
            copyTree(from: source, to: destination, freshIDs: keepSource)
            if !keepSource { removeTree(source) }
            nodes[destinationParent]?.children.insert(destinationName)
        }
        bump(destinationParent, member: destinationName, deleted: false)
        return replacing
    }

    /// `.forbidden` unless the target collection may hold the source: collections only in plain
    /// collections, calendar components only in calendars, vCards only in address books.
    func checkFits(item: Item?, into target: Node, at path: ResourcePath) throws {
        let component = item?.summary?.componentType.uppercased()
        let fits: Bool
        switch target.kind {
        case .plain: fits = true
        case .calendar: fits = item != nil && component != nil && component != "VCARD"
        case .addressBook: fits = component == "VCARD"
        }
        guard fits else { throw StorageError(.forbidden, "\(path) (\(target.kind)) cannot hold this resource") }
    }

    func copyTree(from source: ResourcePath, to destination: ResourcePath, freshIDs: Bool) {
        let count = source.segments.count
        for (path, node) in nodes where path.isWithin(source) {
            var copy = node
            if freshIDs { copy.id = Self.newID() }
            let moved = destination.segments + path.segments.dropFirst(count)
            if let target = try? ResourcePath(segments: Array(moved)) { nodes[target] = copy }
        }
    }
}
