/// A structural scan of iCalendar (RFC 5545 §3.1) and vCard (RFC 6350 §3.3) text: unfolded
/// content lines, BEGIN/END nesting and the top-level components with their UIDs.
///
/// It checks only what storage needs for indexing and what the protocol layer must refuse
/// (RFC 4791 §4.1, RFC 6352 §5.1); property values are not interpreted.
public struct ObjectScanner {
    /// A component directly inside the outermost object (VEVENT in VCALENDAR), with its source text.
    public struct Block: Sendable {
        public var name: String
        /// The UID property value, if the block has one.
        public var uid: String?
        /// The TZID of a VTIMEZONE.
        public var tzid: String?
        /// The block's lines, unfolded, without line endings, BEGIN and END included.
        public var lines: [Substring]
    }

    public struct Scan: Sendable {
        /// `VCALENDAR` or `VCARD`.
        public var outer: String
        /// For VCALENDAR: the sub-components; for VCARD: one block for the card itself.
        public var blocks: [Block]
        /// Top-level properties of a VCALENDAR (VERSION, PRODID, …) or all lines of a VCARD.
        public var outerLines: [Substring]
    }

    public enum ScanError: Error, Equatable, Sendable {
        case notUTF8
        case empty
        case unbalanced(String)
        case malformedLine(Int)
        case expected(String)
    }

    /// Scans one object. `text` may hold several objects only for `scanAll`.
    public static func scan(_ bytes: [UInt8], expecting outer: String) throws(ScanError) -> Scan {
        let all = try scanAll(bytes, expecting: outer)
        guard all.count == 1 else { throw .expected("exactly one \(outer)") }
        return all[0]
    }

    /// Scans a stream of objects (a whole `.vcf` file holds many vCards).
    public static func scanAll(_ bytes: [UInt8], expecting outer: String) throws(ScanError) -> [Scan] {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .notUTF8 }
        let lines = unfold(text)
        if lines.isEmpty { throw .empty }
        var scans: [Scan] = []
        var stack: [String] = []
        var current: Scan?
        var block: Block?
        for (number, line) in lines.enumerated() {
            guard let colon = valueStart(line) else { throw .malformedLine(number + 1) }
            let head = line[..<colon]
            let name = (head.firstIndex(of: ";").map { head[..<$0] } ?? head).uppercased()
            let value = line[line.index(after: colon)...]
            if name == "BEGIN" {
                let component = value.uppercased()
                if stack.isEmpty {
                    guard component == outer else { throw .expected(outer) }
                    current = Scan(outer: outer, blocks: [], outerLines: [])
                    if outer == "VCARD" { block = Block(name: "VCARD", lines: []) }
                } else if stack.count == 1, outer != "VCARD" {
                    block = Block(name: component, lines: [])
                }
                stack.append(component)
            }
            if stack.count >= 2 || outer == "VCARD" { block?.lines.append(line) } else { current?.outerLines.append(line) }
            if name == "UID", stack.count == (outer == "VCARD" ? 1 : 2) { block?.uid = String(value) }
            if name == "TZID", stack.count == 2, block?.name == "VTIMEZONE" { block?.tzid = String(value) }
            if name == "END" {
                guard let open = stack.popLast(), open == value.uppercased() else { throw .unbalanced(String(value)) }
                if stack.count == 1, outer != "VCARD", let b = block {
                    current?.blocks.append(b)
                    block = nil
                }
                if stack.isEmpty, var c = current {
                    if outer == "VCARD", let b = block { c.blocks = [b]; block = nil }
                    scans.append(c)
                    current = nil
                }
            }
        }
        guard stack.isEmpty else { throw .unbalanced(stack.last ?? "") }
        if scans.isEmpty { throw .expected(outer) }
        return scans
    }

    /// RFC 5545 §3.1: a line starting with a space or tab continues the previous one. CRLF and
    /// bare LF are both accepted.
    static func unfold(_ text: String) -> [Substring] {
        var out: [Substring] = []
        var pendingParts: [Substring] = []
        func flush() {
            if pendingParts.count == 1 { out.append(pendingParts[0]) } else if !pendingParts.isEmpty {
                out.append(Substring(pendingParts.joined()))
            }
            pendingParts.removeAll(keepingCapacity: true)
        }
        // Split on the byte: in Swift "\r\n" is one Character, so a Character split would miss it.
        for rawBytes in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let raw = Substring(rawBytes)
            let line = raw.utf8.last == UInt8(ascii: "\r") ? Substring(raw.utf8.dropLast()) : raw
            if let first = line.first, first == " " || first == "\t" {
                if !pendingParts.isEmpty { pendingParts.append(line.dropFirst()) }
                continue
            }
            flush()
            if !line.isEmpty { pendingParts.append(line) }
        }
        flush()
        return out
    }

    /// The index of the colon that separates name/parameters from the value (colons inside
    /// quoted parameter values do not count).
    static func valueStart(_ line: Substring) -> Substring.Index? {
        var quoted = false
        for i in line.indices {
            switch line[i] {
            case "\"": quoted.toggle()
            case ":" where !quoted: return i
            default: continue
            }
        }
        return nil
    }
}
