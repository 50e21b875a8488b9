import Crypto
import DAVCore

/// Recent successful logins, keyed by a MAC of the credentials, for `CachingAuthenticator`.
///
/// Every entry lives for the same `ttl`, so insertion order is expiry order: a FIFO of
/// `(key, expiry)` gives O(1) amortised expiry and eviction of the oldest entry when full.
struct LoginCache: Sendable {
    /// An HMAC-SHA256 value: 32 bytes as four words, a fixed-size, allocation-free key.
    struct Key: Hashable, Sendable {
        private let words: (UInt64, UInt64, UInt64, UInt64)

        init(_ mac: HashedAuthenticationCode<SHA256>) {
            words = mac.withUnsafeBytes { raw in
                func word(_ i: Int) -> UInt64 { UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) }
                return (word(0), word(1), word(2), word(3))
            }
        }

        init(bytes: [UInt8]) {
            precondition(bytes.count == 32)
            func word(_ i: Int) -> UInt64 { bytes[i * 8 ..< i * 8 + 8].reduce(0) { $0 << 8 | UInt64($1) } }
            words = (word(0), word(1), word(2), word(3))
        }

        static func == (a: Key, b: Key) -> Bool {
            a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(words.0)
            hasher.combine(words.1)
        }
    }

    private struct Entry: Sendable {
        var principal: Principal
        var expires: ContinuousClock.Instant
    }

    let ttl: Duration
    let capacity: Int
    private var entries: [Key: Entry] = [:]
    /// Insertion order. A record whose expiry differs from its key's entry is stale (the key was
    /// stored again later) and is skipped when it reaches the front.
    private var order: [(key: Key, expires: ContinuousClock.Instant)] = []
    private var head = 0

    init(ttl: Duration, capacity: Int) {
        self.ttl = ttl
        self.capacity = max(0, capacity)
    }

    var count: Int { entries.count }

    /// The principal cached under `key` and when that ends, if it has not expired.
    mutating func entry(_ key: Key, now: ContinuousClock.Instant) -> (principal: Principal, expires: ContinuousClock.Instant)? {
        removeExpired(now: now)
        guard let entry = entries[key], entry.expires > now else { return nil }
        return (entry.principal, entry.expires)
    }

    /// Drops the login under `key` (its credentials no longer verify).
    mutating func remove(_ key: Key) {
        entries[key] = nil
    }

    /// Caches `principal` under `key` for `ttl` from `now`, evicting the oldest entry when full.
    mutating func insert(_ principal: Principal, for key: Key, now: ContinuousClock.Instant) {
        guard capacity > 0, ttl > .zero else { return }
        removeExpired(now: now)
        while entries[key] == nil, entries.count >= capacity, let oldest = popFront() {
            if entries[oldest.key]?.expires == oldest.expires { entries[oldest.key] = nil }
        }
        let expires = now + ttl
        entries[key] = Entry(principal: principal, expires: expires)
        order.append((key, expires))
    }

    /// Drops every login of `user` (a changed password or a deleted account). Linear in the
    /// cache size, which is fine for an operation an administrator triggers.
    mutating func removeAll(of user: String) {
        entries = entries.filter { !$0.value.principal.name.utf8.elementsEqual(user.utf8) }
    }

    private mutating func removeExpired(now: ContinuousClock.Instant) {
        while head < order.count, order[head].expires <= now, let record = popFront() {
            if entries[record.key]?.expires == record.expires { entries[record.key] = nil }
        }
    }

    private mutating func popFront() -> (key: Key, expires: ContinuousClock.Instant)? {
        guard head < order.count else { return nil }
        let record = order[head]
        head += 1
        if head > 1024 && head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
        return record
    }
}
