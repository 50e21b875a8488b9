/// Why a recurrence could not be parsed or expanded.
///
/// `.invalidRule` and `.invalidComponent` describe the data (a client sent something RFC 5545
/// forbids); `.limitExceeded` describes the work (the data may be valid, but expanding it would
/// cost more than `RecurrenceExpander.Limits` allow). Callers typically reject the former with
/// `CALDAV:valid-calendar-data` and the latter with a resource-limit error.
public struct RecurrenceError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable { case invalidRule, invalidComponent, limitExceeded }
        private let value: Value

        /// The RRULE text breaks RFC 5545 §3.3.10.
        public static let invalidRule = Code(value: .invalidRule)
        /// The component's dates cannot be read (e.g. an RRULE without DTSTART).
        public static let invalidComponent = Code(value: .invalidComponent)
        /// Expansion hit `maxInstances`, `maxIterations` or the deadline before the answer was known.
        public static let limitExceeded = Code(value: .limitExceeded)

        public var description: String {
            switch value {
            case .invalidRule: "invalid recurrence rule"
            case .invalidComponent: "invalid recurring component"
            case .limitExceeded: "recurrence limit exceeded"
            }
        }
    }

    public var code: Code
    /// What went wrong and, where it helps, what to change.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static func invalidRule(_ message: String) -> RecurrenceError { RecurrenceError(.invalidRule, message) }
}
