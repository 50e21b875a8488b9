extension ContentLine {
    /// The strings a CardDAV text-match compares with this vCard property (RFC 6352 §10.5.4
    /// leaves the choice to the server): the value as TEXT, unescaped (RFC 6350 §3.4), and, for
    /// structured and list properties, each non-empty component too. So `N:Smith;Alice;;;`
    /// matches "equals Smith" and "starts-with Ali", and `NICKNAME:me,Cy` matches "equals me".
    ///
    /// vCard 2.1 quoted-printable and base64 values are compared as stored, undecoded.
    var vCardMatchValues: [String] {
        let whole = textValue
        guard let separators = Self.componentSeparators[name], value.contains(where: separators.contains) else {
            return [whole]
        }
        var parts = [value]
        for separator in separators {
            parts = parts.flatMap { ContentEscaping.splitUnescaped($0, on: separator) }
        }
        return [whole] + parts.map(ContentEscaping.unescapeText).filter { !$0.isEmpty }
    }

    /// RFC 6350 §6.2.2 (N), §6.3.1 (ADR), §6.6.4 (ORG), §6.2.7 (GENDER): `;` between components
    /// and `,` between values of one component; §6.2.3 (NICKNAME), §6.7.1 (CATEGORIES): `,` lists.
    private static let componentSeparators: [String: [Character]] = [
        "N": [";", ","], "ADR": [";", ","], "ORG": [";"], "GENDER": [";"],
        "NICKNAME": [","], "CATEGORIES": [","],
    ]
}
