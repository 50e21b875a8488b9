/// Runs one REPORT against the request target.
public protocol ReportHandler: Sendable {
    func run(_ body: XMLElement, on target: PropertyTarget, context: RequestContext) async throws -> DAVResponse
}

/// The explicit list of reports, keyed by the body's root element.
public enum ReportRegistry {
    public static let standard: [QName: any ReportHandler] = [
        .caldav("calendar-multiget"): MultigetReport(kind: .calendar),
        .carddav("addressbook-multiget"): MultigetReport(kind: .addressBook),
        .dav("sync-collection"): SyncCollectionReport(),
        .caldav("calendar-query"): CalendarQueryReport(),
        .caldav("free-busy-query"): FreeBusyReport(),
        .carddav("addressbook-query"): AddressBookQueryReport(),
    ]
}
