import Logging

extension DAVServer {
    /// The answer to a GET or HEAD of one object when every step is known without waiting, or
    /// `nil`, and the request then goes through `handle(_:)`.
    ///
    /// Why: a client's GET of an item, with a login it proved moments ago, needs no thread hop,
    /// and the HTTP adapter can answer it on the event loop that read it. Every step asks the
    /// plugin's non-waiting hook (`Authenticator.cachedPrincipal`,
    /// `RightsPolicy.immediatePermissions`, `Storage.cachedObject`) and gives up on the first
    /// `nil`, so the answer is always the one `handle(_:)` would give: the same checks, the same
    /// response (`GetMethod.objectResponse`), the same log line. It answers only successes (200,
    /// 304); every error, and every request that would provision a new principal or read groups from
    /// storage, takes the full path, which owns the error mapping. Never blocks or suspends.
    public func immediateResponse(to request: DAVRequest) -> DAVResponse? {
        let started = ContinuousClock.now
        guard request.method == "GET" || request.method == "HEAD", request.body.isEmpty,
              !request.rawPath.hasSuffix("/"), !AdminEndpoint.matches(request.rawPath),
              WellKnown.redirect(for: request.rawPath) == nil,
              let path = try? ResourcePath(decoding: request.rawPath),
              let collection = path.parent, !collection.isRoot, let name = path.name
        else { return nil }

        let credentials = BasicAuthorization.credentials(from: request, credentialHeaders: credentialHeaders)
        var principal: Principal?
        if !credentials.isEmpty {
            guard var known = authenticator.cachedPrincipal(for: credentials) else { return nil }
            if let groups {
                guard let member = groups.cachedGroups(of: known.name) else { return nil }
                known.groups.formUnion(member)
            }
            principal = known
        }
        if let principal, configuration.createPrincipalOnLogin, !provisioned.contains(principal.name) { return nil }
        // The same cut as `RequestContext.permissions(at:)`; reading survives it.
        guard let granted = rights.immediatePermissions(for: principal, at: path), granted.contains(.read),
              let object = storage.cachedObject(in: collection, named: name),
              var response = try? GetMethod.objectResponse(object, to: request, includeBody: request.method == "GET")
        else { return nil }

        response.headers.append(("DAV", davClasses))
        // Building the metadata costs more than the rest of the answer; skip it when unused.
        if logger.logLevel <= .info {
            var logger = self.logger
            logger[metadataKey: "method"] = "\(request.method)"
            logger[metadataKey: "path"] = "\(request.rawPath)"
            if let principal { logger[metadataKey: "user"] = "\(principal.name)" }
            logCompletion(of: response, started: started, logger: logger)
        }
        return response
    }
}
