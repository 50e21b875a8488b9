import DAVCore
import FoundationEssentials

/// Copies everything one `Storage` holds into another: collections with their kind and
/// properties, objects with their exact bytes, names and dead properties.
///
/// It uses only the `Storage` contract, so any backend pair works (filesystem, git, PostgreSQL,
/// `MemoryStorage`). It is idempotent: collections that already exist with the same kind are kept
/// (only differing properties are written), objects whose destination bytes are identical are
/// skipped, different bytes are overwritten. Nothing is deleted at the destination; properties
/// and objects only the destination has are kept.
///
/// A failure on one path (a UID already used at the destination, bytes the destination refuses,
/// a collection of another kind) is recorded in the report and the copy goes on with the rest;
/// a collection that cannot be created skips its subtree. Errors of the storages themselves on
/// reading the source (it disappeared, the database is away) end the copy by throwing.
public struct StorageCopier: Sendable {
    /// Where a copy stands, for a progress display.
    public struct Progress: Sendable, Hashable {
        /// Objects handled so far (copied, skipped or failed).
        public var done: Int
        /// Objects the source holds.
        public var total: Int
        public var elapsed: Duration

        /// Objects per second since the start.
        public var rate: Double {
            let seconds = elapsed / .seconds(1)
            return seconds > 0 ? Double(done) / seconds : 0
        }
    }

    /// A path that could not be copied or verified, and why.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var path: ResourcePath
        public var isCollection: Bool
        public var reason: String

