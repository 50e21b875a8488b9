extension AddressBookFilter {
    /// A `CARDDAV:prop-filter` (RFC 6352 §10.5.1): conditions on every property of one name.
    ///
    /// How a card with several properties of the name is judged (the RFC leaves it open): each
    /// condition — a text-match or a param-filter — holds when *some* property satisfies it, and
    /// `test` combines the conditions. So a negated text-match holds when some property does not
    /// match (a card with `doe@big.corp` and `john@example.com` passes "EMAIL does not contain
    /// example.com"), and a card without the property passes only `is-not-defined`.
    public struct PropFilter: Sendable, Hashable {
        public var name: VCardPropertyName
        public var test: Test
        /// `CARDDAV:is-not-defined`: the card has no such property. Excludes the other conditions.
        public var isNotDefined: Bool
        public var textMatches: [TextMatch]
        public var paramFilters: [ParamFilter]

        public init(name: VCardPropertyName, test: Test = .anyOf, isNotDefined: Bool = false,
                    textMatches: [TextMatch] = [], paramFilters: [ParamFilter] = []) {
            self.name = name
            self.test = test
            self.isNotDefined = isNotDefined
            self.textMatches = textMatches
            self.paramFilters = paramFilters
        }

        /// Parses `<!ELEMENT prop-filter (is-not-defined | (text-match*, param-filter*))>`.
        init(element: XMLElement) throws {
            guard let raw = element.attribute("name"), let name = VCardPropertyName(raw) else {
                throw AddressBookFilter.invalid("prop-filter needs a name attribute naming a vCard property")
            }
            var filter = PropFilter(name: name, test: try AddressBookFilter.test(of: element))
            for child in AddressBookFilter.cardDAVChildren(of: element) {
                switch child.name {
                case .carddav("is-not-defined"): filter.isNotDefined = true
                case .carddav("text-match"): filter.textMatches.append(try TextMatch(element: child, namespace: Namespace.carddav))
                case .carddav("param-filter"): filter.paramFilters.append(try ParamFilter(element: child))
                default: throw AddressBookFilter.invalid("prop-filter \(name) may not hold \(child.name.name)")
                }
            }
            if filter.isNotDefined, !filter.textMatches.isEmpty || !filter.paramFilters.isEmpty {
                throw AddressBookFilter.invalid("prop-filter \(name): is-not-defined cannot be combined with other conditions")
            }
            self = filter
        }

        public func matches(_ card: Component) -> Bool {
            let properties = card.properties.filter(name.selects)
            if isNotDefined { return properties.isEmpty }
            if properties.isEmpty { return false }
            if textMatches.isEmpty && paramFilters.isEmpty { return true }
            var results: [Bool] = []
            results.reserveCapacity(textMatches.count + paramFilters.count)
            for match in textMatches {
                results.append(properties.contains { match.matches(anyOf: $0.vCardMatchValues) })
            }
            for filter in paramFilters { results.append(filter.matches(properties)) }
            return test.combine(results)
        }
    }
}
