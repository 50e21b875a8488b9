/// Joins a collection's objects into one document for GET on a calendar or address book.
enum CollectionExport {
    /// One VCALENDAR with every component; VTIMEZONEs are kept once per TZID.
    static func calendar(_ objects: [[UInt8]], name: String?) -> [UInt8] {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//pocketdav//export//EN"]
        if let name { lines.append("X-WR-CALNAME:\(name)") }
        var timezones = Set<String>()
        for bytes in objects {
            guard let scan = try? ObjectScanner.scan(bytes, expecting: "VCALENDAR") else { continue }
            for block in scan.blocks {
                if let tzid = block.tzid {
                    guard timezones.insert(tzid).inserted else { continue }
                }
                lines.append(contentsOf: block.lines.map(String.init))
            }
        }
        lines.append("END:VCALENDAR")
        return Array((lines.map(ContentLineFolding.fold).joined(separator: "\r\n") + "\r\n").utf8)
    }

    static func addressBook(_ objects: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for bytes in objects {
            out.append(contentsOf: bytes)
            if bytes.last != 0x0A { out.append(contentsOf: [0x0D, 0x0A]) }
        }
        return out
    }
}

/// RFC 5545 §3.1: lines longer than 75 octets are folded, never inside a UTF-8 sequence.
enum ContentLineFolding {
    static func fold(_ line: String) -> String {
        let bytes = Array(line.utf8)
        guard bytes.count > 75 else { return line }
        var out: [UInt8] = []
        var count = 0
        for b in bytes {
            let isContinuation = b & 0xC0 == 0x80
            if count >= 75, !isContinuation {
                out.append(contentsOf: [0x0D, 0x0A, 0x20])
                count = 1
            }
            out.append(b)
            count += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
