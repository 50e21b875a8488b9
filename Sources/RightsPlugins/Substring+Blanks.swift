extension Character {
    /// A space or a tab: the only padding the rights file trims (configparser's blanks, not
    /// Unicode whitespace).
    var isBlank: Bool { self == " " || self == "\t" }
}

extension Substring {
    func droppingLeadingBlanks() -> Substring { drop(while: \.isBlank) }

    func droppingTrailingBlanks() -> Substring {
        var s = self
        while let last = s.last, last.isBlank { s = s.dropLast() }
        return s
    }

    func trimmingBlanks() -> Substring { droppingLeadingBlanks().droppingTrailingBlanks() }
}
