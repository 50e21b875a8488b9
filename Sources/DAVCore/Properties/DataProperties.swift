/// `CALDAV:calendar-data` (RFC 4791 §9.6) and `CARDDAV:address-data` (RFC 6352 §10.4): only in
/// REPORT answers, where the object bytes were loaded; PROPFIND reports them as not found.
enum DataProperties {
    static let all: [LiveProperty] = [
        LiveProperty(.caldav("calendar-data")) { target, _ in
            guard let bytes = target.bytes else { return nil }
            return [.text(String(decoding: bytes, as: UTF8.self))]
        },
        LiveProperty(.carddav("address-data")) { target, _ in
            guard let bytes = target.bytes else { return nil }
            return [.text(String(decoding: bytes, as: UTF8.self))]
        },
    ]
}
