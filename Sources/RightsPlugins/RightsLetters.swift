import DAVCore

/// The `permissions` letters of one rights-file rule, and what they grant at a given depth.
///
/// Radicale applies upper-case letters to folder collections (the root and principal homes) and
/// lower-case letters to calendars and address books and the items in them. See
/// `FromFileRights` for how pocketdav tells the two apart and for the full letter table.
struct RightsLetters: Sendable, Equatable {
    /// `R`: read the root or a principal home.
    var readFolder = false
    /// `W`: write the root or a principal home (create and delete collections in it).
    var writeFolder = false
    /// `r`: read a calendar or address book and its items.
    var read = false
    /// `w`: write a calendar or address book and its items.
    var write = false
    /// `f`: free/busy only.
    var freeBusy = false
    /// `i`: plain GET only (Radicale's publishing letter). Has no pocketdav privilege yet.
    var getOnly = false
    /// `l`: properties are locked (no PROPPATCH).
    var lockProperties = false

    /// Letters that change nothing in pocketdav (they are still accepted, so a Radicale file
    /// loads unchanged):
    /// - `D` allows deleting collections, which pocketdav always allows to whoever may unbind;
    /// - `O` and `o` allow or deny overwriting a collection by PUT, which pocketdav never does;
    /// - `T` `t` (token sharing), `M` `m` (map sharing), `P` `p` `E` `e` (sharing property
    ///   overlays) are Radicale sharing features pocketdav does not have.
    static let ignored: Set<Character> = ["D", "O", "o", "T", "t", "M", "m", "P", "p", "E", "e"]

    /// Parses a `permissions` value; the error text names the offending letter.
    init(parsing text: String) throws(RightsLettersError) {
        for letter in text {
            switch letter {
            case "R": readFolder = true
            case "W": writeFolder = true
            case "r": read = true
            case "w": write = true
            case "f": freeBusy = true
            case "i": getOnly = true
            case "l": lockProperties = true
            case "d":
                // Radicale's "deny deleting this collection". pocketdav asks for DAV:unbind on the
                // parent (RFC 3744 §3.9), which cannot single out one child: granting it would
                // silently allow what the operator denied.
                throw .unsupported(letter, "denies deleting one collection, which pocketdav cannot express; remove it and withhold 'W' on the parent instead")
            case "u", "U":
                throw .unsupported(letter, "is set by Radicale for group shares and is not allowed in a rights file")
            default:
                if !Self.ignored.contains(letter) { throw .unknown(letter) }
            }
        }
    }

    /// What the letters grant at a path of `depth` segments: 0 (root) and 1 (principal home) use
    /// the upper-case letters, deeper paths the lower-case ones.
    func permissions(atDepth depth: Int) -> Permissions {
        var granted: Permissions = []
        if depth <= 1 {
            // RFC 4791 §6.1.1: CALDAV:read-free-busy is aggregated under DAV:read.
            if readFolder { granted.formUnion(.readOnly) }
            if writeFolder { granted.formUnion(.write) }
        } else {
            if read { granted.formUnion(.readOnly) }
            if freeBusy { granted.insert(.readFreeBusy) }
            if write { granted.formUnion(.write) }
        }
        if lockProperties { granted.remove(.writeProperties) }
        return granted
    }
}

enum RightsLettersError: Error, Equatable, CustomStringConvertible {
    case unknown(Character)
    case unsupported(Character, String)

    var description: String {
        switch self {
        case .unknown(let c): "'\(c)' is not a permission letter (R W r w i f l D d O o T t M m P p E e)"
        case .unsupported(let c, let why): "'\(c)' \(why)"
        }
    }
}
