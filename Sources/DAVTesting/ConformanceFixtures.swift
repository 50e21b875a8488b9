import DAVCore

/// Small, valid payloads for the conformance cases, with the summaries the core would compute.
public enum ConformanceFixtures {
    public static let calendarType = "text/calendar; charset=utf-8"
    public static let vcardType = "text/vcard; charset=utf-8"

    /// A one-hour VEVENT on 2024-01-02 10:00Z; `summary` varies the bytes without changing the UID.
    public static func event(uid: String, summary: String = "Meeting") -> ObjectContent {
        let text = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//pocketdav//conformance//EN\r
            BEGIN:VEVENT\r
            UID:\(uid)\r
            DTSTAMP:20240101T000000Z\r
            DTSTART:20240102T100000Z\r
            DTEND:20240102T110000Z\r
            SUMMARY:\(summary)\r
            END:VEVENT\r
            END:VCALENDAR\r

            """
        return ObjectContent(
            bytes: Array(text.utf8), contentType: calendarType,
            summary: ObjectSummary(uid: uid, componentType: "VEVENT", firstStart: 1_704_189_600, lastEnd: 1_704_193_200,
                                   fixedInstance: .init(start: 1_704_189_600, end: 1_704_193_200)))
    }

    /// A VTODO without dates.
    public static func todo(uid: String, summary: String = "Task") -> ObjectContent {
        let text = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//pocketdav//conformance//EN\r
            BEGIN:VTODO\r
            UID:\(uid)\r
            DTSTAMP:20240101T000000Z\r
            SUMMARY:\(summary)\r
            END:VTODO\r
            END:VCALENDAR\r

            """
        return ObjectContent(bytes: Array(text.utf8), contentType: calendarType,
                             summary: ObjectSummary(uid: uid, componentType: "VTODO"))
    }

    /// A vCard 3.0 contact.
    public static func vcard(uid: String, name: String = "Alice Example") -> ObjectContent {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:\(uid)\r\nFN:\(name)\r\nN:Example;Alice;;;\r\nEND:VCARD\r\n"
        return ObjectContent(bytes: Array(text.utf8), contentType: vcardType,
                             summary: ObjectSummary(uid: uid, componentType: "VCARD"))
    }

    /// A plain WebDAV file: arbitrary bytes, no summary.
    public static func file(_ bytes: [UInt8], contentType: String = "application/octet-stream") -> ObjectContent {
        ObjectContent(bytes: bytes, contentType: contentType, summary: nil)
    }

    /// Bytes that are not valid UTF-8 and contain every line-ending variant, to catch any
    /// normalisation on the way to disk.
    public static let awkwardBytes: [UInt8] = [0x00, 0xFF, 0xFE, 0x0D, 0x0A, 0x0A, 0x0D, 0x41, 0xC3, 0x28, 0x20, 0x09]

    /// `supported-calendar-component-set` content for VEVENT and VTODO, in the form the core
    /// produces.
    public static let eventAndTodoComponents = PropertyValue(
        xml: #"<comp xmlns="urn:ietf:params:xml:ns:caldav" name="VEVENT"/>"#
            + #"<comp xmlns="urn:ietf:params:xml:ns:caldav" name="VTODO"/>"#)

    /// A dead property value with child elements and its own namespace declarations.
    public static let markupValue = PropertyValue(
        xml: #"<x:author xmlns:x="http://example.com/ns/">Jane &amp; <x:b>Joe</x:b></x:author>"#)
}
