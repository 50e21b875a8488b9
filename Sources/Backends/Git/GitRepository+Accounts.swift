import DAVCore

/// Account records in the repository: one file, `.accounts/records.json` (an
/// `AccountRecordFile`), changed by ordinary commits. `.accounts` starts with a dot, so no DAV
/// path reaches it and collection listings leave it out.
extension GitRepository {
    static let accountsPath = [".accounts", "records.json"]

    /// The records on the branch's tip (none before the first account change).
    func accountRecords() throws -> AccountRecordFile {
        try accountRecords(in: snapshot().tree)
    }

    /// Decoded once per version of the file: ACL share listings read records per user and group.
    private func accountRecords(in root: GitOID) throws -> AccountRecordFile {
        guard let entry = try entry(at: Self.accountsPath, in: root), !entry.isTree else { return AccountRecordFile() }
        if let known = shared.accounts(entry.oid) { return known }
        let records = try AccountRecordFile(decoding: try blob(entry.oid), source: Self.accountsPath.joined(separator: "/"))
        shared.remember(records, of: entry.oid)
        return records
    }

    /// One record change as one commit, decided on the tip like every other change (and again
    /// if another process moved the branch, which is why `transform` may run more than once).
    /// A transform that throws makes no commit; its error comes back as the result, so the
    /// storage's error wrapping cannot disguise it.
    func updateAccountRecord(_ kind: AccountRecordKind, named name: String,
                             _ transform: ([UInt8]?) throws -> [UInt8]?, author: CommitAuthor)
        throws -> (result: Result<[UInt8]?, any Error>, commit: GitOID?)
    {
        try commitChange(author: author) { base in
            var records = try accountRecords(in: base.tree)
            let outcome: (previous: [UInt8]?, changed: Bool)
            do {
                outcome = try records.update(kind, named: name, transform)
            } catch {
                return Change(edits: [], message: "", result: .failure(error))
            }
            guard outcome.changed else { return Change(edits: [], message: "", result: .success(outcome.previous)) }
            let blobID = try writeBlob(try records.encoded())
            // The name, not the value: values are password and key hashes.
            let message = "ACCOUNTS \(kind) \(name.debugDescription)"
            return Change(edits: [.put(Self.accountsPath.joined(separator: "/"), blobID)], message: message,
                          result: .success(outcome.previous))
        }
    }
}
