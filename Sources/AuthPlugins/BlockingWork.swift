import Dispatch

/// Runs blocking work (password hashing, file reads, fsync) on dispatch threads, so it never
/// occupies one of the few threads of Swift's cooperative pool.
///
/// libdispatch sizes its pool to the CPUs, so a burst of logins queues here instead of starving
/// every other task of the server.
enum BlockingWork {
    private static let queue = DispatchQueue(label: "pocketdav.auth.blocking", qos: .userInitiated,
                                             attributes: .concurrent)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }
}
