/// RFC 3744 §4 principal properties of `/<user>/`.
enum PrincipalProperties {
    static let all: [LiveProperty] = [
        LiveProperty(.dav("principal-URL")) { target, _ in
            target.isPrincipal ? [.href(target.href)] : nil
        },
        LiveProperty(.dav("group-membership")) { target, _ in
            target.isPrincipal ? [] : nil
        },
    ]
}
