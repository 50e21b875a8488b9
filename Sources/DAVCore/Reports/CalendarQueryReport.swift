/// `calendar-query` (RFC 4791 §7.8): storage narrows the candidates through its query hook
/// (component type and the index's first/last instant) and may decide some exactly (fixed
/// instances, `StorageQuery.certainlyMatches`); the core parses every other candidate and
/// decides with `CalendarFilterEvaluator`.
struct CalendarQueryReport: ReportHandler {
    var answersFromCollectionState: Bool { true }

    /// Objects read per storage call: bounds memory on large calendars.
    static let batchSize = 256

    func run(_ body: XMLElement, on target: PropertyTarget, context: RequestContext) async throws -> DAVResponse {
        guard let collection = target.collection, collection.kind == .calendar else {
            throw DAVError.forbidden("calendar-query runs on a calendar collection")
        }
        guard let filterElement = body.child(.caldav("filter")) else {
            throw DAVError.precondition(403, .caldav("valid-filter"), "calendar-query needs a filter (RFC 4791 §7.8)")
        }
        let filter = try CalendarFilter(element: filterElement)
        let request = try PropertyRegistry.request(from: body)
        let limits = context.configuration.limits.recurrence
        let data = try CalendarDataRequest.from(body: body, limits: limits)
        let floating = try CalendarTimeZone.floatingZone(request: body, collection: collection)
        let evaluator = Evaluation(filter: filter, floating: floating, limits: limits)
        let candidates = try await context.storage.candidates(filter.storageQuery, in: collection.path)

        // Exact candidates are answered unread (their bytes load once, for the response, if it
        // asks for calendar-data); the rest are parsed and decided here.
        var matches = candidates.filter(\.isExactMatch).map(\.name)
        let undecided = candidates.filter { !$0.isExactMatch }.map(\.name)
        var loaded: [String: StoredObject] = [:]
        let keepBytes = ReportResponses.needsData(request)
        for batch in undecided.chunks(of: Self.batchSize) {
            for object in try await context.storage.objects(in: collection.path, named: Array(batch)) {
                guard let name = object.info.path.name, try evaluator.matches(object.bytes) else { continue }
                matches.append(name)
                if keepBytes { loaded[name] = object }
            }
        }
        matches.sort()
        let transform = data.map { CalendarDataRequest.transform($0, floating: floating) }
        let responses = try await ReportResponses.responses(for: matches, in: collection.path, request: request,
                                                            context: context, transform: transform, loaded: loaded)
        return .multistatus(Multistatus.document(responses))
    }

    /// Parses one object and applies the filter; unparsable stored objects never match.
    struct Evaluation {
        let filter: CalendarFilter
        let floating: TimeZoneResolver.Zone?
        let limits: RecurrenceExpander.Limits

        func matches(_ bytes: [UInt8]) throws -> Bool {
            guard let calendar = try? ContentParser.parse(bytes).first else { return false }
            let evaluator = CalendarFilterEvaluator(resolver: TimeZoneResolver(calendar: calendar, floating: floating), limits: limits)
            return try evaluator.matches(filter, calendar: calendar)
        }
    }
}
