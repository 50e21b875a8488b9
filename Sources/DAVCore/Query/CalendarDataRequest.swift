/// What a `CALDAV:calendar-data` element in a REPORT's `<prop>` asks for (RFC 4791 §9.6):
/// a component/property selection, recurrence expansion, or limits on the recurrence and
/// free-busy sets. With none of those the stored bytes are returned verbatim.
struct CalendarDataRequest: Sendable {
    /// `<C:comp>` selection (§9.6.1); `nil` = everything.
    struct Selection: Sendable {
        var name: String
        var allProperties = true
        var properties: [(name: String, noValue: Bool)] = []
        var allComponents = true
        var components: [Selection] = []
    }

    var selection: Selection?
    var expand: CalendarFilter.TimeRange?
    var limitRecurrenceSet: CalendarFilter.TimeRange?
    var limitFreeBusySet: CalendarFilter.TimeRange?
    var limits = RecurrenceExpander.Limits()

    var isVerbatim: Bool { selection == nil && expand == nil && limitRecurrenceSet == nil && limitFreeBusySet == nil }

    /// Finds `calendar-data` in the request's `<D:prop>`; `nil` when absent or plain.
    static func from(body: XMLElement, limits: RecurrenceExpander.Limits = RecurrenceExpander.Limits()) throws -> CalendarDataRequest? {
        guard let element = body.child(.dav("prop"))?.child(.caldav("calendar-data")) else { return nil }
        if let type = element.attribute("content-type"), MediaType.essence(type) != "text/calendar" {
            throw DAVError.precondition(403, .caldav("supported-calendar-data"), "calendar-data is available as text/calendar only")
        }
        if let version = element.attribute("version"), version != "2.0" {
            throw DAVError.precondition(403, .caldav("supported-calendar-data"), "calendar-data is available as iCalendar 2.0 only")
        }
        var request = CalendarDataRequest()
        request.limits = limits
        for child in element.children {
            switch child.name {
            case .caldav("comp"): request.selection = try selection(child, depth: 0)
            case .caldav("expand"): request.expand = try range(child, "expand")
            case .caldav("limit-recurrence-set"): request.limitRecurrenceSet = try range(child, "limit-recurrence-set")
            case .caldav("limit-freebusy-set"): request.limitFreeBusySet = try range(child, "limit-freebusy-set")
            default: throw DAVError.badRequest("Unexpected \(child.name.name) in calendar-data")
            }
        }
        if request.expand != nil, request.limitRecurrenceSet != nil {
            throw DAVError.badRequest("calendar-data takes expand or limit-recurrence-set, not both (RFC 4791 §9.6)")
        }
        return request.isVerbatim ? nil : request
    }

    private static func range(_ e: XMLElement, _ what: String) throws -> CalendarFilter.TimeRange {
        // §9.6.5–9.6.7: both bounds are required here.
        guard e.attribute("start") != nil, e.attribute("end") != nil else {
            throw DAVError.badRequest("\(what) needs start and end")
        }
        do { return try CalendarFilter.TimeRange(element: e) } catch { throw DAVError.badRequest("\(what): invalid start or end") }
    }

    private static func selection(_ e: XMLElement, depth: Int) throws -> Selection {
        guard depth < 8, let name = e.attribute("name")?.uppercased(), !name.isEmpty else {
            throw DAVError.badRequest("calendar-data comp needs a name")
        }
        var s = Selection(name: name)
        let props = e.children(.caldav("prop"))
        let comps = e.children(.caldav("comp"))
        s.allProperties = e.child(.caldav("allprop")) != nil
        s.allComponents = e.child(.caldav("allcomp")) != nil
        for p in props {
            guard let pname = p.attribute("name")?.uppercased() else { throw DAVError.badRequest("calendar-data prop needs a name") }
            s.properties.append((pname, p.attribute("novalue")?.lowercased() == "yes"))
        }
        s.components = try comps.map { try selection($0, depth: depth + 1) }
        return s
    }

    /// The transformed object text.
    func apply(to bytes: [UInt8], resolver makeResolver: (Component) -> TimeZoneResolver) throws -> [UInt8] {
        guard var calendar = try? ContentParser.parse(bytes).first else { return bytes }
        let resolver = makeResolver(calendar)
        if let range = expand { calendar = try RecurrenceRewriting.expand(calendar, in: range, resolver: resolver, limits: limits) }
        if let range = limitRecurrenceSet { calendar = RecurrenceRewriting.limitRecurrenceSet(calendar, to: range, resolver: resolver) }
        if let range = limitFreeBusySet { calendar = RecurrenceRewriting.limitFreeBusySet(calendar, to: range, resolver: resolver) }
        if let selection { calendar = Self.select(calendar, selection) }
        return Array(calendar.serialized.utf8)
    }

    /// The `ReportResponses` hook for this request.
    static func transform(_ request: CalendarDataRequest, floating: TimeZoneResolver.Zone?) -> ReportResponses.DataTransform {
        { (object: StoredObject) throws -> [UInt8] in
            try request.apply(to: object.bytes) { (calendar: Component) in
                TimeZoneResolver(calendar: calendar, floating: floating)
            }
        }
    }

    static func select(_ component: Component, _ s: Selection) -> Component {
        var out = Component(name: component.name)
        if s.allProperties {
            out.properties = component.properties
        } else {
            for p in component.properties {
                guard let wanted = s.properties.first(where: { $0.name == p.name }) else { continue }
                var kept = p
                if wanted.noValue { kept.value = "" }
                out.properties.append(kept)
            }
        }
        if s.allComponents {
            out.components = component.components
        } else {
            for c in component.components {
                if let sub = s.components.first(where: { $0.name == c.name }) { out.components.append(select(c, sub)) }
            }
        }
        return out
    }
}
