import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Foundation's idea of the local time zone, fixed to GMT before the HTTP server starts.
///
/// Hummingbird formats the `Date` header (RFC 9110 §5.6.7, always GMT) with a Gregorian
/// `Calendar`. Creating that calendar first resolves Foundation's current time zone, and on Linux
/// a named zone (`/etc/localtime`, `TZ=Europe/Berlin`) is read from ICU's data: about 1 MB that
/// stays resident, only to be replaced by GMT a line later. pocketdav itself never asks
/// Foundation for local time (iCalendar zones come from VTIMEZONE, logs use libc), so Foundation's
/// zone is resolved once with `TZ=GMT` and `TZ` is put back as it was. libc's local time, which
/// log timestamps use, is unchanged.
enum FoundationZone {
    static func pinToGMT() {
        let saved = getenv("TZ").map { String(cString: $0) }
        setenv("TZ", "GMT", 1)
        _ = TimeZone.current  // cached by Foundation from here on
        if let saved { setenv("TZ", saved, 1) } else { unsetenv("TZ") }
        tzset()
    }
}
