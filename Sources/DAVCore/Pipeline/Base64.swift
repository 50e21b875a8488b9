/// Strict base64 decoding (RFC 4648 §4: the standard alphabet, padded to a multiple of four).
///
/// Why not Foundation's `Data(base64Encoded:)`: every authenticated request decodes its `Basic`
/// credentials, and for a GET answered on the event loop Foundation's decoder and the `Data` and
/// `String` round trip were a visible share of the request (Benchmarks/RESULTS.md, "The fast lane").
/// It decodes every well-formed encoding as `Data(base64Encoded:)` does, and refuses the
/// padding in the middle (`YQ=a`) that Foundation tolerates (RFC 4648 §3.3).
enum Base64 {
    static func decode(_ text: Substring) -> [UInt8]? {
        let input = text.utf8
        guard input.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3)
        var quad: UInt32 = 0, filled = 0, padding = 0
        for byte in input {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="):
                padding += 1
                value = 0
            default: return nil
            }
            // Padding only at the end: nothing but `=` may follow a `=`.
            if padding > 0, byte != UInt8(ascii: "=") { return nil }
            quad = quad << 6 | value
            filled += 1
            if filled == 4 {
                out.append(UInt8(truncatingIfNeeded: quad >> 16))
                out.append(UInt8(truncatingIfNeeded: quad >> 8))
                out.append(UInt8(truncatingIfNeeded: quad))
                quad = 0
                filled = 0
            }
        }
        guard padding <= 2 else { return nil }
        out.removeLast(padding)
        return out
    }
}
