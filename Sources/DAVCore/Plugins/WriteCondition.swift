/// A precondition that storage checks atomically with the write it guards (RFC 9110 §13.1).
public enum WriteCondition: Sendable, Hashable {
    /// No precondition.
    case none
    /// `If-None-Match: *`: the resource must not exist.
    case mustNotExist
    /// `If-Match: *`: the resource must exist.
    case mustExist
    /// `If-Match: "a", "b"`: the current etag must be one of these.
    case etagMatches(Set<ETag>)
    /// `If-None-Match: "a"`: the resource may be absent, but its etag must not be one of these.
    case etagDoesNotMatch(Set<ETag>)

    /// Whether the condition holds for the current state (`nil` = absent).
    public func isSatisfied(by current: ETag?) -> Bool {
        switch self {
        case .none: true
        case .mustNotExist: current == nil
        case .mustExist: current != nil
        case .etagMatches(let tags): current.map { tags.contains($0) } ?? false
        case .etagDoesNotMatch(let tags): current.map { !tags.contains($0) } ?? true
        }
    }
}
