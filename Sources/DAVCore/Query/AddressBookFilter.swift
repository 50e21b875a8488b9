/// The `CARDDAV:filter` of an `addressbook-query` (RFC 6352 §10.5): prop-filters combined by
/// `test` (any or all of them). A filter without prop-filters selects every vCard.
///
/// Malformed filters are refused with 400 and `CARDDAV:supported-filter` (RFC 6352 defines no
/// `valid-filter`, so the filter precondition it has is named); an unknown collation is 403
/// `CARDDAV:supported-collation` (§8.3). Elements of other namespaces are ignored (RFC 4918
/// §17); unexpected CardDAV elements are refused rather than silently widening the result.
public struct AddressBookFilter: Sendable, Hashable {
    /// `anyof` (logical OR, the default) or `allof` (logical AND).
    public enum Test: String, Sendable {
        case anyOf = "anyof"
        case allOf = "allof"

        /// Combines conditions that were each already decided.
        func combine(_ results: [Bool]) -> Bool {
            self == .anyOf ? results.contains(true) : !results.contains(false)
        }
    }

    public var test: Test
    public var propFilters: [PropFilter]

    public init(test: Test = .anyOf, propFilters: [PropFilter] = []) {
        self.test = test
        self.propFilters = propFilters
    }

    /// Parses a `CARDDAV:filter` element.
    public init(element: XMLElement) throws {
        let test = try Self.test(of: element)
        var propFilters: [PropFilter] = []
        for child in Self.cardDAVChildren(of: element) {
            guard child.name == .carddav("prop-filter") else {
                throw Self.invalid("CARDDAV:filter may only hold prop-filter elements, not \(child.name.name)")
            }
            propFilters.append(try PropFilter(element: child))
        }
        self.init(test: test, propFilters: propFilters)
    }

    /// Whether the vCard `card` (a VCARD component) passes the filter.
    public func matches(_ card: Component) -> Bool {
        if propFilters.isEmpty { return true }
        return switch test {
        case .anyOf: propFilters.contains { $0.matches(card) }
        case .allOf: propFilters.allSatisfy { $0.matches(card) }
        }
    }

    /// The `test` attribute of a filter or prop-filter; absent means `anyof`.
    static func test(of element: XMLElement) throws -> Test {
        guard let raw = element.attribute("test") else { return .anyOf }
        guard let test = Test(rawValue: raw.lowercased()) else {
            throw invalid("test must be \"anyof\" or \"allof\", not \"\(raw)\"")
        }
        return test
    }

    /// Children in the CardDAV namespace; extension elements of other namespaces are ignored.
    static func cardDAVChildren(of element: XMLElement) -> [XMLElement] {
        element.children.filter { $0.name.namespace == Namespace.carddav }
    }

    static func invalid(_ message: String) -> DAVError {
        DAVError.precondition(400, .carddav("supported-filter"), message)
    }
}
