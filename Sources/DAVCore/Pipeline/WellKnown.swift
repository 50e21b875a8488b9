/// RFC 6764 §5 well-known URIs.
enum WellKnown {
    static func redirect(for rawPath: String) -> String? {
        var p = Substring(rawPath)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        switch p.lowercased() {
        case "/.well-known/caldav", "/.well-known/carddav": return "/"
        default: return nil
        }
    }
}
