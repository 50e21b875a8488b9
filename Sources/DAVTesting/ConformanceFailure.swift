/// A failed expectation in `StorageConformanceSuite`: which case, what was expected, and where.
public struct ConformanceFailure: Error, Sendable, CustomStringConvertible {
    /// What went wrong, phrased as the expectation that did not hold.
    public var message: String
    /// The `StorageConformanceSuite.caseNames` entry that failed.
    public var `case`: String
    /// The suite source line of the failed expectation, to find it quickly.
    public var line: UInt

    public init(_ message: String, case: String, line: UInt = #line) {
        self.message = message
        self.case = `case`
        self.line = line
    }

    public var description: String { "[\(self.case)] \(message) (StorageConformanceSuite line \(line))" }
}
