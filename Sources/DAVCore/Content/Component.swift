/// A parsed component: VCALENDAR, VEVENT, VALARM, VTIMEZONE, STANDARD, VCARD, …
///
/// Properties keep their order and their raw values, so a component serialises back to the
/// same content (modulo folding and line endings).
public struct Component: Sendable, Hashable {
    public var name: String
    public var properties: [ContentLine]
    public var components: [Component]

    public init(name: String, properties: [ContentLine] = [], components: [Component] = []) {
        self.name = name.asciiUppercased
        self.properties = properties
        self.components = components
    }

    /// The first property called `name`.
    public func property(_ name: String) -> ContentLine? {
        let wanted = name.asciiUppercased
        return properties.first { $0.name == wanted }
    }

    /// Every property called `name`, in order.
    public func properties(_ name: String) -> [ContentLine] {
        let wanted = name.asciiUppercased
        return properties.filter { $0.name == wanted }
    }

    /// Direct sub-components called `name`.
    public func components(_ name: String) -> [Component] {
        let wanted = name.asciiUppercased
        return components.filter { $0.name == wanted }
    }

    public var uid: String? { property("UID")?.value }
}
