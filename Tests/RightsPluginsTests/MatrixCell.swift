import DAVCore
import DAVTesting

/// Runs one matrix cell in a fresh scenario and says what happened, and what went wrong beyond
/// the status: data changed by a refused request, data unchanged by an allowed write, secrets in
/// a response the role may not read.
enum MatrixCell {
    struct Result {
        var observed: String
        var problems: [String] = []
    }

    static func run(rights: (MemoryStorage) throws -> any RightsPolicy, sharedACL: String?, role: Role,
                    target: Target, column: Column) async throws -> Result {
        let scenario = try await MatrixScenario.make(rights: rights, sharedACL: sharedACL)
        let before = try await scenario.snapshot()
        let (method, path, headers, body) = MatrixScenario.request(column, on: target, by: role)
        let response = await scenario.client(role).request(method, path, headers: headers, body: body)
        let after = try await scenario.snapshot()

        let outcome = try outcome(of: response, column: column, target: target)
        var result = Result(observed: outcome.map(\.rawValue) ?? "status \(response.status)")
        let label = "\(method) \(path) \(headers["Destination"].map { "→ \($0) " } ?? "")"
        if let outcome, outcome != .allowed, before != after {
            result.problems.append("\(label)was refused (\(response.status)) but changed \(difference(before, after))")
        }
        if outcome == .allowed, column.writes, before == after {
            result.problems.append("\(label)succeeded (\(response.status)) but changed nothing")
        }
        if outcome == .allowed, !column.writes, before != after {
            result.problems.append("\(label)only reads but changed \(difference(before, after))")
        }
        for secret in [Target.item.secret, Target.sharedItem.secret] where response.text.contains(secret) {
            // Only a granted read of the target's own calendar may show its event.
            if outcome != .allowed || secret != target.secret || column.writes {
                result.problems.append("\(label)leaked \(secret) (\(response.status))")
            }
        }
        if outcome == .allowed, column == .get || column == .report, !response.text.contains(target.secret) {
            result.problems.append("\(label)was allowed but returned no data")
        }
        return result
    }

    /// The outcome a response shows; multistatus answers are judged by the part the cell is
    /// about (the multiget href, the displayname propstat).
    static func outcome(of response: TestResponse, column: Column, target: Target) throws -> Outcome? {
        if response.status == 207, column == .report, target.isItem {
            guard let entry = try response.multistatus()[target.path] else { return nil }
            if entry.ok(.caldav("calendar-data")) != nil { return .allowed }
            return entry.status.flatMap(outcome(ofStatus:))
        }
        if response.status == 207, column == .proppatch {
            let status = try response.multistatus().responses.first?.status(of: .dav("displayname"))
            return status.flatMap(outcome(ofStatus:))
        }
        if response.status == 401, response.header("WWW-Authenticate") == nil { return nil }
        return outcome(ofStatus: response.status)
    }

    static func outcome(ofStatus status: Int) -> Outcome? {
        switch status {
        case 200..<300: .allowed
        case 401: .unauthenticated
        case 403: .forbidden
        case 404: .notFound
        case 405: .notAllowed
        default: nil
        }
    }

    private static func difference(_ before: [String: String], _ after: [String: String]) -> String {
        let keys = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
        return keys.sorted().joined(separator: ", ")
    }
}
