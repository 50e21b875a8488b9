extension ContentParser {
    /// One logical content line as it appears in the stored bytes.
    struct RawLine {
        /// Its physical lines with their line endings, folds and quoted-printable soft breaks
        /// included, so the line can be copied out verbatim.
        var bytes: Range<Int>
        /// The unfolded line parsed, or `nil` when it is not a valid content line.
        var line: ContentLine?
    }

    /// Calls `body` with every logical line of `bytes`, unfolded exactly as `parse` unfolds
    /// (the same walk: RFC 5545 §3.1 folding, vCard 2.1 quoted-printable soft breaks); blank
    /// lines are skipped. Never throws: a line that does not parse is passed with `line == nil`.
    static func forEachRawLine(_ bytes: [UInt8], _ body: (RawLine) -> Void) {
        forEachLogicalLine(bytes) { _, range, unfolded in
            body(RawLine(bytes: range, line: try? parseLine(unfolded, number: 0, limits: Limits())))
        }
    }
}
