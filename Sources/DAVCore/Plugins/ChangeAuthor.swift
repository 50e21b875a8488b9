/// Who is making the storage change in progress, for backends that record an author (the git
/// backend writes it into each commit).
///
/// `DAVServer` binds it to the authenticated principal for the whole request, first-login
/// provisioning included; offline tools bind it to the operator. A task-local rather than a
/// `Storage` parameter, because most backends have no use for it and the protocol stays small.
///
/// ```swift
/// try await ChangeAuthor.$name.withValue("alice") {
///     try await storage.putObject(content, at: path, condition: .none)
/// }
/// ```
public enum ChangeAuthor {
    /// The principal's name; `nil` when nobody is known (anonymous, or a caller that bound none).
    @TaskLocal public static var name: String?
}
