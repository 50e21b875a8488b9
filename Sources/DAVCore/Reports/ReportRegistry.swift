/// Runs one REPORT against the request target.
public protocol ReportHandler: Sendable {
    func run(_ body: XMLElement, on target: PropertyTarget, context: RequestContext) async throws -> DAVResponse

    /// Whether the answer on a collection depends only on that collection's state and the
    /// request, so `ReportCache` may keep it (see there for what else it checks).
    var answersFromCollectionState: Bool { get }
}

extension ReportHandler {
    public var answersFromCollectionState: Bool { false }
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
