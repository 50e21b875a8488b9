/// A parsed XML element: the tree form request bodies take after `XMLReader`.
public struct XMLElement: Sendable, Hashable {
    public var name: QName
    /// Attributes by qualified name; unprefixed attributes have namespace `""`.
    public var attributes: [QName: String]
    public var children: [XMLElement]
    /// The element's own character data (text and CDATA), concatenated, entities resolved.
    public var text: String

    public init(name: QName, attributes: [QName: String] = [:], children: [XMLElement] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The first child with this name.
    public func child(_ name: QName) -> XMLElement? { children.first { $0.name == name } }

    /// All children with this name.
    public func children(_ name: QName) -> [XMLElement] { children.filter { $0.name == name } }

    /// An unprefixed attribute's value.
    public func attribute(_ localName: String) -> String? { attributes[QName("", localName)] }
}
