/// Parses iCalendar and vCard streams into `Component` trees over one content-line layer
/// (RFC 5545 §3.1, RFC 6350 §3.2–3.3).
///
/// Tolerant where real clients deviate harmlessly (bare LF, blank lines, vCard 2.1 parameters
/// without a name, quoted-printable soft breaks); strict where ambiguity would corrupt data
/// (invalid UTF-8, a line without a colon, unbalanced BEGIN/END). Works on bytes so that a
/// 10 000-event calendar parses in a few tens of milliseconds.
public enum ContentParser {
    public struct Limits: Sendable {
        /// Nesting depth (VCALENDAR › VEVENT › VALARM is 3); hostile input cannot recurse deeper.
        public var maxDepth = 12
        public var maxParameters = 64
        public init() {}
    }

    /// Parses every top-level component in `bytes`.
    public static func parse(_ bytes: [UInt8], limits: Limits = Limits()) throws(ContentError) -> [Component] {
        guard let _ = String(validating: bytes, as: UTF8.self) else { throw ContentError(line: 0, reason: "not valid UTF-8") }
        var roots: [Component] = []
        var stack: [Component] = []
        var failure: ContentError?
        forEachLogicalLine(bytes) { number, _, line in
            if failure != nil { return }
            do throws(ContentError) {
                let parsed = try parseLine(line, number: number, limits: limits)
                switch parsed.name {
                case "BEGIN":
                    guard stack.count < limits.maxDepth else { throw ContentError(line: number, reason: "components nested too deeply") }
                    let name = parsed.value.trimmingASCIIWhitespace().asciiUppercased
                    guard !name.isEmpty else { throw ContentError(line: number, reason: "BEGIN without a component name") }
                    stack.append(Component(name: name))
                case "END":
                    let name = parsed.value.trimmingASCIIWhitespace().asciiUppercased
                    guard let open = stack.popLast() else { throw ContentError(line: number, reason: "END:\(name) without BEGIN") }
                    guard open.name == name else {
                        throw ContentError(line: number, reason: "END:\(name) closes BEGIN:\(open.name)")
                    }
                    if stack.isEmpty { roots.append(open) } else { stack[stack.count - 1].components.append(open) }
                default:
                    guard !stack.isEmpty else { throw ContentError(line: number, reason: "property \(parsed.name) outside a component") }
                    stack[stack.count - 1].properties.append(parsed)
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        if let open = stack.last { throw ContentError(line: 0, reason: "BEGIN:\(open.name) is never closed") }
        if roots.isEmpty { throw ContentError(line: 0, reason: "no component") }
        return roots
    }

    /// Calls `body` with each unfolded line: the 1-based number of its first physical line, the
    /// bytes it spans in `bytes` (its physical lines with their line endings, folds and
    /// quoted-printable soft breaks, so it can be copied out verbatim), and its content unfolded
    /// and without a line ending. Blank lines are skipped.
    static func forEachLogicalLine(_ bytes: [UInt8], _ body: (Int, Range<Int>, ArraySlice<UInt8>) -> Void) {
        var pending: [UInt8] = []
        var pendingStart = 0
        var pendingBytes = 0..<0
        var pendingIsSlice: ArraySlice<UInt8>?
        var physical = 0
        var start = 0
        let count = bytes.count
        func flush() {
            if let slice = pendingIsSlice {
                body(pendingStart, pendingBytes, slice)
            } else if !pending.isEmpty {
                body(pendingStart, pendingBytes, pending[...])
            }
            pendingIsSlice = nil
            pending.removeAll(keepingCapacity: true)
        }
        while start < count {
            var end = start
            while end < count, bytes[end] != 0x0A { end += 1 }
            physical += 1
            var lineEnd = end
            if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = bytes[start..<lineEnd]
            let lineBytes = start..<min(end + 1, count)
            start = end + 1
            if let first = line.first, first == 0x20 || first == 0x09 {
                // RFC 5545 §3.1: a continuation drops exactly the one leading white-space octet.
                if let slice = pendingIsSlice { pending.append(contentsOf: slice); pendingIsSlice = nil }
                if pending.isEmpty && pendingIsSlice == nil { continue }  // continuation of nothing
                pending.append(contentsOf: line.dropFirst())
                pendingBytes = pendingBytes.lowerBound..<lineBytes.upperBound
                continue
            }
            if let slice = pendingIsSlice ?? (pending.isEmpty ? nil : pending[...]), slice.last == UInt8(ascii: "="),
               isQuotedPrintable(slice) {
                // vCard 2.1 quoted-printable soft line break: the next line continues the value.
                if let s = pendingIsSlice { pending.append(contentsOf: s); pendingIsSlice = nil }
                pending.append(contentsOf: line)
                pendingBytes = pendingBytes.lowerBound..<lineBytes.upperBound
                continue
            }
            flush()
            if line.isEmpty { continue }
            pendingStart = physical
            pendingBytes = lineBytes
            pendingIsSlice = line
        }
        flush()
    }

    private static func isQuotedPrintable(_ line: ArraySlice<UInt8>) -> Bool {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let head = String(decoding: line[..<colon], as: UTF8.self).uppercased()
        return head.contains("QUOTED-PRINTABLE")
    }

    /// `[group.]name *(";" param) ":" value`
    static func parseLine(_ line: ArraySlice<UInt8>, number: Int, limits: Limits) throws(ContentError) -> ContentLine {
        var i = line.startIndex
        let end = line.endIndex
        var lastDot: Int?
        while i < end, line[i] != UInt8(ascii: ";"), line[i] != UInt8(ascii: ":") {
            let b = line[i]
            if b == UInt8(ascii: ".") {
                lastDot = i
            } else if !isNameByte(b) {
                throw ContentError(line: number, reason: "invalid character in property name")
            }
            i += 1
        }
        guard i < end, i > line.startIndex else { throw ContentError(line: number, reason: "not a content line (NAME:value)") }
        var group: String?
        let nameStart = lastDot.map { $0 + 1 } ?? line.startIndex
        if let dot = lastDot {
            group = String(decoding: line[line.startIndex..<dot], as: UTF8.self)
            guard nameStart < i else { throw ContentError(line: number, reason: "empty property name") }
        }
        let fullName = String(decoding: line[nameStart..<i], as: UTF8.self)
        var parameters: [ContentParameter] = []
        while i < end, line[i] == UInt8(ascii: ";") {
            i += 1
            let nameStart = i
            while i < end, isNameByte(line[i]) { i += 1 }
            let paramName = String(decoding: line[nameStart..<i], as: UTF8.self)
            guard i < end else { throw ContentError(line: number, reason: "line ends inside parameters") }
            if line[i] != UInt8(ascii: "=") {
                // vCard 2.1 (`TEL;HOME;VOICE:`): a bare value means TYPE=value.
                guard !paramName.isEmpty else { throw ContentError(line: number, reason: "empty parameter") }
                parameters.append(ContentParameter(name: "TYPE", values: [paramName]))
                continue
            }
            guard !paramName.isEmpty else { throw ContentError(line: number, reason: "parameter without a name") }
            i += 1
            var values: [String] = []
            while true {
                if i < end, line[i] == UInt8(ascii: "\"") {
                    let valueStart = i + 1
                    guard let close = line[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else {
                        throw ContentError(line: number, reason: "unterminated quoted parameter value")
                    }
                    values.append(ContentEscaping.decodeParameterValue(Substring(decoding: line[valueStart..<close])))
                    i = close + 1
                } else {
                    let valueStart = i
                    while i < end, line[i] != UInt8(ascii: ","), line[i] != UInt8(ascii: ";"), line[i] != UInt8(ascii: ":") {
                        guard line[i] != UInt8(ascii: "\"") else { throw ContentError(line: number, reason: "stray quote in parameter") }
                        i += 1
                    }
                    values.append(ContentEscaping.decodeParameterValue(Substring(decoding: line[valueStart..<i])))
                }
                if i < end, line[i] == UInt8(ascii: ",") { i += 1; continue }
                break
            }
            parameters.append(ContentParameter(name: paramName, values: values))
            guard parameters.count <= limits.maxParameters else { throw ContentError(line: number, reason: "too many parameters") }
        }
        guard i < end, line[i] == UInt8(ascii: ":") else { throw ContentError(line: number, reason: "missing ':' before the value") }
        let value = String(decoding: line[(i + 1)...], as: UTF8.self)
        return ContentLine(group: group, name: fullName, parameters: parameters, value: value)
    }

    /// RFC 5545 §3.1 `name = iana-token / x-name`: ALPHA, DIGIT and "-".
    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F
    }
}

extension Substring {
    init(decoding bytes: ArraySlice<UInt8>) { self = Substring(String(decoding: bytes, as: UTF8.self)) }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let u = utf8
        guard let first = u.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }),
              let last = u.lastIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        return String(self[first...last])
    }
}

/// Why content could not be parsed, with the 1-based line (0 when not tied to a line).
public struct ContentError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { line > 0 ? "line \(line): \(reason)" : reason }
}
