/// A rights-file regex, matched the way Radicale's Python `re.fullmatch` does: against the whole
/// string, one Unicode scalar at a time (Swift's default would match grapheme clusters, so `.`
/// could swallow a base letter and its accent where Python sees two characters).
struct CompiledPattern: @unchecked Sendable {
    // Regex has no Sendable conformance on Linux yet; it is immutable once built and only
    // read from here, so sharing it between tasks is safe.
    private let regex: Regex<AnyRegexOutput>
    /// How many groups the pattern captures, when that could be worked out at compile time.
    let captureCount: Int?

    init(_ pattern: String) throws {
        regex = try Regex(pattern).matchingSemantics(.unicodeScalar)
        // Wrapped as an optional group, the pattern matches the empty string and still reports
        // every capture (unset), which counts them without a real match.
        captureCount = (try? Regex("(?:\(pattern))?"))
            .flatMap { try? $0.wholeMatch(in: "") }
            .map { $0.output.count - 1 }
    }

    /// The captured groups (`nil` for one that took no part) when `text` matches as a whole.
    func wholeMatch(_ text: String) -> [Substring?]? {
        guard let match = try? regex.wholeMatch(in: text) else { return nil }
        return match.output.dropFirst().map(\.substring)
    }

    func matches(_ text: String) -> Bool {
        (try? regex.wholeMatch(in: text)) != nil
    }
}
