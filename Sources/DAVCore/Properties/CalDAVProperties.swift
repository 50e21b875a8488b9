/// RFC 4791 §5.2 and §6.2 properties.
enum CalDAVProperties {
    static let all: [LiveProperty] = [
        LiveProperty(.caldav("supported-calendar-component-set")) { target, _ in
            guard target.kind == .calendar else { return nil }
            return CalendarComponents.nodes(CalendarComponents.names(in: target.storedProperties[.caldav("supported-calendar-component-set")]))
        },
        LiveProperty(.caldav("supported-calendar-data")) { target, _ in
            guard target.kind == .calendar else { return nil }
            return [.element(.caldav("calendar-data"), attributes: [("content-type", "text/calendar"), ("version", "2.0")], children: [])]
        },
        // RFC 4791 §7.5.1: the collations text-match may name in calendar-query.
        LiveProperty(.caldav("supported-collation-set")) { target, _ in
            guard target.kind == .calendar else { return nil }
            return Collation.allCases.map { .element(.caldav("supported-collation"), text: $0.rawValue) }
        },
        LiveProperty(.caldav("max-resource-size")) { target, context in
            guard target.kind == .calendar else { return nil }
            return [.text(String(context.configuration.limits.maxResourceSize))]
        },
        LiveProperty(.caldav("calendar-home-set")) { target, _ in
            target.isPrincipal ? [.href(target.href)] : nil
        },
        LiveProperty(.caldav("calendar-user-address-set")) { target, context in
            guard target.isPrincipal, let user = target.path.name else { return nil }
            var hrefs: [XMLNode] = []
            if user.contains("@") {
                hrefs.append(.href("mailto:\(user)"))
            } else if let domain = context.configuration.emailDomain {
                hrefs.append(.href("mailto:\(user)@\(domain)"))
            }
            hrefs.append(.href(target.href))
            return hrefs
        },
    ]
}
