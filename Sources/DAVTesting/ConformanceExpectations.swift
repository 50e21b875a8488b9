/// What every conformance suite's per-case context shares: expectations that throw a
/// `ConformanceFailure` naming the suite and the case, and running one case by name.
protocol ConformanceExpectations: Sendable {
    /// The suite's public name, shown in every failure.
    static var suite: String { get }
    var caseName: String { get }
}

extension ConformanceExpectations {
    func expect(_ condition: Bool, _ message: @autoclosure () -> String, line: UInt = #line) throws {
        if !condition { throw fail(message(), line: line) }
    }

    func fail(_ message: String, line: UInt = #line) -> ConformanceFailure {
        ConformanceFailure(message, suite: Self.suite, case: caseName, line: line)
    }

    /// Runs the case called `name` from `cases` on the context `makeContext` returns for it.
    /// - Throws: `ConformanceFailure` naming the case when an expectation fails or anything else
    ///   (the code under test, `makeContext`) throws.
    static func run(_ name: String, from cases: [(name: String, body: @Sendable (Self) async throws -> Void)],
                    on makeContext: (String) async throws -> Self) async throws {
        guard let found = cases.first(where: { $0.name == name }) else {
            throw ConformanceFailure("no case named \(name)", suite: suite, case: name)
        }
        do {
            try await found.body(try await makeContext(name))
        } catch let failure as ConformanceFailure {
            throw failure
        } catch {
            throw ConformanceFailure("unexpected error: \(error)", suite: suite, case: name, line: 0)
        }
    }
}
