extension ContentParser {
    /// One logical content line as it appears in the stored bytes.
    struct RawLine {
        /// Its physical lines with their line endings, folds and quoted-printable soft breaks
        /// included, so the line can be copied out verbatim.
        var bytes: Range<Int>
        /// The unfolded line parsed, or `nil` when it is not a valid content line.
        var line: ContentLine?
    }

    /// Calls `body` with every logical line of `bytes`, unfolded the way `parse` unfolds
    /// (RFC 5545 §3.1 folding, vCard 2.1 quoted-printable soft breaks); blank lines are skipped.
    /// Never throws: a line that does not parse is passed with `line == nil`.
    static func forEachRawLine(_ bytes: [UInt8], _ body: (RawLine) -> Void) {
        var current: (start: Int, end: Int, unfolded: [UInt8])?
        func flush() {
            guard let c = current else { return }
            let parsed = try? parseLine(c.unfolded[...], number: 0, limits: Limits())
            body(RawLine(bytes: c.start..<c.end, line: parsed))
            current = nil
        }
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let next = min(end + 1, bytes.count)
            let crlf = end > start && bytes[end - 1] == 0x0D
            let content = bytes[start..<(crlf ? end - 1 : end)]
            defer { start = next }
            if let first = content.first, first == 0x20 || first == 0x09, current != nil {
                current!.unfolded.append(contentsOf: content.dropFirst())
                current!.end = next
                continue
            }
            if let c = current, c.unfolded.last == UInt8(ascii: "="), Self.isQuotedPrintableLine(c.unfolded) {
                current!.unfolded.append(contentsOf: content)
                current!.end = next
                continue
            }
            flush()
            if content.isEmpty { continue }
            current = (start, next, Array(content))
        }
        flush()
    }

    private static func isQuotedPrintableLine(_ line: [UInt8]) -> Bool {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return false }
        return String(decoding: line[..<colon], as: UTF8.self).uppercased().contains("QUOTED-PRINTABLE")
    }
}
