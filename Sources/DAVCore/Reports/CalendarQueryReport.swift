/// `calendar-query` (RFC 4791 §7.8), first form: component filters are exact; a `time-range`
/// is answered with every object of the component type, a superset that clients (DAVx5's
/// 90-day window, Evolution's ±35 days) handle correctly. Property, parameter and text filters
/// are refused with `supported-filter` rather than answered wrongly.
struct CalendarQueryReport: ReportHandler {
    func run(_ body: XMLElement, on target: PropertyTarget, context: RequestContext) async throws -> DAVResponse {
        guard let collection = target.collection, collection.kind == .calendar else {
            throw DAVError.forbidden("calendar-query runs on a calendar collection")
        }
        guard let filter = body.child(.caldav("filter")), let top = filter.child(.caldav("comp-filter")),
              top.attribute("name")?.uppercased() == "VCALENDAR" else {
            throw DAVError.precondition(403, .caldav("valid-filter"), "calendar-query needs a VCALENDAR comp-filter (RFC 4791 §9.7)")
        }
        if Self.hasUnsupportedFilter(top) {
            throw DAVError.precondition(403, .caldav("supported-filter"), "Property, parameter and text filters are not supported yet")
        }
        let componentTypes = Set(top.children(.caldav("comp-filter")).compactMap { $0.attribute("name")?.uppercased() })
        let request = try PropertyRegistry.request(from: body)
        let names = try await candidates(in: collection.path, types: componentTypes, context: context)
        let responses = try await ReportResponses.responses(for: names, in: collection.path, request: request, context: context)
        return .multistatus(Multistatus.document(responses))
    }

    static func hasUnsupportedFilter(_ element: XMLElement) -> Bool {
        for child in element.children {
            switch child.name {
            case .caldav("comp-filter"), .caldav("time-range"):
                if hasUnsupportedFilter(child) { return true }
            case .caldav("is-not-defined"):
                continue
            default:
                return true
            }
        }
        return false
    }

    private func candidates(in collection: ResourcePath, types: Set<String>, context: RequestContext) async throws -> [String] {
        let members = try await context.storage.members(of: collection).compactMap { m -> String? in
            if case .object = m { m.path.name } else { nil }
        }
        if types.isEmpty { return members }
        var names: [String] = []
        for object in try await context.storage.objects(in: collection, named: members) {
            guard let scan = try? ObjectScanner.scan(object.bytes, expecting: "VCALENDAR") else { continue }
            if scan.blocks.contains(where: { types.contains($0.name) }), let name = object.info.path.name { names.append(name) }
        }
        return names
    }
}
