extension Principal {
    /// Whether `path` is this principal's space (`/<name>/`) or lies below it.
    ///
    /// Compares UTF-8 bytes, not `String` equality: Swift treats canonically equivalent spellings
    /// (`é` precomposed or not) as equal, but storage backends map segments to file names and
    /// keys byte for byte, so a looser match could let one user into another's directory.
    public func owns(_ path: ResourcePath) -> Bool {
        guard let owner = path.owner else { return false }
        return owner.utf8.elementsEqual(name.utf8)
    }
}