        public var description: String { "\(path.href(collection: isCollection)): \(reason)" }
    }

    /// What a copy did.
    public struct Report: Sendable {
        public var collectionsCreated = 0
        public var collectionsExisting = 0
        public var objectsCopied = 0
        /// Objects already at the destination with identical bytes.
        public var objectsSkipped = 0
        /// Collections and objects whose properties were written.
        public var propertiesUpdated = 0
        public var failures: [Problem] = []
        /// Source objects the final check found missing or different at the destination.
        public var mismatches: [Problem] = []
        /// Objects the final check compared, failures left out (`nil` when it did not run).
        public var verified: Int?
        public var total = 0
        public var elapsed: Duration = .zero

        public var succeeded: Bool { failures.isEmpty && mismatches.isEmpty }
    }

    public let source: any Storage
    public let destination: any Storage
    /// How many objects are read (and compared) per `objects(in:named:)` call.
    public var batchSize: Int

    public init(from source: any Storage, to destination: any Storage, batchSize: Int = 100) {
        self.source = source
        self.destination = destination
        self.batchSize = max(1, batchSize)
    }

    /// Copies the whole tree below the root, then (with `verify`) re-reads every destination
    /// object and compares its bytes with the source.
    /// - Parameter progress: called after each object, on the copying task.
    public func run(verify: Bool = true, progress: @Sendable (Progress) -> Void = { _ in }) async throws -> Report {
        let clock = ContinuousClock()
        let start = clock.now
        let plan = try await walk()
        var report = Report()
        let total = plan.reduce(0) { $0 + $1.objects.count }
        report.total = total
        var done = 0
        var skippedSubtrees: [ResourcePath] = []
        for collection in plan {
            if skippedSubtrees.contains(where: { collection.info.path.isWithin($0) }) {
                report.failures.append(Problem(path: collection.info.path, isCollection: true,
                                               reason: "not copied: a parent collection could not be copied"))
                done += collection.objects.count
                continue
            }
            guard let target = await copyCollection(collection.info, into: &report) else {
                skippedSubtrees.append(collection.info.path)
                done += collection.objects.count
                progress(Progress(done: done, total: total, elapsed: clock.now - start))
                continue
            }
            for batch in collection.objects.chunks(of: batchSize) {
                try await copyObjects(batch, in: target, into: &report) {
                    done += 1
                    progress(Progress(done: done, total: total, elapsed: clock.now - start))
                }
            }
        }
        if verify {
            let failed = Set(report.failures.map(\.path))
            var verified = 0
            // Paths that failed are reported once, as failures, not again as mismatches.
            for collection in plan where !collection.objects.isEmpty && !failed.contains(collection.info.path) {
                let names = collection.objects.filter { !failed.contains($0.path) }.compactMap(\.path.name)
                for batch in names.chunks(of: batchSize) {
                    verified += batch.count
                    report.mismatches += try await compare(batch, in: collection.info.path)
                }
            }
            report.verified = verified
        }
        report.elapsed = clock.now - start
        return report
    }

    // MARK: - Steps

    struct PlannedCollection {
        var info: CollectionInfo
        var objects: [ObjectInfo]
    }

    /// Every collection below the root, parents before children, with its objects (no bytes).
    func walk() async throws -> [PlannedCollection] {
        let root = try await source.members(of: .root)
        var out: [PlannedCollection] = []
        // Objects directly in the root (none in pocketdav's URL space, but a Radicale tree may
        // have stray files) cannot be placed anywhere; say so instead of dropping them silently.
        let stray = root.compactMap { member -> ObjectInfo? in
            if case .object(let o) = member { return o }
            return nil
        }
        if !stray.isEmpty {
            out.append(PlannedCollection(info: CollectionInfo(path: .root, kind: .plain, ctag: "", syncToken: "",
                                                              lastModified: Date()), objects: stray))
        }
        var pending = root.reversed().map { $0 }
        while let next = pending.popLast() {
            guard case .collection(let info) = next else { continue }
            let members = try await source.members(of: info.path)
            out.append(PlannedCollection(info: info, objects: members.compactMap {
                if case .object(let o) = $0 { return o }
                return nil
            }))
            pending += members.filter { member in
                if case .collection = member { return true }
                return false
            }.reversed()
        }
        return out
    }

    /// Creates the collection or brings its properties up to the source's; returns the
    /// destination's view of it, or `nil` (with a failure recorded) when it cannot be used.
    func copyCollection(_ info: CollectionInfo, into report: inout Report) async -> CollectionInfo? {
        if info.path.isRoot { return info }
        do {
            switch try await destination.resource(at: info.path) {
            case nil:
                try await destination.createCollection(at: info.path, kind: info.kind, properties: info.properties)
                report.collectionsCreated += 1
            case .object:
                throw CopyFailure("an object is at this path in the destination")
            case .collection(let existing):
                guard existing.kind == info.kind else {
                    throw CopyFailure("the destination has \(Self.name(of: existing.kind)) here, the source \(Self.name(of: info.kind))")
                }
                report.collectionsExisting += 1
                let changes = Self.propertyChanges(from: existing.properties, to: info.properties)
                if !changes.isEmpty {
                    try await destination.setProperties(changes, at: info.path)
                    report.propertiesUpdated += 1
                }
            }
            guard let copied = try await destination.collection(at: info.path) else {
                throw CopyFailure("the destination does not show the collection after creating it")
            }
            return copied
        } catch {
            report.failures.append(Problem(path: info.path, isCollection: true, reason: Self.reason(error)))
            return nil
        }
    }

    /// Writes the objects whose bytes differ at the destination, then their dead properties.
    func copyObjects(_ batch: ArraySlice<ObjectInfo>, in collection: CollectionInfo, into report: inout Report,
                     afterEach: () -> Void) async throws
    {
        let names = batch.compactMap(\.path.name)
        let sources = try await source.objects(in: collection.path, named: names)
        let existing = Dictionary(try await destination.objects(in: collection.path, named: names).map {
            ($0.info.path, $0)
        }, uniquingKeysWith: { first, _ in first })
        let found = Set(sources.map(\.info.path))
        for info in batch where !found.contains(info.path) {
            report.failures.append(Problem(path: info.path, isCollection: false, reason: "disappeared from the source during the copy"))
            afterEach()
        }
        for object in sources {
            defer { afterEach() }
            let path = object.info.path
            do {
                if collection.path.isRoot { throw CopyFailure("objects directly in the root cannot be stored") }
                var current = existing[path]?.info.properties ?? [:]
                if existing[path]?.bytes == object.bytes {
                    report.objectsSkipped += 1
                } else {
                    let summary = try ObjectValidation.summary(for: object.bytes, contentType: object.info.contentType,
                                                               in: collection)
                    let outcome = try await destination.putObject(
                        ObjectContent(bytes: object.bytes, contentType: object.info.contentType, summary: summary),
                        at: path, condition: .none)
                    // A backend may keep or drop the old object's properties on replace: ask.
                    if !outcome.created, !object.info.properties.isEmpty,
                        case .object(let replaced)? = try await destination.resource(at: path)
                    {
                        current = replaced.properties
                    } else if outcome.created {
                        current = [:]
                    }
                    report.objectsCopied += 1
                }
                let changes = Self.propertyChanges(from: current, to: object.info.properties)
                if !changes.isEmpty {
                    try await destination.setProperties(changes, at: path)
                    report.propertiesUpdated += 1
                }
            } catch {
                report.failures.append(Problem(path: path, isCollection: false, reason: Self.reason(error)))
            }
        }
    }

    /// The source objects among `names` that the destination lacks or holds with other bytes.
    func compare(_ names: ArraySlice<String>, in collection: ResourcePath) async throws -> [Problem] {
        let wanted = try await source.objects(in: collection, named: Array(names))
        let held: [ResourcePath: [UInt8]]
        do {
            held = Dictionary(try await destination.objects(in: collection, named: Array(names)).map {
                ($0.info.path, $0.bytes)
            }, uniquingKeysWith: { first, _ in first })
        } catch let error as StorageError where error.code == .notFound {
            held = [:]
        }
        return wanted.compactMap { object in
            switch held[object.info.path] {
            case nil:
                Problem(path: object.info.path, isCollection: false, reason: "missing at the destination")
            case let bytes? where bytes != object.bytes:
                Problem(path: object.info.path, isCollection: false,
                        reason: "different bytes at the destination (\(bytes.count) bytes, the source has \(object.bytes.count))")
            default:
                nil
            }
        }
    }

    /// The changes that give `current` every value of `wanted` (values only `current` has stay).
    static func propertyChanges(from current: [QName: PropertyValue], to wanted: [QName: PropertyValue])
        -> [QName: PropertyValue?]
    {
        var changes: [QName: PropertyValue?] = [:]
        for (name, value) in wanted where current[name] != value { changes[name] = .some(value) }
        return changes
    }

    static func name(of kind: CollectionKind) -> String {
        switch kind {
        case .plain: "a plain collection"
        case .calendar: "a calendar"
        case .addressBook: "an address book"
        }
    }

    /// A one-line reason for the report; storage and DAV errors carry their own explanation.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as StorageError where error.code == .uidConflict:
            "its UID is already used by \(error.existing.map { "\($0)" } ?? "another object") at the destination"
        case let error as StorageError:
            "\(error.code): \(error.message)"
        case let error as DAVError:
            "refused (\(error.status)): \(error.message)"
        case let error as CopyFailure:
            error.description
        default:
            "\(error)"
        }
    }
}

struct CopyFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
