/// A light look into an iCalendar or vCard file: its outer component, main component type and
/// UIDs. Used when a file appears without going through the core (an existing Radicale folder, a
/// hand edit, crash recovery) and by `StorageVerifier`. Not a parser: the core's parser decides
/// validity on PUT.
struct ItemSniffer: Sendable {
    /// `VCALENDAR` or `VCARD` (the first BEGIN), if any.
    var outer: String?
    /// The first component inside VCALENDAR other than VTIMEZONE, or `VCARD`.
    var component: String?
    /// The UIDs of the main components (not of nested ones such as VALARM), in order.
    var uids: [String] = []
    /// Whether BEGIN/END lines pair up.
    var balanced = true

    /// The single UID, when all main components agree on one.
    var uid: String? {
        guard let first = uids.first, uids.allSatisfy({ $0 == first }) else { return nil }
        return first
    }

    init(_ bytes: [UInt8]) {
        var stack: [String] = []
        for line in Self.unfoldedLines(bytes) {
            guard let separator = line.firstIndex(where: { $0 == ":" || $0 == ";" }) else { continue }
            let name = line[..<separator].uppercased()
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = String(line[line.index(after: colon)...])
            switch name {
            case "BEGIN":
                let component = value.uppercased()
                if stack.isEmpty && outer == nil { outer = component }
                if self.component == nil {
                    if component == "VCARD" && stack.isEmpty { self.component = component }
                    if stack == ["VCALENDAR"] && component != "VTIMEZONE" { self.component = component }
                }
                stack.append(component)
            case "END":
                if stack.last == value.uppercased() { stack.removeLast() } else { balanced = false }
            case "UID":
                let isMain = (stack.count == 1 && stack[0] == "VCARD")
                    || (stack.count == 2 && stack[0] == "VCALENDAR" && stack[1] != "VTIMEZONE")
                if isMain { uids.append(value) }
            default:
                break
            }
        }
        if !stack.isEmpty { balanced = false }
    }

    /// Content lines with RFC 5545 §3.1 folding undone; accepts LF as well as CRLF.
    static func unfoldedLines(_ bytes: [UInt8]) -> [String] {
        var lines: [String] = []
        var current: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n") {
                if b == UInt8(ascii: "\r"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: "\t") {
                    i += 1
                    continue
                }
                lines.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
                continue
            }
            current.append(b)
            i += 1
        }
        if !current.isEmpty { lines.append(String(decoding: current, as: UTF8.self)) }
        return lines
    }
}
