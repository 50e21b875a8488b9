/// The instructions of a PROPPATCH `DAV:propertyupdate` body (RFC 4918 §14.19), read in one pass.
/// Later instructions win over earlier ones for the same property.
struct PropertyUpdate {
    /// Every property the body names, once, in the order first named.
    private(set) var names: [QName] = []
    /// The final instruction per property: the value to set, or `nil` to remove it.
    private(set) var changes: [QName: PropertyValue?] = [:]
    /// The final `DAV:acl` instruction as the ACL to apply (a `remove` is an empty ACL), or `nil`
    /// when the body does not touch `DAV:acl`.
    private(set) var acl: XMLElement?

    init(_ body: XMLElement) {
        for instruction in body.children where instruction.name == .dav("set") || instruction.name == .dav("remove") {
            let isSet = instruction.name == .dav("set")
            for prop in instruction.children(.dav("prop")) {
                for element in prop.children {
                    if changes[element.name] == nil { names.append(element.name) }
                    changes[element.name] = isSet ? .some(PropertyValue(xml: element.innerXML)) : .some(nil)
                    if element.name == .dav("acl") { acl = isSet ? element : XMLElement(name: .dav("acl")) }
                }
            }
        }
    }
}
