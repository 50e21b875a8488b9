/// A dictionary with a size bound, for content-addressed values that can always be read again.
/// Each value has a cost (1 unless told otherwise); the oldest insertions go first once the total
/// passes the budget. Good enough when the working set fits, which is the point.
struct BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private var values: [Key: (value: Value, cost: Int, serial: Int)] = [:]
    /// Insertions in order; an entry is stale once its key was inserted again (newer serial).
    private var order: [(key: Key, serial: Int)] = []
    private var head = 0
    private var total = 0
    private var serial = 0
    private let budget: Int
    private let cost: @Sendable (Value) -> Int

    /// At most `capacity` values.
    init(capacity: Int) {
        self.init(budget: capacity) { _ in 1 }
    }

    /// Values whose costs add up to at most `budget` (always at least the newest one).
    init(budget: Int, cost: @escaping @Sendable (Value) -> Int) {
        self.budget = budget
        self.cost = cost
    }

    subscript(key: Key) -> Value? {
        get { values[key]?.value }
        set {
            if let old = values.removeValue(forKey: key) { total -= old.cost }
            guard let newValue else { return }
            let weight = max(1, cost(newValue))
            serial += 1
            values[key] = (newValue, weight, serial)
            total += weight
            order.append((key, serial))
            while total > budget, values.count > 1, head < order.count {
                let oldest = order[head]
                head += 1
                guard values[oldest.key]?.serial == oldest.serial else { continue }
                if let evicted = values.removeValue(forKey: oldest.key) { total -= evicted.cost }
            }
            if head > 4096 && head * 2 > order.count {
                order.removeFirst(head)
                head = 0
            }
        }
    }
}
