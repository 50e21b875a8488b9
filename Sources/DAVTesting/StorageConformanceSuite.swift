import DAVCore

/// The executable form of the `Storage` contract: every backend runs every case on a fresh,
/// empty storage.
///
/// Framework-agnostic on purpose, so any test runner can drive it:
/// ```swift
/// @Test(arguments: StorageConformanceSuite.caseNames)
/// func conformance(_ name: String) async throws {
///     try await StorageConformanceSuite.run(name, on: makeFreshStorage())
/// }
/// ```
/// Each case creates what it needs under `/alice/`; the storage must start empty apart from the
/// root collection. A failed expectation throws `ConformanceFailure`; an unexpected error from the
/// storage is reported as a failure of the case that hit it.
public struct StorageConformanceSuite: Sendable {
    typealias Case = @Sendable (ConformanceContext) async throws -> Void

    /// Every case in run order; names are stable so test reports can be compared across runs.
    static let cases: [(name: String, body: Case)] =
        objectCases + collectionCases + syncCases + propertyCases + transferCases + concurrencyCases

    /// The stable names of every case, one per contract clause.
    public static let caseNames: [String] = cases.map(\.name)

    /// Runs the case called `name` against `storage`, which must be fresh (only the root exists).
    /// - Throws: `ConformanceFailure` naming the case when an expectation fails or the storage
    ///   throws something the case did not expect.
    public static func run(_ name: String, on storage: any Storage) async throws {
        try await ConformanceContext.run(name, from: cases) { ConformanceContext(storage: storage, caseName: $0) }
    }
}
