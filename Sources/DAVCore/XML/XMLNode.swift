/// An XML tree to be written in a response; built by properties and reports, serialised by
/// `XMLWriter`.
public indirect enum XMLNode: Sendable, Hashable {
    case element(QName, attributes: [(String, String)] = [], children: [XMLNode] = [])
    case text(String)
    /// A fragment that is already serialised and self-contained (a dead property value).
    case raw(String)

    public static func element(_ name: QName, _ children: [XMLNode]) -> XMLNode {
        .element(name, attributes: [], children: children)
    }

    public static func element(_ name: QName, text: String) -> XMLNode {
        .element(name, attributes: [], children: [.text(text)])
    }

    public static func empty(_ name: QName) -> XMLNode { .element(name, attributes: [], children: []) }

    /// `<D:href>value</D:href>`.
    public static func href(_ value: String) -> XMLNode { .element(.dav("href"), text: value) }

    public static func == (lhs: XMLNode, rhs: XMLNode) -> Bool {
        switch (lhs, rhs) {
        case (.text(let a), .text(let b)), (.raw(let a), .raw(let b)): a == b
        case (.element(let n1, let a1, let c1), .element(let n2, let a2, let c2)):
            n1 == n2 && c1 == c2 && a1.map { $0.0 + "\u{0}" + $0.1 } == a2.map { $0.0 + "\u{0}" + $0.1 }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .text(let s), .raw(let s): hasher.combine(s)
        case .element(let n, _, let c):
            hasher.combine(n)
            hasher.combine(c)
        }
    }
}
