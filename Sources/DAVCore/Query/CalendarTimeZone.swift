/// The zone floating times and all-day values are evaluated in (RFC 4791 §9.9): the query's
/// `CALDAV:timezone` when given, else the calendar's `calendar-timezone` property, else UTC.
enum CalendarTimeZone {
    static func floatingZone(request body: XMLElement?, collection: CollectionInfo) throws -> TimeZoneResolver.Zone? {
        if let element = body?.child(.caldav("timezone")) {
            guard let zone = zone(fromCalendarText: element.text) else {
                throw DAVError.precondition(403, .caldav("valid-calendar-data"),
                                            "CALDAV:timezone must hold a VCALENDAR with one VTIMEZONE (RFC 4791 §9.8)")
            }
            return zone
        }
        guard let text = collection.properties[.caldav("calendar-timezone")]?.text else { return nil }
        return zone(fromCalendarText: text)
    }

    static func zone(fromCalendarText text: String) -> TimeZoneResolver.Zone? {
        guard let calendar = try? ContentParser.parse(Array(text.utf8)).first,
              let vtimezone = calendar.components("VTIMEZONE").first else { return nil }
        return TimeZoneResolver.zone(fromVTimezone: vtimezone)
    }
}
