import Synchronization

/// Finished query answers, kept so that a client repeating a query on a collection that has not
/// changed (calendar views polling a month, several devices of one user) is answered without
/// reading or parsing a single object.
///
/// An answer is a function of what the key holds, and nothing else:
/// - the collection's version: the Storage contract changes it with every member *and* property
///   change, so a new object, an edit, a delete or a new `calendar-timezone` (which decides
///   floating times, RFC 4791 §7.3) all lead to a new key and a fresh answer;
/// - the user and the request path (authorization has already run for them);
/// - the exact request body, the Depth header and the `Prefer: return=minimal`/`Brief` choice.
/// The report must also ask only for properties derived from the stored objects
/// (`ReportCache.cacheableProperties`), never, say, `current-user-privilege-set`.
///
/// Memory is bounded by `capacity` bytes (answers plus their keys' bodies); the least recently
/// used answers go first. A capacity of 0 disables the cache.
public final class ReportCache: Sendable {
    struct Key: Hashable {
        var user: String?
        var path: String
        var version: String
        var depth: String?
        var minimal: Bool
        var body: [UInt8]

        var size: Int {
            body.count + path.utf8.count + version.utf8.count + (user?.utf8.count ?? 0) + (depth?.utf8.count ?? 0)
        }
    }

    private struct Entry {
        var answer: [UInt8]
        /// The answer's and its key's bytes.
        var cost: Int
        var lastUse: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var bytes = 0
        var clock: UInt64 = 0
        /// Answers being worked out: identical requests arriving meanwhile wait for the one
        /// running instead of each reading and parsing the collection again.
        var running: [Key: Task<DAVResponse, any Error>] = [:]
    }

    /// Properties whose values come from an object's stored bytes and metadata alone.
    static let cacheableProperties: Set<QName> = [
        .dav("getetag"), .dav("getcontenttype"), .dav("getcontentlength"), .dav("getlastmodified"),
        .caldav("calendar-data"), .carddav("address-data"),
    ]

    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// Whether an answer to `request` may be kept at all.
    static func mayCache(_ request: PropertyRegistry.Request) -> Bool {
        guard case .names(let names) = request else { return false }
        return names.allSatisfy(cacheableProperties.contains)
    }

    /// The kept answer for `key`, or the result of `work` (shared with identical requests that
    /// arrive while it runs), kept when it is a 207.
    func answer(for key: Key, work: @escaping @Sendable () async throws -> DAVResponse) async throws -> DAVResponse {
        guard capacity > 0 else { return try await work() }
        if let answer = answer(for: key) { return .multistatus(encoded: answer) }
        let task = state.withLock { s in
            if let running = s.running[key] { return running }
            let task = Task {
                defer { _ = state.withLock { $0.running.removeValue(forKey: key) } }
                let response = try await work()
                if response.status == 207 { store(response.body, for: key) }
                return response
            }
            s.running[key] = task
            return task
        }
        return try await task.value
    }

    func answer(for key: Key) -> [UInt8]? {
        guard capacity > 0 else { return nil }
        return state.withLock { s in
            guard var entry = s.entries[key] else { return nil }
            s.clock += 1
            entry.lastUse = s.clock
            s.entries[key] = entry
            return entry.answer
        }
    }

    func store(_ answer: [UInt8], for key: Key) {
        let cost = answer.count + key.size
        // An answer larger than a quarter of the cache would evict most of it for one query.
        guard capacity > 0, cost <= capacity / 4 else { return }
        state.withLock { s in
            s.clock += 1
            if let old = s.entries.updateValue(Entry(answer: answer, cost: cost, lastUse: s.clock), forKey: key) {
                s.bytes -= old.cost
            }
            s.bytes += cost
            // Linear in the number of answers, which the byte bound keeps small.
            while s.bytes > capacity, let oldest = s.entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                s.entries[oldest.key] = nil
                s.bytes -= oldest.value.cost
            }
        }
    }

    /// How many answers and bytes are held (for tests and metrics).
    var usage: (answers: Int, bytes: Int) {
        state.withLock { ($0.entries.count, $0.bytes) }
    }
}
