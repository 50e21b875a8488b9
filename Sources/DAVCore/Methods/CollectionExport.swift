/// Joins a collection's objects into one document for GET on a calendar or address book.
enum CollectionExport {
    /// One VCALENDAR with every component; VTIMEZONEs are kept once per TZID.
    static func calendar(_ objects: [[UInt8]], name: String?) -> [UInt8] {
        var export = Component(name: "VCALENDAR", properties: [
            ContentLine(name: "VERSION", value: "2.0"), ContentLine(name: "PRODID", value: "-//pocketdav//export//EN"),
        ])
        if let name { export.properties.append(ContentLine(name: "X-WR-CALNAME", value: ContentEscaping.escapeText(name))) }
        var timezones = Set<String>()
        for bytes in objects {
            guard let calendar = try? ContentParser.parse(bytes).first else { continue }
            for component in calendar.components {
                if component.name == "VTIMEZONE", let tzid = component.property("TZID")?.value {
                    guard timezones.insert(tzid).inserted else { continue }
                }
                export.components.append(component)
            }
        }
        return Array(export.serialized.utf8)
    }

    static func addressBook(_ objects: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for bytes in objects {
            out.append(contentsOf: bytes)
            if bytes.last != 0x0A { out.append(contentsOf: [0x0D, 0x0A]) }
        }
        return out
    }
}
