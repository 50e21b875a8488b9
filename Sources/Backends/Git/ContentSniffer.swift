import DAVCore

/// What storage needs to know about an object it did not see through the core (a MOVE source, an
/// object written by another process or restored from history): its UID and component type,
/// from the core's content parser. `nil` fields for plain files and anything unparsable.
struct ContentSummary: Sendable, Hashable {
    var uid: String?
    var component: String?

    init(uid: String?, component: String?) {
        self.uid = uid
        self.component = component
    }

    init(_ summary: ObjectSummary) {
        self.init(uid: summary.uid, component: summary.componentType)
    }

    /// Scans `bytes` as iCalendar, then as vCard.
    init(sniffing bytes: [UInt8]) {
        let roots = (try? ContentParser.parse(bytes)) ?? []
        if roots.count == 1, roots[0].name == "VCALENDAR",
            let main = roots[0].components.first(where: { $0.name != "VTIMEZONE" })
        {
            self.init(uid: main.uid, component: main.name)
        } else if roots.count == 1, roots[0].name == "VCARD" {
            self.init(uid: roots[0].uid, component: "VCARD")
        } else {
            self.init(uid: nil, component: nil)
        }
    }
}
