import Synchronization

/// Names whose home is known to exist, so provisioning costs one lookup per user per process.
final class ProvisionedPrincipals: Sendable {
    private let names = Mutex<Set<String>>([])

    func contains(_ name: String) -> Bool { names.withLock { $0.contains(name) } }
    func insert(_ name: String) { _ = names.withLock { $0.insert(name) } }
    func remove(_ name: String) { _ = names.withLock { $0.remove(name) } }
}
