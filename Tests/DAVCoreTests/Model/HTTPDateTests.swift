import Foundation
import Testing

@testable import DAVCore

/// IMF-fixdate (RFC 9110 §5.6.7) against Foundation's formatter with the RFC's pattern.
@Suite struct HTTPDateTests {
    @Test func formatsAsFoundationDoes() {
        let reference = DateFormatter()
        reference.locale = Locale(identifier: "en_US_POSIX")
        reference.timeZone = TimeZone(identifier: "GMT")
        reference.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 784_111_777)) == "Sun, 06 Nov 1994 08:49:37 GMT")
        var generator = SystemRandomNumberGenerator()
        // Whole seconds: Foundation rounds a fraction, an HTTP date drops it.
        var instants: [Double] = [0, -1, 86_399, 86_400, 951_782_400, 4_107_542_399, -2_208_988_800, 253_402_300_799]
        for _ in 0..<2000 { instants.append(Double(Int64.random(in: -2_000_000_000...8_000_000_000, using: &generator))) }
        for t in instants {
            let date = Date(timeIntervalSince1970: t)
            #expect(HTTPDate.format(date) == reference.string(from: date), "\(t)")
        }
    }
}
