/// Reads a TZif file (RFC 8536) into a zone: the 64-bit transition list of version 2+ (the
/// 32-bit one of version 1 files), and the POSIX TZ footer for instants after the last
/// transition. Leap-second records are skipped: iCalendar times are POSIX times.
enum TZifParser {
    static func zone(identifier: String, bytes: [UInt8]) -> TimeZoneResolver.Zone? {
        guard let v1 = Header(bytes, at: 0) else { return nil }
        guard v1.version >= 2 else { return v1.zone(identifier: identifier, bytes: bytes, timeSize: 4, footer: nil) }
        let second = 44 + v1.blockSize(timeSize: 4)
        guard let v2 = Header(bytes, at: second) else { return nil }
        let footerStart = second + 44 + v2.blockSize(timeSize: 8)
        var footer: PosixTimeZoneRule?
        if footerStart < bytes.count, bytes[footerStart] == 0x0A,
           let end = bytes[(footerStart + 1)...].firstIndex(of: 0x0A), end > footerStart + 1 {
            footer = PosixTimeZoneRule.parse(String(decoding: bytes[(footerStart + 1)..<end], as: UTF8.self))
        }
        return v2.zone(identifier: identifier, bytes: bytes, timeSize: 8, footer: footer)
    }

    /// RFC 8536 §3.1: magic, version, 15 unused octets, then six 32-bit counts.
    private struct Header {
        let start: Int
        let version: Int
        let isUTCCount, isStandardCount, leapCount, timeCount, typeCount, charCount: Int

        init?(_ bytes: [UInt8], at start: Int) {
            guard start + 44 <= bytes.count, bytes[start..<start + 4].elementsEqual("TZif".utf8) else { return nil }
            func count(_ i: Int) -> Int {
                Int(TZifParser.bigEndian(bytes, at: start + 20 + 4 * i, size: 4))
            }
            self.start = start
            version = bytes[start + 4] == 0 ? 1 : Int(bytes[start + 4]) - 0x30
            isUTCCount = count(0)
            isStandardCount = count(1)
            leapCount = count(2)
            timeCount = count(3)
            typeCount = count(4)
            charCount = count(5)
            // Real files hold a few hundred transitions; these caps stop a corrupt header from
            // asking for gigabytes.
            guard version >= 1, typeCount >= 1, typeCount <= 256, timeCount >= 0, timeCount <= 100_000,
                  [isUTCCount, isStandardCount, leapCount, charCount].allSatisfy({ $0 >= 0 && $0 <= 100_000 }),
                  start + 44 + blockSize(timeSize: 4) <= bytes.count
            else { return nil }
        }

        func blockSize(timeSize: Int) -> Int {
            timeCount * timeSize + timeCount + typeCount * 6 + charCount + leapCount * (timeSize + 4) + isStandardCount + isUTCCount
        }

        func zone(identifier: String, bytes: [UInt8], timeSize: Int, footer: PosixTimeZoneRule?) -> TimeZoneResolver.Zone? {
            let body = start + 44
            guard body + blockSize(timeSize: timeSize) <= bytes.count else { return nil }
            let indices = body + timeCount * timeSize
            let types = indices + timeCount
            var utcOffsets: [Int32] = []
            for t in 0..<typeCount {
                utcOffsets.append(Int32(truncatingIfNeeded: TZifParser.bigEndian(bytes, at: types + 6 * t, size: 4)))
            }
            var transitions: [Int64] = []
            var offsets: [Int32] = []
            transitions.reserveCapacity(timeCount)
            for i in 0..<timeCount {
                let type = Int(bytes[indices + i])
                guard type < typeCount else { return nil }
                let time = TZifParser.bigEndian(bytes, at: body + i * timeSize, size: timeSize)
                guard transitions.last.map({ time > $0 }) ?? true else { return nil }  // must ascend
                transitions.append(time)
                offsets.append(utcOffsets[type])
            }
            // Before the first transition, type 0 applies (RFC 8536 §3.2); after the last, the footer.
            return TimeZoneResolver.Zone(
                identifier: identifier, transitions: transitions, offsets: offsets, initialOffset: Int(utcOffsets[0]),
                tail: footer.map { .posix($0) }, tailStart: transitions.last.map { $0 + 1 } ?? .min)
        }
    }

    /// A signed big-endian integer of 4 or 8 octets.
    static func bigEndian(_ bytes: [UInt8], at offset: Int, size: Int) -> Int64 {
        var value: UInt64 = 0
        for b in bytes[offset..<offset + size] { value = value << 8 | UInt64(b) }
        return size == 4 ? Int64(Int32(truncatingIfNeeded: value)) : Int64(bitPattern: value)
    }
}
