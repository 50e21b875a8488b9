import DAVCore

/// A collection's kind and dead properties as stored on disk: the content of `.Radicale.props`
/// (text values, so Radicale sees them) and of pocketdav's sidecar `.pocketdav/props.json`
/// (values with markup, and everything of a plain collection that has no `.Radicale.props`).
struct CollectionProperties: Codable, Equatable, Sendable {
    /// `.Radicale.props` as key → string; `nil` when the collection has no such file.
    var radicale: [String: String]?
    /// The sidecar as Clark name → XML value.
    var sidecar: [String: String]

    enum CodingKeys: String, CodingKey { case radicale = "r", sidecar = "x" }

    static let sidecarName = "props.json"

    init(radicale: [String: String]?, sidecar: [String: String]) {
        self.radicale = radicale
        self.sidecar = sidecar
    }

    /// The initial files of a new collection. Calendars and address books get a `.Radicale.props`
    /// with `tag`; plain collections keep everything in the sidecar.
    init(kind: CollectionKind, properties: [QName: PropertyValue]) {
        self.init(radicale: kind == .plain ? nil : [RadicaleProps.tagKey: kind.rawValue], sidecar: [:])
        apply(properties.mapValues { Optional($0) })
    }

    /// From `tag`; an unknown tag (Radicale's `VSUBSCRIBED`) is served as a plain collection.
    var kind: CollectionKind {
        radicale?[RadicaleProps.tagKey].flatMap(CollectionKind.init(rawValue:)) ?? .plain
    }

    /// Every dead property; a sidecar value wins over a `.Radicale.props` value of the same name.
    var properties: [QName: PropertyValue] {
        var out: [QName: PropertyValue] = [:]
        for (key, text) in radicale ?? [:] {
            if let name = RadicaleProps.name(forKey: key) { out[name] = RadicaleProps.value(for: name, text: text) }
        }
        for (key, xml) in sidecar {
            if let name = RadicaleProps.parseClark(key) { out[name] = PropertyValue(xml: xml) }
        }
        return out
    }

    /// Applies PROPPATCH changes (`nil` removes). A value goes to `.Radicale.props` when the file
    /// exists and Radicale can hold it as text, else to the sidecar; the other copy is removed.
    mutating func apply(_ changes: [QName: PropertyValue?]) {
        for (name, value) in changes {
            let key = RadicaleProps.key(for: name)
            radicale?[key] = nil
            sidecar[RadicaleProps.clark(name)] = nil
            guard let value else { continue }
            if radicale != nil, let text = RadicaleProps.text(for: name, value) {
                radicale?[key] = text
            } else {
                sidecar[RadicaleProps.clark(name)] = value.xml
            }
        }
    }
}
