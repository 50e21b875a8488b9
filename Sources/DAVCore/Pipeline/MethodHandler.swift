/// Handles one HTTP method. Handlers throw `DAVError`/`StorageError`; `ErrorMapping` answers.
public protocol MethodHandler: Sendable {
    func handle(_ context: RequestContext) async throws -> DAVResponse
}
