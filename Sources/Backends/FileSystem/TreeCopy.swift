import DAVCore

/// COPY of a collection tree: item files, property files and fresh journals. The copies get new
/// collection ids, because they diverge from their sources at once and a source's sync token
/// must not be accepted by the copy.
enum TreeCopy {
    /// The collections at and below `root` that a copy must lock: plain collections are walked
    /// into, calendars and address books are leaves.
    static func collections(under root: ResourcePath, context: StorageContext) throws -> [ResourcePath] {
        var found = [root]
        var index = 0
        while index < found.count {
            let path = found[index]
            index += 1
            let directory = context.directory(for: path)
            guard try kind(of: directory) == .plain else { continue }
            for entry in try SystemCall.listDirectory(directory) where entry.type == .directory && !entry.name.hasPrefix(".") {
                if let child = try? path.appending(entry.name) { found.append(child) }
            }
        }
        return found
    }

    /// The kind recorded in a directory's `.Radicale.props`, read without loading the collection.
    static func kind(of directory: String) throws -> CollectionKind {
        guard let bytes = try SystemCall.readFile(directory + "/" + RadicaleProps.fileName),
            let props = try? RadicaleProps.parse(bytes)
        else { return .plain }
        return CollectionProperties(radicale: props, sidecar: [:]).kind
    }

    /// Whether the locked transactions still describe the tree that `collections(under:)` planned.
    static func matchesPlan(_ root: ResourcePath, _ transactions: [ResourcePath: CollectionTransaction]) -> Bool {
        var pending = [root]
        var visited = 0
        while let path = pending.popLast() {
            guard let transaction = transactions[path] else { return false }
            visited += 1
            for (name, member) in transaction.index.liveMembers where member == .collection {
                guard let child = try? path.appending(name) else { continue }
                pending.append(child)
            }
        }
        return visited == transactions.keys.count { $0.isWithin(root) }
    }

    /// Copies the collection `source` (whose transaction, and its descendants', are held) into the
    /// new directory `target`.
    static func copy(_ source: ResourcePath, transactions: [ResourcePath: CollectionTransaction], to target: String,
                     fsync: Bool) throws
    {
        guard let transaction = transactions[source] else {
            throw StorageError(.io, "collection \(source) was not locked for copying")
        }
        try SystemCall.mkdir(target)
        var objects: [(name: String, entry: ObjectEntry)] = []
        for (name, member) in transaction.index.liveMembers {
            switch member {
            case .object(var entry):
                guard let bytes = try SystemCall.readFile(transaction.directory + "/" + name) else { continue }
                let stat = try CollectionSkeleton.writeNew(bytes, at: target + "/" + name, fsync: fsync)
                entry.etag = ContentHash.hex(bytes)
                entry.size = Int64(bytes.count)
                entry.inode = stat.inode
                entry.mtime = stat.mtime
                objects.append((name, entry))
            case .collection:
                guard let child = try? source.appending(name) else { continue }
                try copy(child, transactions: transactions, to: target + "/" + name, fsync: fsync)
            case .removed:
                continue
            }
        }
        try CollectionSkeleton.create(at: target, properties: transaction.index.properties, objects: objects, fsync: fsync)
    }
}
