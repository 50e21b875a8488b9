/// Typed forms of the request headers that steer a DAV method (RFC 4918 §10, RFC 9110 §13).
public enum Depth: Sendable, Equatable {
    case zero, one, infinity
}

public enum Preconditions {
    /// Parses `Depth`; `missing` is what the method's RFC says an absent header means.
    public static func depth(_ request: DAVRequest, missing: Depth) throws(DAVError) -> Depth {
        guard let raw = request.header("depth")?.trimmingCharacters() else { return missing }
        switch raw.lowercased() {
        case "0": return .zero
        case "1": return .one
        case "infinity": return .infinity
        default: throw .badRequest("Invalid Depth header '\(raw)': expected 0, 1 or infinity")
        }
    }

    /// `If-Match` / `If-None-Match` as one storage condition (RFC 9110 §13.1.1-2).
    public static func writeCondition(_ request: DAVRequest) throws(DAVError) -> WriteCondition {
        if let ifMatch = request.header("if-match") {
            if ifMatch.trimmingCharacters() == "*" { return .mustExist }
            return .etagMatches(try etags(ifMatch, header: "If-Match"))
        }
        if let ifNoneMatch = request.header("if-none-match") {
            if ifNoneMatch.trimmingCharacters() == "*" { return .mustNotExist }
            return .etagDoesNotMatch(try etags(ifNoneMatch, header: "If-None-Match"))
        }
        return .none
    }

    private static func etags(_ value: String, header: String) throws(DAVError) -> Set<ETag> {
        var tags = Set<ETag>()
        for part in splitEntityTags(value) {
            guard let tag = ETag(header: part) else { throw .badRequest("Invalid entity tag in \(header): \(part)") }
            tags.insert(tag)
        }
        if tags.isEmpty { throw .badRequest("Empty \(header) header") }
        return tags
    }

    /// Splits a list of entity tags at commas outside quotes.
    static func splitEntityTags(_ value: String) -> [Substring] {
        var parts: [Substring] = []
        var inQuotes = false
        var start = value.startIndex
        for i in value.indices {
            if value[i] == "\"" { inQuotes.toggle() }
            if value[i] == ",", !inQuotes {
                parts.append(value[start..<i])
                start = value.index(after: i)
            }
        }
        parts.append(value[start...])
        return parts.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// `Overwrite` (RFC 4918 §10.6): `T` when absent.
    public static func overwrite(_ request: DAVRequest) throws(DAVError) -> Bool {
        guard let raw = request.header("overwrite")?.trimmingCharacters() else { return true }
        switch raw.uppercased() {
        case "T": return true
        case "F": return false
        default: throw .badRequest("Invalid Overwrite header '\(raw)': expected T or F")
        }
    }

    /// The `Destination` of COPY/MOVE as a path on this server (RFC 4918 §10.3).
    public static func destination(_ request: DAVRequest) throws(DAVError) -> (path: ResourcePath, trailingSlash: Bool) {
        guard let raw = request.header("destination")?.trimmingCharacters(), !raw.isEmpty else {
            throw .badRequest("Missing Destination header")
        }
        let pathPart = pathPart(ofURI: raw)
        do {
            return (try ResourcePath(decoding: pathPart), pathPart.hasSuffix("/"))
        } catch {
            throw .badRequest("Invalid Destination '\(raw)' (\(error))")
        }
    }

    /// The path of an absolute URI or absolute path (RFC 4918 §8.3), without query or fragment.
    /// The authority is not compared, since a TLS proxy in front of us may rewrite the host.
    public static func pathPart(ofURI uri: String) -> Substring {
        var path = Substring(uri)
        if let scheme = uri.firstRange(of: "://") {
            let afterScheme = uri[scheme.upperBound...]
            path = afterScheme.firstIndex(of: "/").map { afterScheme[$0...] } ?? "/"
        }
        if let q = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<q] }
        return path
    }
}

extension String {
    func trimmingCharacters() -> String { String(Substring(self).trimmingWhitespace()) }
}
