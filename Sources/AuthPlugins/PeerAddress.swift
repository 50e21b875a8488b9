#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address, parsed, so that `::ffff:127.0.0.1` and `127.0.0.1`, or `::1` and
/// `0:0:0:0:0:0:0:1`, compare equal. Used to decide whether a peer is loopback and whether it is
/// a trusted proxy; a string comparison would let a differently spelled address through or shut
/// a proxy out.
public struct PeerAddress: Sendable, Hashable, CustomStringConvertible {
    /// 16 bytes; IPv4 addresses are stored IPv4-mapped (`::ffff:a.b.c.d`, RFC 4291 §2.5.5.2).
    public let bytes: [UInt8]

    /// Parses a literal address (`192.0.2.1`, `2001:db8::1`, `[::1]`); `nil` for host names,
    /// ports, zone ids and anything else.
    public init?(_ text: String) {
        var literal = Substring(text)
        if literal.hasPrefix("["), literal.hasSuffix("]") { literal = literal.dropFirst().dropLast() }
        guard !literal.isEmpty, literal.count <= 45 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, String(literal), &v4) == 1 {
            let b = withUnsafeBytes(of: v4) { Array($0) }
            bytes = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + b
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, String(literal), &v6) == 1 else { return nil }
        bytes = withUnsafeBytes(of: v6) { Array($0) }
    }

    /// Whether the address is loopback: 127.0.0.0/8 (also IPv4-mapped) or `::1`.
    public var isLoopback: Bool {
        if isIPv4 { return bytes[12] == 127 }
        return bytes == [UInt8](repeating: 0, count: 15) + [1]
    }

    private var isIPv4: Bool { bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF }

    public var description: String {
        if isIPv4 { return bytes[12...].map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            .joined(separator: ":")
    }
}
