import FoundationEssentials

/// A resource whose properties are being read, with what properties need to know about it.
public struct PropertyTarget: Sendable {
    public let resource: Resource
    /// Present when the REPORT asked for calendar-data/address-data.
    public var bytes: [UInt8]?

    public init(resource: Resource, bytes: [UInt8]? = nil) {
        self.resource = resource
        self.bytes = bytes
    }

    public var path: ResourcePath { resource.path }
    public var isCollection: Bool { if case .collection = resource { true } else { false } }
    public var collection: CollectionInfo? { if case .collection(let c) = resource { c } else { nil } }
    public var object: ObjectInfo? { if case .object(let o) = resource { o } else { nil } }
    public var kind: CollectionKind? { collection?.kind }
    /// `/<user>/`: the principal, which is also its calendar and address-book home.
    public var isPrincipal: Bool { isCollection && path.segments.count == 1 }
    public var isRoot: Bool { path.isRoot }
    public var href: String { path.href(collection: isCollection) }
    public var storedProperties: [QName: PropertyValue] {
        switch resource {
        case .collection(let c): c.properties
        case .object(let o): o.properties
        }
    }

    /// The synthetic root `/`: it lists principals but is never stored.
    public static let root = PropertyTarget(resource: .collection(CollectionInfo(
        path: .root, kind: .plain, ctag: "root", syncToken: "urn:x-pocketdav:root", lastModified: Date(timeIntervalSince1970: 0))))
}
