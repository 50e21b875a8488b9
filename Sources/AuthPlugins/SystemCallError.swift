#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed POSIX call, with the path it was about; the `cause` of an `HtpasswdError`.
struct SystemCallError: Error, Sendable, CustomStringConvertible {
    var call: String
    var path: String
    var errno: Int32

    var description: String { "\(call)(\(path)): \(String(cString: strerror(errno)))" }
}
