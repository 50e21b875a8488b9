/// Request bodies tests send: small iCalendar and vCard objects and REPORT bodies.
public enum Payloads {
    public static func event(uid: String, summary: String = "Meeting", start: String = "20250601T100000Z") -> String {
        """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        PRODID:-//Test//EN\r
        BEGIN:VEVENT\r
        UID:\(uid)\r
        DTSTAMP:20250101T000000Z\r
        DTSTART:\(start)\r
        DURATION:PT1H\r
        SUMMARY:\(summary)\r
        END:VEVENT\r
        END:VCALENDAR\r

        """
    }

    public static func todo(uid: String) -> String {
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VTODO\r\nUID:\(uid)\r\nDTSTAMP:20250101T000000Z\r\nSUMMARY:Do it\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    }

    public static func vcard(uid: String, name: String = "Ada Lovelace") -> String {
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:\(uid)\r\nFN:\(name)\r\nN:Lovelace;Ada;;;\r\nEND:VCARD\r\n"
    }

    public static func syncCollection(token: String = "", limit: Int? = nil, props: String = "<D:getetag/>") -> String {
        let limitXML = limit.map { "<D:limit><D:nresults>\($0)</D:nresults></D:limit>" } ?? ""
        return #"<?xml version="1.0" encoding="utf-8"?><D:sync-collection xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:sync-token>"# + token + "</D:sync-token><D:sync-level>1</D:sync-level>" + limitXML + "<D:prop>" + props + "</D:prop></D:sync-collection>"
    }

    public static func multiget(_ hrefs: [String]) -> String {
        #"<?xml version="1.0" encoding="utf-8"?><C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/><C:calendar-data/></D:prop>"#
            + hrefs.map { "<D:href>\($0)</D:href>" }.joined() + "</C:calendar-multiget>"
    }
}
