/// RFC 6764 §5 well-known URIs.
enum WellKnown {
    static func redirect(for rawPath: String) -> String? {
        // Every request asks; most paths are refused by their second character.
        guard rawPath.utf8.dropFirst().first == UInt8(ascii: ".") else { return nil }
        var p = Substring(rawPath)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        switch p.lowercased() {
        case "/.well-known/caldav", "/.well-known/carddav": return "/"
        default: return nil
        }
    }
}
