import DAVCore
import Logging

/// The API keys of an `AccountStore`, in memory, keyed by digest, so that a request costs a hash
/// and a dictionary lookup rather than a storage read.
///
/// Freshness: the index is reloaded when it is older than `maxAge`, and after a miss when it is
/// older than `missReloadInterval`. So a revoked key stops working at most `maxAge` after the
/// revocation reached the store, a new key works at most `missReloadInterval` after it was
/// created, and a flood of wrong keys costs at most one store read per `missReloadInterval`.
/// Concurrent reloads are joined. A failed reload throws (the request gets 500) rather than
/// keep serving keys that may have been revoked.
actor APIKeyIndex {
    struct Entry: Sendable {
        let name: String
        let record: APIKeyRecord
        let digest: [UInt8]
    }

    private let store: any AccountStore
    private let maxAge: Duration
    private let missReloadInterval: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let logger: Logger
    /// Entries by the first 8 bytes of their digest; the full digest is compared in constant time.
    private var buckets: [UInt64: [Entry]] = [:]
    private var loadedAt: ContinuousClock.Instant?
    private var loading: Task<[String: [UInt8]], any Error>?
    /// Records already reported as damaged, so each is logged once.
    private var reportedDamaged: Set<String> = []

    init(store: any AccountStore, maxAge: Duration, missReloadInterval: Duration,
         now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }, logger: Logger) {
        self.store = store
        self.maxAge = maxAge
        self.missReloadInterval = min(missReloadInterval, maxAge)
        self.now = now
        self.logger = logger
    }

    /// The key whose digest is `digest`, or `nil`.
    func lookup(_ digest: [UInt8]) async throws -> Entry? {
        if isOlder(than: maxAge) { try await reload() }
        if let entry = find(digest) { return entry }
        guard isOlder(than: missReloadInterval) else { return nil }
        try await reload()
        return find(digest)
    }

    private func isOlder(than age: Duration) -> Bool {
        guard let loadedAt else { return true }
        return now() - loadedAt >= age
    }

    private func find(_ digest: [UInt8]) -> Entry? {
        guard digest.count == 32 else { return nil }
        // The bucket choice reveals at most which 8-byte prefix of SHA-256(key) exists, which
        // tells an attacker nothing about any key; the comparison that decides is constant-time.
        return buckets[Self.bucket(of: digest)]?.first { PasswordHash.constantTimeEquals($0.digest, digest) }
    }

    private func reload() async throws {
        let started = now()
        let task: Task<[String: [UInt8]], any Error>
        if let loading {
            task = loading
        } else {
            let store = self.store
            task = Task { try await store.records(.apiKey) }
            loading = task
        }
        let records: [String: [UInt8]]
        do {
            records = try await task.value
        } catch {
            if loading == task { loading = nil }
            throw error
        }
        // Only the first caller to resume applies the result; the others find it applied.
        guard loading == task else { return }
        loading = nil
        var fresh: [UInt64: [Entry]] = [:]
        for (name, bytes) in records {
            guard let record = try? APIKeyRecord.decode(bytes), let digest = record.digest else {
                if reportedDamaged.insert(name).inserted {
                    logger.error("API key record cannot be read; the key does not work", metadata: ["key_name": "\(name)"])
                }
                continue
            }
            fresh[Self.bucket(of: digest), default: []].append(Entry(name: name, record: record, digest: digest))
        }
        buckets = fresh
        loadedAt = started
    }

    private static func bucket(of digest: [UInt8]) -> UInt64 {
        digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
