/// A failed expectation in a conformance suite (`StorageConformanceSuite`,
/// `AccountStoreConformance`): which suite and case, what was expected, and where.
public struct ConformanceFailure: Error, Sendable, CustomStringConvertible {
    /// What went wrong, phrased as the expectation that did not hold.
    public var message: String
    /// The suite the case belongs to, such as `StorageConformanceSuite`.
    public var suite: String
    /// The suite's `caseNames` entry that failed.
    public var `case`: String
    /// The suite source line of the failed expectation, to find it quickly (0 when the failure
    /// is an unexpected error rather than an expectation).
    public var line: UInt

    public init(_ message: String, suite: String, case: String, line: UInt = #line) {
        self.message = message
        self.suite = suite
        self.case = `case`
        self.line = line
    }

    public var description: String { "[\(self.case)] \(message) (\(suite) line \(line))" }
}
