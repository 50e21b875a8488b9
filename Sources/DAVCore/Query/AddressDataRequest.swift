/// Partial retrieval of vCards: the `CARDDAV:address-data` element a REPORT asks for in its
/// `DAV:prop` (RFC 6352 §10.4), with `CARDDAV:prop` children naming the properties to return.
///
/// The answer keeps BEGIN/END, VERSION and UID (so it stays a usable vCard) and the named
/// properties, each copied byte for byte from the stored card (folding and line endings
/// included); `novalue="yes"` writes the property with its parameters and an empty value
/// (RFC 6352 §10.4.2). `CARDDAV:allprop` or no children means the whole card, verbatim.
struct AddressDataRequest: Sendable {
    /// The properties to return, with whether to leave out their value.
    var properties: [(name: VCardPropertyName, novalue: Bool)]

    /// The selection `body` (an `addressbook-query` or `addressbook-multiget`) asks for, or
    /// `nil` when the whole card is wanted or no address-data at all.
    ///
    /// `content-type` must be `text/vcard` and `version` 3.0 or 4.0, the types
    /// `CARDDAV:supported-address-data` advertises; anything else is 403
    /// `CARDDAV:supported-address-data` (RFC 6352 §8.6 and §8.7 preconditions). pocketdav stores
    /// bytes verbatim and does not convert between vCard 3.0 and 4.0: a card is returned in the
    /// version it was stored in whichever of the two is asked for. RFC 6352 §5.1.1.1 would
    /// refuse each such card with `supported-address-data-conversion`, which would only hide
    /// contacts from clients that prefer 4.0 yet read both.
    static func from(report body: XMLElement) throws -> AddressDataRequest? {
        guard let element = body.child(.dav("prop"))?.child(.carddav("address-data")) else { return nil }
        let contentType = element.attribute("content-type").map(MediaType.essence) ?? "text/vcard"
        let version = element.attribute("version")?.trimmingCharacters() ?? "3.0"
        guard contentType == "text/vcard", version == "3.0" || version == "4.0" else {
            throw DAVError.precondition(403, .carddav("supported-address-data"),
                                        "address-data can be text/vcard version 3.0 or 4.0, not \(contentType) \(version)")
        }
        if element.child(.carddav("allprop")) != nil { return nil }
        var properties: [(name: VCardPropertyName, novalue: Bool)] = []
        for prop in element.children(.carddav("prop")) {
            guard let raw = prop.attribute("name"), let name = VCardPropertyName(raw) else {
                throw DAVError.badRequest("CARDDAV:prop in address-data needs a name attribute (RFC 6352 §10.4.2)")
            }
            let novalue: Bool
            switch prop.attribute("novalue")?.lowercased() {
            case nil, "no": novalue = false
            case "yes": novalue = true
            case let other?: throw DAVError.badRequest("novalue must be \"yes\" or \"no\", not \"\(other)\"")
            }
            properties.append((name, novalue))
        }
        return properties.isEmpty ? nil : AddressDataRequest(properties: properties)
    }

    /// The transform `ReportResponses` applies to each object's bytes.
    var transform: ReportResponses.DataTransform {
        let request = self
        return { object in request.extract(from: object.bytes) }
    }

    /// The selected lines of every VCARD in `bytes`. Lines of nested components (vCard 2.1
    /// AGENT) and lines that do not parse are left out; nothing here fails.
    func extract(from bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2)
        let crlf = Self.usesCRLF(bytes)
        var depth = 0
        ContentParser.forEachRawLine(bytes) { raw in
            guard let line = raw.line else { return }
            let keep: Bool
            var novalue = false
            switch line.name {
            case "BEGIN":
                depth += 1
                keep = depth == 1
            case "END":
                keep = depth == 1
                depth = max(0, depth - 1)
            case "VERSION", "UID":
                keep = depth == 1
            default:
                let wanted = depth == 1 ? properties.first { $0.name.selects(line) } : nil
                keep = wanted != nil
                novalue = wanted?.novalue ?? false
            }
            guard keep else { return }
            if novalue {
                var empty = line
                empty.value = ""
                var folded = ""
                ContentSerializer.appendFolded(ContentSerializer.line(empty), to: &folded)
                out.append(contentsOf: crlf ? Array(folded.utf8) : folded.utf8.filter { $0 != 0x0D })
            } else {
                out.append(contentsOf: bytes[raw.bytes])
                if out.last != 0x0A { out.append(contentsOf: crlf ? [0x0D, 0x0A] : [0x0A]) }
            }
        }
        return out
    }

    /// Whether the stored data ends its lines with CRLF, so lines written here match.
    private static func usesCRLF(_ bytes: [UInt8]) -> Bool {
        guard let newline = bytes.firstIndex(of: 0x0A) else { return true }
        return newline > 0 && bytes[newline - 1] == 0x0D
    }
}
