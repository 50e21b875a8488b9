/// `CALDAV:supported-calendar-component-set` values (RFC 4791 §5.2.3).
public enum CalendarComponents {
    /// What a calendar without the property accepts.
    public static let defaultSet = ["VEVENT", "VTODO", "VJOURNAL"]

    /// The property value for a list of component names.
    public static func value(_ names: [String]) -> PropertyValue {
        PropertyValue(xml: names.map { "<C:comp xmlns:C=\"\(Namespace.caldav)\" name=\"\($0)\"/>" }.joined())
    }

    /// The component names in a stored value (tolerant of any prefix and quoting).
    public static func names(in value: PropertyValue?) -> [String] {
        guard let value else { return defaultSet }
        if let text = value.text {
            // Radicale's comma list, in case a backend hands it through unchanged.
            let names = text.split(separator: ",").map { $0.trimmingWhitespace().uppercased() }.filter { !$0.isEmpty }
            return names.isEmpty ? defaultSet : names
        }
        var names: [String] = []
        var rest = Substring(value.xml)
        while let r = rest.firstRange(of: "name=") {
            rest = rest[r.upperBound...]
            guard let quote = rest.first, quote == "\"" || quote == "'" else { continue }
            rest = rest.dropFirst()
            guard let end = rest.firstIndex(of: quote) else { break }
            names.append(rest[..<end].uppercased())
            rest = rest[end...]
        }
        return names.isEmpty ? defaultSet : names
    }

    /// The set as XML nodes for a response.
    public static func nodes(_ names: [String]) -> [XMLNode] {
        names.map { .element(.caldav("comp"), attributes: [("name", $0)], children: []) }
    }
}
