import Logging

/// Creates a principal's home and default collections on first login.
enum PrincipalProvisioning {
    static func ensureHome(_ home: ResourcePath, storage: any Storage, configuration: ServerConfiguration,
                           logger: Logger) async throws {
        if try await storage.resource(at: home) != nil { return }
        do {
            try await storage.createCollection(at: home, kind: .plain, properties: [:])
        } catch let error as StorageError where error.code == .alreadyExists {
            return  // another request of the same user won the race
        }
        logger.notice("created principal home", metadata: ["home": "\(home)"])
        guard configuration.createDefaultCollections else { return }
        let calendar = try home.appending(configuration.defaultCalendarName)
        try await storage.createCollection(at: calendar, kind: .calendar, properties: [
            .dav("displayname"): PropertyValue(text: "Calendar"),
            .caldav("supported-calendar-component-set"): CalendarComponents.value(["VEVENT", "VTODO"]),
        ])
        let book = try home.appending(configuration.defaultAddressBookName)
        try await storage.createCollection(at: book, kind: .addressBook, properties: [
            .dav("displayname"): PropertyValue(text: "Contacts")
        ])
    }
}
