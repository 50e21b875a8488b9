import Logging
import ServiceLifecycle

/// Runs `services` (the PostgreSQL pool, git maintenance) for as long as `body` runs, then shuts
/// them down gracefully. A service that stops early ends `body` with its error; `task` names what
/// `body` does in that message ("the copy").
func withServices<T: Sendable>(_ services: [any Service], logger: Logger, for task: String,
                               _ body: @escaping @Sendable () async throws -> T) async throws -> T
{
    guard !services.isEmpty else { return try await body() }
    let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, logger: logger))
    return try await withThrowingTaskGroup(of: T?.self) { tasks in
        tasks.addTask {
            try await group.run()
            return nil
        }
        tasks.addTask { try await body() }
        var result: T?
        while let next = try await tasks.next() {
            guard let value = next else {
                if result == nil { throw CLIFailure("the storage services stopped before \(task) finished") }
                continue
            }
            result = value
            await group.triggerGracefulShutdown()
        }
        guard let result else { throw CLIFailure("\(task) did not finish") }
        return result
    }
}
