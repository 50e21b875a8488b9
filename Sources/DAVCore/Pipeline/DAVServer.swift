import FoundationEssentials
import Logging

/// The protocol core: authenticate → authorise → dispatch to one handler per method → map errors.
///
/// Owns the three plugins and the explicit registries of methods, properties and reports. It has
/// no HTTP framework in it; `HummingbirdAdapter` (in the executable's library) feeds it.
public final class DAVServer: Sendable {
    public let storage: any Storage
    public let authenticator: any Authenticator
    public let rights: any RightsPolicy
    /// Where `Principal.groups` come from; `nil` when no group support is configured.
    public let groups: (any GroupDirectory)?
    /// Account and group management under `/.admin/`; `nil` answers 404 there.
    public let admin: AdminAPI?
    public let configuration: ServerConfiguration
    public let logger: Logger
    /// The rights plugin's ACL support, when it has any (`[rights] type = "acl"`).
    public let accessControl: (any AccessControl)?
    /// The `DAV` and `Allow` header values and the credential headers: fixed once the plugins
    /// are, so worked out here rather than on every request.
    let davClasses: String
    let allowHeader: String
    let credentialHeaders: Set<String>
    let methods: [String: any MethodHandler]
    let provisioned = ProvisionedPrincipals()
    let reportCache: ReportCache

    public init(storage: any Storage, authenticator: any Authenticator, rights: any RightsPolicy,
                groups: (any GroupDirectory)? = nil, admin: AdminAPI? = nil,
                configuration: ServerConfiguration = ServerConfiguration(), logger: Logger) {
        self.storage = storage
        self.authenticator = authenticator
        self.rights = rights
        self.groups = groups
        self.admin = admin
        self.configuration = configuration
        self.logger = logger
        self.accessControl = rights as? any AccessControl
        self.reportCache = ReportCache(capacity: configuration.reportCacheSize)
        self.davClasses = Self.davClasses(accessControl: accessControl != nil)
        self.allowHeader = Self.allowHeader(accessControl: accessControl != nil)
        self.credentialHeaders = authenticator.credentialHeaders
        self.methods = [
            "OPTIONS": OptionsMethod(), "GET": GetMethod(includeBody: true), "HEAD": GetMethod(includeBody: false),
            "PUT": PutMethod(), "DELETE": DeleteMethod(), "PROPFIND": PropfindMethod(),
            "PROPPATCH": ProppatchMethod(), "MKCOL": MkcolMethod(), "MKCALENDAR": MkcalendarMethod(),
            "COPY": TransferMethod(isMove: false), "MOVE": TransferMethod(isMove: true), "REPORT": ReportMethod(),
            "ACL": AclMethod(),
        ]
    }

    /// The methods every server implements, for `Allow` headers (`allowHeader` adds ACL).
    public static let allowedMethods =
        "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, MKCOL, MKCALENDAR, COPY, MOVE, REPORT"

    /// Answers one request. Never throws: every error becomes a response here.
    public func handle(_ request: DAVRequest) async -> DAVResponse {
        let started = ContinuousClock.now
        var logger = self.logger
        logger[metadataKey: "method"] = "\(request.method)"
        logger[metadataKey: "path"] = "\(request.rawPath)"
        var response: DAVResponse
        do {
            response = try await route(request, logger: &logger)
        } catch {
            response = ErrorMapping.response(for: error, logger: logger)
        }
        response.headers.append(("DAV", davClasses))
        logCompletion(of: response, started: started, logger: logger)
        return response
    }

    /// The one log line per request, from `handle(_:)` and `immediateResponse(to:)` alike.
    func logCompletion(of response: DAVResponse, started: ContinuousClock.Instant, logger: Logger) {
        let elapsed = ContinuousClock.now - started
        logger.info("request", metadata: [
            "status": "\(response.status)",
            "ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
        ])
    }

    private func route(_ request: DAVRequest, logger: inout Logger) async throws -> DAVResponse {
        // RFC 6764 §5: service discovery through well-known URIs, answered before the path is
        // validated because `.well-known` starts with a dot, which ResourcePath refuses.
        if let target = WellKnown.redirect(for: request.rawPath) {
            return DAVResponse(status: 301, headers: [("Location", target)])
        }
        // The admin API lives at a dot path for the same reason: no collection can ever be there.
        if AdminEndpoint.matches(request.rawPath) { return try await routeAdmin(request, logger: &logger) }
        let path = try ResourcePath(decoding: request.rawPath)
        guard let handler = methods[request.method] else {
            throw DAVError(405, "Method \(request.method) is not supported", headers: [("Allow", allowHeader)])
        }
        let principal = try await authenticate(request)
        if let principal { logger[metadataKey: "user"] = "\(principal.name)" }
        if request.method != "OPTIONS", principal == nil, try await rights.permissions(for: nil, at: path).isEmpty {
            throw authenticationChallenge()
        }
        // Storage backends that keep an author per change (git) read it from the task-local.
        return try await ChangeAuthor.$name.withValue(principal?.name) {
            if let principal { try await provisionIfNeeded(principal) }
            let context = RequestContext(server: self, request: request, path: path,
                                         hadTrailingSlash: request.rawPath.hasSuffix("/"), principal: principal,
                                         logger: logger)
            return try await handler.handle(context)
        }
    }

    private func routeAdmin(_ request: DAVRequest, logger: inout Logger) async throws -> DAVResponse {
        guard let admin else { throw DAVError.notFound("The admin API is disabled ([admin] enabled = false)") }
        let principal = try await authenticate(request)
        if let principal { logger[metadataKey: "user"] = "\(principal.name)" }
        let logger = logger
        return try await ChangeAuthor.$name.withValue(principal?.name) {
            try await admin.handle(request, principal: principal, server: self, logger: logger)
        }
    }

    /// Runs the authenticator chain. Anonymous requests yield `nil`; offered credentials that
    /// nobody accepts are a 401.
    private func authenticate(_ request: DAVRequest) async throws -> Principal? {
        let credentials = BasicAuthorization.credentials(from: request, credentialHeaders: credentialHeaders)
        if credentials.isEmpty { return nil }
        switch try await authenticator.authenticate(credentials) {
        case .authenticated(var principal):
            if let groups { principal.groups.formUnion(try await groups.groups(of: principal.name)) }
            return principal
        case .rejected, .notMine: throw authenticationChallenge()
        }
    }

    /// 401 with a Basic challenge (RFC 7617 §2): iOS, Thunderbird and Evolution wait for it
    /// before sending credentials.
    public func authenticationChallenge() -> DAVError {
        DAVError(401, "Authentication required",
                 headers: [("WWW-Authenticate", "Basic realm=\"\(configuration.realm)\", charset=\"UTF-8\"")])
    }

    private func provisionIfNeeded(_ principal: Principal) async throws {
        guard configuration.createPrincipalOnLogin, !provisioned.contains(principal.name) else { return }
        let home: ResourcePath
        do {
            home = try ResourcePath(segments: [principal.name])
        } catch {
            throw DAVError.forbidden("The user name '\(principal.name)' cannot be used as a path segment")
        }
        try await PrincipalProvisioning.ensureHome(home, storage: storage, configuration: configuration, logger: logger)
        provisioned.insert(principal.name)
    }
}
