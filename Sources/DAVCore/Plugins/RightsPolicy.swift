/// Decides what an authenticated principal may do where.
///
/// ## Implementation requirements
/// - Deny by default: return `[]` for anything your rules do not grant.
/// - `principal` is `nil` for an anonymous request; the server still asks, so a policy can
///   grant public read access.
/// - The answer for an object is the answer for its collection unless the policy says
///   otherwise: the server asks about the collection for member operations (bind/unbind) and
///   about the object for read/write-content.
/// - Must be fast and must not block: it is called several times per request.
public protocol RightsPolicy: Sendable {
    func permissions(for principal: Principal?, at path: ResourcePath) async throws -> Permissions

    /// The same answer as `permissions(for:at:)` when it is known without waiting (the policy is
    /// a rule over names, or its answer is cached); `nil` otherwise, and the server then calls
    /// `permissions(for:at:)`.
    ///
    /// Called on an event loop to answer simple reads at once: it must not block, suspend or do
    /// I/O. The default answers `nil`.
    func immediatePermissions(for principal: Principal?, at path: ResourcePath) -> Permissions?
}

extension RightsPolicy {
    public func immediatePermissions(for principal: Principal?, at path: ResourcePath) -> Permissions? { nil }
}

/// A policy whose answer needs nothing but the principal and the path (a rule over names, as
/// every shipped policy but `acl`): it implements `grants` once, and answers both
/// `permissions(for:at:)` and `immediatePermissions(for:at:)` from it, so GETs can be answered
/// on the event loop. `grants` must not block or suspend.
public protocol SynchronousRightsPolicy: RightsPolicy {
    func grants(for principal: Principal?, at path: ResourcePath) -> Permissions
}

extension SynchronousRightsPolicy {
    public func permissions(for principal: Principal?, at path: ResourcePath) async throws -> Permissions {
        grants(for: principal, at: path)
    }

    public func immediatePermissions(for principal: Principal?, at path: ResourcePath) -> Permissions? {
        grants(for: principal, at: path)
    }
}
