import FoundationEssentials
import Synchronization

/// IANA zones from the system's TZif files: `/usr/share/zoneinfo`, or `$TZDIR` when set.
///
/// TZIDs come from clients, so a name only reaches the file system after `isSafeName` has ruled
/// out absolute paths, `..` and odd characters, and only files that start with the TZif magic
/// are believed. Parsed zones, and names with no zone, are cached process-wide (zones do not
/// change while we run; a tzdata update takes a restart), at most `cacheLimit` of them: an
/// unknown TZID is looked up for every date of every object a query reads.
enum IANATimeZones {
    private static let cache = Mutex<[String: TimeZoneResolver.Zone?]>([:])
    private static let cacheLimit = 1_024
    /// The biggest real TZif file is a few kilobytes; anything past this is not one.
    private static let maxFileSize = 1 << 20

    /// `$TZDIR` as it was when first needed (reading the environment on every lookup is costly),
    /// else `/usr/share/zoneinfo`.
    static let directory: String = {
        if let dir = ProcessInfo.processInfo.environment["TZDIR"], !dir.isEmpty { return dir }
        return "/usr/share/zoneinfo"
    }()

    /// The zone called `name` (`Europe/Berlin`) in `directory` (default: `$TZDIR` or
    /// `/usr/share/zoneinfo`), or nil when there is no such TZif file.
    static func zone(named name: String, directory: String = directory) -> TimeZoneResolver.Zone? {
        guard isSafeName(name) else { return nil }
        let key = directory + "\u{0}" + name
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let zone = read(directory + "/" + name).flatMap { TZifParser.zone(identifier: name, bytes: $0) }
        cache.withLock { entries in
            if entries.count < cacheLimit { entries[key] = zone }
        }
        return zone
    }

    /// `Area/Location[/Sub]` made of letters, digits, `_`, `-`, `+` and inner dots.
    static func isSafeName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 128 else { return false }
        for component in name.split(separator: "/", omittingEmptySubsequences: false) {
            guard !component.isEmpty, component.first != ".",
                  component.utf8.allSatisfy({ b in
                      (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
                          || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".")
                  }) else { return false }
        }
        return true
    }

    private static func read(_ path: String) -> [UInt8]? {
        guard let data = try? Data(contentsOf: URL(filePath: path, directoryHint: .notDirectory)),
              data.count >= 44, data.count <= maxFileSize else { return nil }
        return [UInt8](data)
    }
}
