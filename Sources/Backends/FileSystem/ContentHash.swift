import Crypto

/// The strong etag of stored bytes: lowercase hex SHA-256, stable across restarts and machines.
enum ContentHash {
    static func hex(_ bytes: [UInt8]) -> String {
        let digest = SHA256.hash(data: bytes)
        // Written straight into the string's storage: every GET of an item computes one.
        return String(unsafeUninitializedCapacity: 2 * SHA256.byteCount) { out in
            digest.withUnsafeBytes { hash in
                for (i, byte) in hash.enumerated() {
                    out[2 * i] = digits[Int(byte >> 4)]
                    out[2 * i + 1] = digits[Int(byte & 0xF)]
                }
            }
            return 2 * SHA256.byteCount
        }
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)
}
