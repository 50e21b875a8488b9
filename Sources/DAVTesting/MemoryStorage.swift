import DAVCore
import FoundationEssentials

/// An in-memory `Storage` for in-process protocol tests: every call runs on one actor, so each is
/// trivially atomic. Nothing survives the process.
///
/// Sync tokens are `urn:x-pocketdav:sync:<random collection id>:<version>`; a collection created
/// by COPY gets a fresh id, one moved by MOVE keeps its own.
public actor MemoryStorage: Storage {
    struct Item {
        var bytes: [UInt8]
        var etag: ETag
        var contentType: String
        var summary: ObjectSummary?
        var properties: [QName: PropertyValue]
        var lastModified: Date
    }

    struct Change {
        var version: UInt64
        var deleted: Bool
    }

    struct Node {
        var kind: CollectionKind
        var properties: [QName: PropertyValue]
        var id: String
        var version: UInt64 = 1
        var lastModified = Date()
        var objects: [String: Item] = [:]
        var children: Set<String> = []
        /// The latest change per member name, tombstones included, so any issued token stays valid.
        var changes: [String: Change] = [:]
    }

    var nodes: [ResourcePath: Node]
    var nextETag: UInt64 = 0

    /// An empty storage holding only the root collection.
    public init() {
        nodes = [.root: Node(kind: .plain, properties: [:], id: Self.newID())]
    }

    // MARK: - Reading

    public func resource(at path: ResourcePath) async throws -> Resource? {
        if let node = nodes[path] { return .collection(info(path, node)) }
        guard let parent = path.parent, let name = path.name, let item = nodes[parent]?.objects[name] else { return nil }
        return .object(info(path, item))
    }

    public func members(of collection: ResourcePath) async throws -> [Resource] {
        guard let node = nodes[collection] else { throw StorageError(.notFound, "no collection at \(collection)") }
        var out: [(String, Resource)] = []
        for name in node.children {
            let path = child(collection, name)
            if let sub = nodes[path] { out.append((name, .collection(info(path, sub)))) }
        }
        for (name, item) in node.objects { out.append((name, .object(info(child(collection, name), item)))) }
        return out.sorted { $0.0 < $1.0 }.map(\.1)
    }

    public func objects(in collection: ResourcePath, named names: [String]) async throws -> [StoredObject] {
        guard let node = nodes[collection] else { throw StorageError(.notFound, "no collection at \(collection)") }
        return names.compactMap { name in
            node.objects[name].map { StoredObject(info: info(child(collection, name), $0), bytes: $0.bytes) }
        }
    }

    public func changes(in collection: ResourcePath, since token: String?, limit: Int?) async throws -> ChangeSet {
        guard let node = nodes[collection] else { throw StorageError(.notFound, "no collection at \(collection)") }
        var since: UInt64 = 0
        if let token {
            let prefix = "urn:x-pocketdav:sync:\(node.id):"
            guard token.hasPrefix(prefix), let v = UInt64(token.dropFirst(prefix.count)), v <= node.version else {
                throw StorageError(.invalidSyncToken, "token \(token) was not issued by \(collection)")
            }
            since = v
        }
        var pending = node.changes.filter { $0.value.version > since && (token != nil || !$0.value.deleted) }
            .sorted { $0.value.version < $1.value.version }
        var truncated = false
        var newVersion = node.version
        if let limit, pending.count > limit {
            pending = Array(pending.prefix(max(limit, 0)))
            truncated = true
            newVersion = pending.last?.value.version ?? since
        }
        return ChangeSet(changed: pending.filter { !$0.value.deleted }.map(\.key),
                         deleted: pending.filter { $0.value.deleted }.map(\.key),
                         newToken: syncToken(node.id, newVersion), truncated: truncated)
    }

    // MARK: - Objects

    public func putObject(_ content: ObjectContent, at path: ResourcePath, condition: WriteCondition) async throws
        -> PutOutcome
    {
        guard nodes[path] == nil, let name = path.name, let parent = path.parent else {
            throw StorageError(.forbidden, "\(path) is a collection")
        }
        let node = try collection(parent, forWriting: path)
        let current = node.objects[name]
        guard condition.isSatisfied(by: current?.etag) else {
            throw StorageError(.preconditionFailed, "condition \(condition) failed for \(path)")
        }
        if let uid = content.summary?.uid, let other = holder(of: uid, in: node, except: [name]) {
            throw StorageError(.uidConflict, "UID \(uid) is used by \(other)", existing: child(parent, other))
        }
        nextETag += 1
        let item = Item(bytes: content.bytes, etag: ETag("m\(nextETag)"), contentType: content.contentType,
                        summary: content.summary, properties: current?.properties ?? [:], lastModified: Date())
        nodes[parent]?.objects[name] = item
        bump(parent, member: name, deleted: false)
        return PutOutcome(etag: item.etag, created: current == nil)
    }

    public func deleteObject(at path: ResourcePath, condition: WriteCondition) async throws {
        guard let parent = path.parent, let name = path.name, let item = nodes[parent]?.objects[name] else {
            throw StorageError(.notFound, "no object at \(path)")
        }
        guard condition.isSatisfied(by: item.etag) else {
            throw StorageError(.preconditionFailed, "condition \(condition) failed for \(path)")
        }
        nodes[parent]?.objects[name] = nil
        bump(parent, member: name, deleted: true)
    }

    // MARK: - Collections

    public func createCollection(at path: ResourcePath, kind: CollectionKind, properties: [QName: PropertyValue])
        async throws
    {
        guard let parent = path.parent, let name = path.name, nodes[path] == nil, nodes[parent]?.objects[name] == nil else {
            throw StorageError(.alreadyExists, "something is already at \(path)")
        }
        let node = try collection(parent, forWriting: path)
        guard node.kind.mayContainCollections else {
            throw StorageError(.forbidden, "\(parent) cannot hold collections")
        }
        nodes[path] = Node(kind: kind, properties: properties, id: Self.newID())
        nodes[parent]?.children.insert(name)
        bump(parent, member: name, deleted: false)
    }

    public func deleteCollection(at path: ResourcePath) async throws {
        guard nodes[path] != nil else { throw StorageError(.notFound, "no collection at \(path)") }
        guard let parent = path.parent, let name = path.name else {
            throw StorageError(.forbidden, "the root cannot be deleted")
        }
        removeTree(path)
        nodes[parent]?.children.remove(name)
        bump(parent, member: name, deleted: true)
    }

    public func setProperties(_ changes: [QName: PropertyValue?], at path: ResourcePath) async throws {
        if nodes[path] != nil {
            for (name, value) in changes { nodes[path]?.properties[name] = value }
            bump(path, member: nil, deleted: false)
            return
        }
        guard let parent = path.parent, let name = path.name, nodes[parent]?.objects[name] != nil else {
            throw StorageError(.notFound, "nothing at \(path)")
        }
        for (key, value) in changes { nodes[parent]?.objects[name]?.properties[key] = value }
        bump(parent, member: name, deleted: false)
    }

    // MARK: - Shared steps

    /// The collection that will hold `target`: `.conflict` when missing, `.forbidden` when an object.
    func collection(_ parent: ResourcePath, forWriting target: ResourcePath) throws -> Node {
        if let node = nodes[parent] { return node }
        if let grand = parent.parent, let name = parent.name, nodes[grand]?.objects[name] != nil {
            throw StorageError(.forbidden, "\(parent) is not a collection")
        }
        throw StorageError(.conflict, "the parent of \(target) does not exist")
    }

    func holder(of uid: String, in node: Node, except names: Set<String>) -> String? {
        node.objects.first { !names.contains($0.key) && $0.value.summary?.uid == uid }?.key
    }

    func bump(_ path: ResourcePath, member: String?, deleted: Bool) {
        guard var node = nodes[path] else { return }
        node.version += 1
        node.lastModified = Date()
        if let member { node.changes[member] = Change(version: node.version, deleted: deleted) }
        nodes[path] = node
    }

    func removeTree(_ path: ResourcePath) {
        for key in nodes.keys where key.isWithin(path) { nodes[key] = nil }
    }

    func child(_ path: ResourcePath, _ name: String) -> ResourcePath {
        // Names come from stored paths, which were validated when they were created.
        (try? path.appending(name)) ?? path
    }

    func info(_ path: ResourcePath, _ node: Node) -> CollectionInfo {
        let t = syncToken(node.id, node.version)
        return CollectionInfo(path: path, kind: node.kind, properties: node.properties, ctag: t, syncToken: t,
                              lastModified: node.lastModified)
    }

    func info(_ path: ResourcePath, _ item: Item) -> ObjectInfo {
        ObjectInfo(path: path, etag: item.etag, contentType: item.contentType, size: item.bytes.count,
                   lastModified: item.lastModified, properties: item.properties)
    }

    func syncToken(_ id: String, _ version: UInt64) -> String { "urn:x-pocketdav:sync:\(id):\(version)" }

    static func newID() -> String {
        String(UInt64.random(in: 0...UInt64.max), radix: 16) + String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }
}

extension MemoryStorage {
    /// Narrows by the summary the core computed at PUT, like the real backends' indexes, so
    /// in-process protocol tests exercise the index bounds too.
    public func query(_ query: StorageQuery, in collection: ResourcePath) async throws -> [QueryCandidate]? {
        guard let node = nodes[collection], node.kind != .plain else { return nil }
        return node.objects.compactMap { name, item in
            let summary = item.summary
            guard query.mayMatch(component: summary?.componentType, firstStart: summary?.firstStart, lastEnd: summary?.lastEnd)
            else { return nil }
            if let decided = query.decision(component: summary?.componentType, instances: summary?.instances) {
                return decided ? QueryCandidate(name: name, isExactMatch: true) : nil
            }
            return QueryCandidate(name: name, isExactMatch: query.certainlyMatches(component: summary?.componentType,
                                                                                   fixedInstance: summary?.fixedInstance))
        }.sorted { $0.name < $1.name }
    }
}
