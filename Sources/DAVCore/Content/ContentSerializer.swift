/// Writes components back as content lines: CRLF endings and folding at 75 octets without
/// splitting a UTF-8 sequence (RFC 5545 §3.1, RFC 6350 §3.2).
public enum ContentSerializer {
    public static func serialize(_ components: [Component]) -> String {
        var out = ""
        for c in components { write(c, into: &out) }
        return out
    }

    public static func write(_ component: Component, into out: inout String) {
        out += "BEGIN:\(component.name)\r\n"
        for p in component.properties { appendFolded(line(p), to: &out) }
        for c in component.components { write(c, into: &out) }
        out += "END:\(component.name)\r\n"
    }

    public static func line(_ p: ContentLine) -> String {
        var s = ""
        if let g = p.group { s += g + "." }
        s += p.name
        for param in p.parameters {
            s += ";" + param.name + "=" + param.values.map(ContentEscaping.encodeParameterValue).joined(separator: ",")
        }
        s += ":" + p.value
        return s
    }

    static func appendFolded(_ line: String, to out: inout String) {
        let bytes = Array(line.utf8)
        if bytes.count <= 75 {
            out += line
            out += "\r\n"
            return
        }
        var start = 0
        var limit = 75
        while start < bytes.count {
            var end = min(start + limit, bytes.count)
            // Step back off UTF-8 continuation bytes so a character is never split.
            while end < bytes.count, end > start, bytes[end] & 0xC0 == 0x80 { end -= 1 }
            if start > 0 { out += " " }
            out += String(decoding: bytes[start..<end], as: UTF8.self)
            out += "\r\n"
            start = end
            limit = 74  // continuation lines carry the leading space
        }
    }
}

extension Component {
    /// The component as iCalendar/vCard text.
    public var serialized: String {
        var out = ""
        ContentSerializer.write(self, into: &out)
        return out
    }
}
