/// The `CALDAV:filter` of a calendar-query (RFC 4791 §9.7), parsed and checked up front so
/// that a bad filter is a 4xx before any object is read.
public struct CalendarFilter: Sendable {
    /// A `comp-filter` (§9.7.1): the named sub-component exists (or, with `isNotDefined`, does
    /// not) and satisfies every nested condition.
    public struct ComponentFilter: Sendable {
        public var name: String
        public var isNotDefined = false
        public var timeRange: TimeRange?
        public var properties: [PropertyFilter] = []
        public var components: [ComponentFilter] = []
    }

    /// A `prop-filter` (§9.7.2).
    public struct PropertyFilter: Sendable {
        public var name: String
        public var isNotDefined = false
        public var timeRange: TimeRange?
        public var textMatch: TextMatch?
        public var parameters: [ParameterFilter] = []
    }

    /// A `param-filter` (§9.7.3).
    public struct ParameterFilter: Sendable {
        public var name: String
        public var isNotDefined = false
        public var textMatch: TextMatch?
    }

    /// A `time-range` (§9.9): UTC bounds, either may be open.
    public struct TimeRange: Sendable, Hashable {
        public var start: Int64?
        public var end: Int64?

        public init(start: Int64?, end: Int64?) {
            self.start = start
            self.end = end
        }

        /// `start`/`end` attributes: UTC DATE-TIME values (§9.9); at least one, end after start.
        public init(element: XMLElement) throws {
            func bound(_ name: String) throws -> Int64? {
                guard let raw = element.attribute(name) else { return nil }
                guard let value = ICalDateTime.parse(raw, tzid: nil), !value.isDate, value.zone == .utc else {
                    throw DAVError.precondition(403, .caldav("valid-filter"),
                                                "time-range \(name)=\"\(raw)\" is not a UTC date-time (RFC 4791 §9.9)")
                }
                return value.wallSeconds  // proven UTC above: wall time is UTC time
            }
            start = try bound("start")
            end = try bound("end")
            if start == nil, end == nil {
                throw DAVError.precondition(403, .caldav("valid-filter"), "time-range needs start or end (RFC 4791 §9.9)")
            }
            if let start, let end, end <= start {
                throw DAVError.precondition(403, .caldav("valid-filter"), "time-range end is not after its start")
            }
        }

        /// The closed-open overlap test most of §9.9 reduces to: start < b && end > a.
        func overlaps(_ a: Int64, _ b: Int64) -> Bool {
            (start.map { $0 < b } ?? true) && (end.map { $0 > a } ?? true)
        }
    }

    public var root: ComponentFilter

    public init(root: ComponentFilter) { self.root = root }

    /// Parses `<C:filter>`: exactly one top-level comp-filter, named VCALENDAR.
    public init(element: XMLElement) throws {
        let tops = element.children(.caldav("comp-filter"))
        guard tops.count == 1, tops[0].attribute("name")?.uppercased() == "VCALENDAR" else {
            throw DAVError.precondition(403, .caldav("valid-filter"),
                                        "A calendar-query filter holds one VCALENDAR comp-filter (RFC 4791 §9.7)")
        }
        root = try Self.componentFilter(tops[0], depth: 0)
    }

    private static func componentFilter(_ e: XMLElement, depth: Int) throws -> ComponentFilter {
        guard depth < 8 else { throw DAVError.precondition(403, .caldav("valid-filter"), "comp-filters nested too deeply") }
        guard let name = e.attribute("name")?.uppercased(), !name.isEmpty else {
            throw DAVError.precondition(403, .caldav("valid-filter"), "comp-filter without a name")
        }
        var f = ComponentFilter(name: name)
        for child in e.children {
            switch child.name {
            case .caldav("is-not-defined"): f.isNotDefined = true
            case .caldav("time-range"):
                guard name != "VCALENDAR" else {
                    throw DAVError.precondition(403, .caldav("valid-filter"), "time-range does not apply to VCALENDAR")
                }
                f.timeRange = try TimeRange(element: child)
            case .caldav("prop-filter"): f.properties.append(try propertyFilter(child))
            case .caldav("comp-filter"): f.components.append(try componentFilter(child, depth: depth + 1))
            default:
                throw DAVError.precondition(403, .caldav("supported-filter"), "Unknown element \(child.name.name) in comp-filter")
            }
        }
        return f
    }

    private static func propertyFilter(_ e: XMLElement) throws -> PropertyFilter {
        guard let name = e.attribute("name")?.uppercased(), !name.isEmpty else {
            throw DAVError.precondition(403, .caldav("valid-filter"), "prop-filter without a name")
        }
        var f = PropertyFilter(name: name)
        for child in e.children {
            switch child.name {
            case .caldav("is-not-defined"): f.isNotDefined = true
            case .caldav("time-range"): f.timeRange = try TimeRange(element: child)
            case .caldav("text-match"): f.textMatch = try TextMatch(element: child, namespace: Namespace.caldav)
            case .caldav("param-filter"):
                guard let pname = child.attribute("name")?.uppercased(), !pname.isEmpty else {
                    throw DAVError.precondition(403, .caldav("valid-filter"), "param-filter without a name")
                }
                var p = ParameterFilter(name: pname)
                for g in child.children {
                    switch g.name {
                    case .caldav("is-not-defined"): p.isNotDefined = true
                    case .caldav("text-match"): p.textMatch = try TextMatch(element: g, namespace: Namespace.caldav)
                    default:
                        throw DAVError.precondition(403, .caldav("supported-filter"), "Unknown element \(g.name.name) in param-filter")
                    }
                }
                f.parameters.append(p)
            default:
                throw DAVError.precondition(403, .caldav("supported-filter"), "Unknown element \(child.name.name) in prop-filter")
            }
        }
        return f
    }

    /// What the storage index can narrow on: the component under VCALENDAR and its time range.
    public var storageQuery: StorageQuery {
        let inner = root.components.filter { !$0.isNotDefined }
        guard inner.count == 1, let only = inner.first else { return StorageQuery() }
        return StorageQuery(componentType: only.name, timeRangeStart: only.timeRange?.start, timeRangeEnd: only.timeRange?.end,
                            isComplete: isComponentAndTimeRangeOnly)
    }

    /// VCALENDAR › one VEVENT comp-filter › its time-range, and nothing else: the shape an
    /// index with fixed instances can decide alone (clients' "events in this window" query).
    var isComponentAndTimeRangeOnly: Bool {
        guard root.name == "VCALENDAR", !root.isNotDefined, root.properties.isEmpty, root.timeRange == nil,
              root.components.count == 1, let only = root.components.first else { return false }
        return only.name == "VEVENT" && !only.isNotDefined && only.timeRange != nil
            && only.properties.isEmpty && only.components.isEmpty
    }
}
