/// What PUT and MOVE/COPY check before anything reaches storage (RFC 4791 §4.1 and §5.3.2.1,
/// RFC 6352 §5.1 and §6.3.2.1).
public enum ObjectValidation {
    /// A calendar object resource: one VCALENDAR, one component type (VTIMEZONE aside), one UID
    /// shared by all its components (recurrence overrides share it), a type the calendar accepts,
    /// dates and recurrence rules that parse. The summary carries the index's time bounds.
    public static func calendarObject(_ bytes: [UInt8], allowedComponents: [String]) throws -> ObjectSummary {
        let calendar: Component
        do {
            let roots = try ContentParser.parse(bytes)
            guard roots.count == 1, roots[0].name == "VCALENDAR" else {
                throw ContentError(line: 0, reason: "expected exactly one VCALENDAR")
            }
            calendar = roots[0]
        } catch {
            throw DAVError.precondition(403, .caldav("valid-calendar-data"), "Not valid iCalendar data: \(error)")
        }
        let components = calendar.components.filter { $0.name != "VTIMEZONE" }
        guard let first = components.first else {
            throw DAVError.precondition(403, .caldav("valid-calendar-object-resource"), "The calendar object has no component")
        }
        guard components.allSatisfy({ $0.name == first.name }) else {
            throw DAVError.precondition(403, .caldav("valid-calendar-object-resource"),
                                        "A calendar object resource holds one component type (RFC 4791 §4.1)")
        }
        let uids = Set(components.map(\.uid))
        guard uids.count == 1, let uid = first.uid, !uid.isEmpty else {
            throw DAVError.precondition(403, .caldav("valid-calendar-object-resource"),
                                        uids.contains(nil) ? "Every component needs a UID (RFC 5545 §3.8.4.7)"
                                                           : "All components of one resource share one UID (RFC 4791 §4.1)")
        }
        guard allowedComponents.contains(first.name) else {
            throw DAVError.precondition(403, .caldav("supported-calendar-component"),
                                        "This calendar does not accept \(first.name)")
        }
        // One resolver for both: the object's VTIMEZONEs are read once.
        let resolver = TimeZoneResolver(calendar: calendar)
        let bounds = try ObjectTimeBounds.bounds(of: components, resolver: resolver)
        let instances = ObjectTimeBounds.fixedInstances(of: components, resolver: resolver)
        return ObjectSummary(uid: uid, componentType: first.name, firstStart: bounds.first, lastEnd: bounds.last,
                             fixedInstance: ObjectTimeBounds.fixedInstance(of: components, instances: instances),
                             instances: instances)
    }

    /// A vCard resource: exactly one VCARD with a UID.
    public static func addressObject(_ bytes: [UInt8]) throws -> ObjectSummary {
        let card: Component
        do {
            let roots = try ContentParser.parse(bytes)
            guard roots.count == 1, roots[0].name == "VCARD" else { throw ContentError(line: 0, reason: "expected exactly one VCARD") }
            card = roots[0]
        } catch {
            throw DAVError.precondition(403, .carddav("valid-address-data"), "Not valid vCard data: \(error)")
        }
        guard let uid = card.uid, !uid.isEmpty else {
            throw DAVError.precondition(403, .carddav("valid-address-data"), "A vCard resource needs a UID (RFC 6352 §5.1)")
        }
        return ObjectSummary(uid: uid, componentType: "VCARD")
    }

    /// Validates bytes destined for a collection of `kind`, returning the index summary
    /// (`nil` for plain collections, which hold any file).
    public static func summary(for bytes: [UInt8], contentType: String?, in collection: CollectionInfo) throws -> ObjectSummary? {
        let mediaType = contentType.map(MediaType.essence)
        switch collection.kind {
        case .plain:
            return nil
        case .calendar:
            if let mediaType, !MediaType.isCalendar(mediaType) {
                throw DAVError.precondition(415, .caldav("supported-calendar-data"), "A calendar accepts text/calendar, not \(mediaType)")
            }
            let allowed = CalendarComponents.names(in: collection.properties[.caldav("supported-calendar-component-set")])
            return try calendarObject(bytes, allowedComponents: allowed)
        case .addressBook:
            if let mediaType, !MediaType.isVCard(mediaType) {
                throw DAVError.precondition(415, .carddav("supported-address-data"), "An address book accepts text/vcard, not \(mediaType)")
            }
            return try addressObject(bytes)
        }
    }
}

/// Media type helpers.
public enum MediaType {
    /// `text/calendar; charset=utf-8` → `text/calendar`.
    public static func essence(_ value: String) -> String {
        String(value.split(separator: ";", maxSplits: 1).first ?? "").trimmingCharacters().lowercased()
    }

    public static func isCalendar(_ essence: String) -> Bool {
        // Some clients label iCalendar generically; the body is validated either way.
        ["text/calendar", "application/octet-stream", "text/plain", "application/ics"].contains(essence)
    }

    public static func isVCard(_ essence: String) -> Bool {
        ["text/vcard", "text/x-vcard", "text/directory", "application/octet-stream", "text/plain"].contains(essence)
    }
}
