extension AddressBookFilter {
    /// A `CARDDAV:param-filter` (RFC 6352 §10.5.2): a condition on one parameter of the
    /// properties a prop-filter selected.
    public struct ParamFilter: Sendable, Hashable {
        /// Upper-cased parameter name (`TYPE`).
        public var name: String
        /// `CARDDAV:is-not-defined`: no selected property has the parameter. A card where some
        /// properties have it and others do not does not pass.
        public var isNotDefined: Bool
        /// Compared with each value of the parameter (`TYPE=home,work` has two); a property
        /// without the parameter never satisfies it, negated or not.
        public var textMatch: TextMatch?

        public init(name: String, isNotDefined: Bool = false, textMatch: TextMatch? = nil) {
            self.name = name.uppercased()
            self.isNotDefined = isNotDefined
            self.textMatch = textMatch
        }

        /// Parses `<!ELEMENT param-filter (is-not-defined | text-match)?>`.
        init(element: XMLElement) throws {
            guard let raw = element.attribute("name")?.trimmingCharacters(), !raw.isEmpty else {
                throw AddressBookFilter.invalid("param-filter needs a name attribute naming a parameter")
            }
            var filter = ParamFilter(name: raw)
            for child in AddressBookFilter.cardDAVChildren(of: element) {
                switch child.name {
                case .carddav("is-not-defined") where !filter.isNotDefined && filter.textMatch == nil:
                    filter.isNotDefined = true
                case .carddav("text-match") where !filter.isNotDefined && filter.textMatch == nil:
                    filter.textMatch = try TextMatch(element: child, namespace: Namespace.carddav)
                default:
                    throw AddressBookFilter.invalid("param-filter \(raw) holds at most one is-not-defined or text-match")
                }
            }
            self = filter
        }

        /// Whether the properties a prop-filter selected (at least one) satisfy this filter.
        func matches(_ properties: [ContentLine]) -> Bool {
            if isNotDefined { return !properties.contains { $0.hasParameter(name) } }
            let holders = properties.filter { $0.hasParameter(name) }
            guard let textMatch else { return !holders.isEmpty }
            return holders.contains { textMatch.matches(anyOf: $0.parameterValues(name)) }
        }
    }
}
