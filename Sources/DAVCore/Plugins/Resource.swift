import FoundationEssentials

/// A collection as storage describes it.
public struct CollectionInfo: Sendable, Hashable {
    public var path: ResourcePath
    public var kind: CollectionKind
    /// Dead and client-settable live properties (displayname, calendar-color, …).
    public var properties: [QName: PropertyValue]
    /// Changes whenever a member or property changes; persisted, never a hash over all items.
    public var ctag: String
    /// The RFC 6578 sync token for the current state: a URI.
    public var syncToken: String
    public var lastModified: Date

    public init(path: ResourcePath, kind: CollectionKind, properties: [QName: PropertyValue] = [:],
                ctag: String, syncToken: String, lastModified: Date) {
        self.path = path
        self.kind = kind
        self.properties = properties
        self.ctag = ctag
        self.syncToken = syncToken
        self.lastModified = lastModified
    }
}

/// A stored object (calendar object, vCard, or plain file) without its bytes.
public struct ObjectInfo: Sendable, Hashable {
    public var path: ResourcePath
    public var etag: ETag
    /// The media type given at PUT, or the one storage derives from the collection kind.
    public var contentType: String
    public var size: Int
    public var lastModified: Date
    /// Dead properties set by PROPPATCH on the object itself.
    public var properties: [QName: PropertyValue]

    public init(path: ResourcePath, etag: ETag, contentType: String, size: Int, lastModified: Date,
                properties: [QName: PropertyValue] = [:]) {
        self.path = path
        self.etag = etag
        self.contentType = contentType
        self.size = size
        self.lastModified = lastModified
        self.properties = properties
    }
}

/// An object with its bytes, exactly as the client sent them.
public struct StoredObject: Sendable, Hashable {
    public var info: ObjectInfo
    public var bytes: [UInt8]

    public init(info: ObjectInfo, bytes: [UInt8]) {
        self.info = info
        self.bytes = bytes
    }
}

/// What lives at a path.
public enum Resource: Sendable, Hashable {
    case collection(CollectionInfo)
    case object(ObjectInfo)

    public var path: ResourcePath {
        switch self {
        case .collection(let c): c.path
        case .object(let o): o.path
        }
    }
}

/// The bytes to store and what the core extracted from them for indexing.
public struct ObjectContent: Sendable {
    public var bytes: [UInt8]
    public var contentType: String
    /// The UID, component type and time bounds; `nil` for plain files.
    public var summary: ObjectSummary?

    public init(bytes: [UInt8], contentType: String, summary: ObjectSummary?) {
        self.bytes = bytes
        self.contentType = contentType
        self.summary = summary
    }
}

/// Index data for a calendar object or vCard, computed by the core before storing so that a
/// backend can index it without parsing (Sabre's denormalised columns).
public struct ObjectSummary: Sendable, Hashable, Codable {
    /// The UID shared by all components of the object (RFC 4791 §4.1, RFC 6352 §5.1).
    public var uid: String
    /// `VEVENT`, `VTODO`, `VJOURNAL`, `VFREEBUSY` or `VCARD`.
    public var componentType: String
    /// First and last instant the object occupies, seconds since 1970 (64-bit: no 2038 cap);
    /// `nil` when unknown, which means "may match any time range".
    public var firstStart: Int64?
    public var lastEnd: Int64?
    /// Set only when the object is one VEVENT instance fixed in time: no recurrence, a UTC or
    /// TZID start (not floating, not all-day), a DTEND or DURATION and a positive length. That
    /// instance alone then decides a time-range query on VEVENT (RFC 4791 §9.9, first two rows
    /// of the table), so a backend can report the object as an exact match
    /// (`StorageQuery.certainlyMatches`). `nil` for everything else: the core parses and decides.
    public var fixedInstance: FixedInstance?
    /// Every instance of the object, in start order, when all of them are fixed in time as above
    /// but the one VEVENT may recur: RRULE (with COUNT or a UTC UNTIL), RDATE and EXDATE values
    /// (lists too) that are UTC or TZID date-times, no RECURRENCE-ID overrides, at most
    /// `ObjectSummary.maxIndexedInstances` instances. They decide a time-range query on VEVENT
    /// both ways: a match when one overlaps, no match when none does (`StorageQuery.decision`).
    /// A fixed event has its one instance here too. `nil` when the core cannot promise that; a
    /// backend may also ignore it.
    public var instances: [FixedInstance]?

    /// The most instances a summary lists; an object with more has `instances == nil`.
    public static let maxIndexedInstances = 1000

    public init(uid: String, componentType: String, firstStart: Int64? = nil, lastEnd: Int64? = nil,
                fixedInstance: FixedInstance? = nil, instances: [FixedInstance]? = nil) {
        self.uid = uid
        self.componentType = componentType
        self.firstStart = firstStart
        self.lastEnd = lastEnd
        self.fixedInstance = fixedInstance
        self.instances = instances
    }

    /// A fixed instance's UTC start and end, seconds since 1970; `end > start`.
    public struct FixedInstance: Sendable, Hashable, Codable {
        public var start: Int64
        public var end: Int64

        public init(start: Int64, end: Int64) {
            self.start = start
            self.end = end
        }

        /// From a backend's two stored columns or fields: `nil` unless both are there.
        public init?(start: Int64?, end: Int64?) {
            guard let start, let end else { return nil }
            self.init(start: start, end: end)
        }
    }
}
