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
/// a named zone (`/etc/localtime`, `TZ=Europe/Berlin`) is read from ICU's data, which then stays
/// resident, only to be replaced by GMT a line later. pocketdav itself never asks Foundation for
/// local time (iCalendar zones come from VTIMEZONE, logs use libc), so Foundation's zone is
/// resolved once with `TZ=GMT` and `TZ` is put back as it was. libc's local time, which log
/// timestamps use, is unchanged.
enum FoundationZone {
    static func pinToGMT() {
        withEnvironment("TZ", set: "GMT") { _ = TimeZone.current }  // Foundation caches it
    }

    /// Runs `body` with `name=value` in the environment, then restores the variable (or unsets it
    /// if it was unset) and has libc read `TZ` again. Call it before other threads read `name`.
    static func withEnvironment<T>(_ name: String, set value: String, _ body: () -> T) -> T {
        let saved = getenv(name).map { String(cString: $0) }
        setenv(name, value, 1)
        defer {
            if let saved { setenv(name, saved, 1) } else { unsetenv(name) }
            tzset()
        }
        return body()
    }
}
