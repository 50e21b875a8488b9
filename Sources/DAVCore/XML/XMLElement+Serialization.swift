/// Writing an element's content back out as XML, for dead property values (RFC 4918 §4.3, §9.2:
/// the server stores the property's XML content and must return it with its namespaces intact).
extension XMLElement {
    /// The element's content (text and children) as a self-contained XML fragment: every child
    /// element declares the namespaces it uses (e.g. `<x:foo xmlns:x="http://example.com/ns">bar</x:foo>`),
    /// text is escaped; suitable to store as a dead property value and embed anywhere.
    ///
    /// The tree keeps an element's text apart from its children, so mixed content is written as
    /// all of the text first, then the children: the interleaving is not preserved. Prefixes are
    /// generated (`n0`, `n1`, …) rather than kept from the original document, which RFC 4918 §4.3
    /// allows (only the namespace URI is significant). Attributes are sorted, so equal trees
    /// always serialize to equal strings.
    public var innerXML: String {
        var writer = FragmentWriter()
        writer.output = FragmentWriter.escape(text, inAttribute: false)
        for child in children {
            writer.write(child, scope: .unknownContext)
        }
        return writer.output
    }
}

/// The namespace bindings in force where an element is written.
private struct NamespaceScope {
    /// Prefixes this fragment has declared on an enclosing element, by namespace URI.
    var prefixes: [String: String] = [:]
    /// Whether the default namespace is known to be empty. It is not at the top of the fragment,
    /// which may be embedded under `xmlns="DAV:"`; an unqualified element must undeclare it there.
    var defaultIsEmpty = false

    static let unknownContext = NamespaceScope()
}

private struct FragmentWriter {
    /// The prefix the XML namespace is permanently bound to; binding another prefix to it, or
    /// declaring it, is forbidden (Namespaces in XML 1.0 §3).
    private static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

    var output = ""
    private var nextPrefix = 0

    mutating func write(_ element: XMLElement, scope outer: NamespaceScope) {
        var scope = outer
        var declarations = ""

        let elementPrefix: String?
        if element.name.namespace.isEmpty {
            elementPrefix = nil
            if !scope.defaultIsEmpty {
                declarations += #" xmlns="""#
                scope.defaultIsEmpty = true
            }
        } else {
            elementPrefix = prefix(for: element.name.namespace, in: &scope, declarations: &declarations)
        }

        var attributes = ""
        for (name, value) in element.attributes.sorted(by: { $0.key < $1.key }) {
            // Unprefixed attributes are in no namespace whatever the default namespace is.
            let attributePrefix =
                name.namespace.isEmpty ? nil : prefix(for: name.namespace, in: &scope, declarations: &declarations)
            attributes += " \(qualified(name.name, attributePrefix))=\"\(Self.escape(value, inAttribute: true))\""
        }

        let tag = qualified(element.name.name, elementPrefix)
        output += "<\(tag)\(declarations)\(attributes)"
        if element.text.isEmpty && element.children.isEmpty {
            output += "/>"
            return
        }
        output += ">"
        output += Self.escape(element.text, inAttribute: false)
        for child in element.children {
            write(child, scope: scope)
        }
        output += "</\(tag)>"
    }

    /// The prefix bound to `namespace`, declaring a fresh one on the current element if needed.
    private mutating func prefix(for namespace: String, in scope: inout NamespaceScope, declarations: inout String)
        -> String
    {
        if namespace == Self.xmlNamespace { return "xml" }
        if let known = scope.prefixes[namespace] { return known }
        let fresh = "n\(nextPrefix)"
        nextPrefix += 1
        scope.prefixes[namespace] = fresh
        declarations += " xmlns:\(fresh)=\"\(Self.escape(namespace, inAttribute: true))\""
        return fresh
    }

    private func qualified(_ local: String, _ prefix: String?) -> String {
        prefix.map { "\($0):\(local)" } ?? local
    }

    /// Escapes by Unicode scalar, not by `Character`: `"\r\n"` is one `Character` in Swift, and
    /// a CR that came in as `&#13;` (as in Apple's and DAVx5's calendar-timezone) must go out as
    /// `&#13;` again or the next parse folds it into the newline (XML 1.0 §2.11). Attribute values
    /// also need tab and newline escaped, which a parser would otherwise turn into spaces (§3.3.3).
    static func escape(_ value: String, inAttribute: Bool) -> String {
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\r": escaped += "&#13;"
            case "\"" where inAttribute: escaped += "&quot;"
            case "\n" where inAttribute: escaped += "&#10;"
            case "\t" where inAttribute: escaped += "&#9;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
