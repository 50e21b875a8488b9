/// RFC 6352 §6.2 and §7.1 properties.
enum CardDAVProperties {
    static let all: [LiveProperty] = [
        LiveProperty(.carddav("supported-address-data")) { target, _ in
            guard target.kind == .addressBook else { return nil }
            return ["3.0", "4.0"].map {
                .element(.carddav("address-data-type"), attributes: [("content-type", "text/vcard"), ("version", $0)], children: [])
            }
        },
        // RFC 6352 §8.3.1: the collations text-match may name in addressbook-query.
        LiveProperty(.carddav("supported-collation-set")) { target, _ in
            guard target.kind == .addressBook else { return nil }
            return Collation.allCases.map { .element(.carddav("supported-collation"), text: $0.rawValue) }
        },
        LiveProperty(.carddav("max-resource-size")) { target, context in
            guard target.kind == .addressBook else { return nil }
            return [.text(String(context.configuration.limits.maxResourceSize))]
        },
        LiveProperty(.carddav("addressbook-home-set")) { target, _ in
            target.isPrincipal ? [.href(target.href)] : nil
        },
    ]
}
