/// Builds RFC 4918 §13 multistatus documents.
public enum Multistatus {
    /// The exact status lines clients compare literally (Thunderbird CardDAV).
    public static func statusLine(_ code: Int) -> String {
        "HTTP/1.1 \(code) \(reasonPhrase(code))"
    }

    public static func reasonPhrase(_ code: Int) -> String {
        switch code {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 409: "Conflict"
        case 412: "Precondition Failed"
        case 424: "Failed Dependency"
        case 507: "Insufficient Storage"
        default: "Status"
        }
    }

    /// A `<response>` with one propstat per status, 200 first (Thunderbird reads the first one).
    public static func response(href: String, propstats: [(status: Int, props: [XMLNode])]) -> XMLNode {
        var children: [XMLNode] = [.href(href)]
        for (status, props) in propstats.sorted(by: { $0.status < $1.status }) where !props.isEmpty {
            children.append(.element(.dav("propstat"), [
                .element(.dav("prop"), props),
                .element(.dav("status"), text: statusLine(status)),
            ]))
        }
        if children.count == 1 {
            // RFC 4918 §14.16 needs propstat or status: an empty prop request still gets a 200.
            children.append(.element(.dav("propstat"), [.empty(.dav("prop")), .element(.dav("status"), text: statusLine(200))]))
        }
        return .element(.dav("response"), children)
    }

    /// A `<response>` carrying only a status (deleted members in sync-collection, missing hrefs).
    public static func response(href: String, status: Int) -> XMLNode {
        .element(.dav("response"), [.href(href), .element(.dav("status"), text: statusLine(status))])
    }

    public static func document(_ responses: [XMLNode], extra: [XMLNode] = []) -> XMLNode {
        .element(.dav("multistatus"), responses + extra)
    }
}
