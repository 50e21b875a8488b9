import FoundationEssentials

/// One password account as stored: an `AccountStore` record of kind `.account`, named by the
/// user, holding this value as JSON (`{"created":"…","hash":"$2b$12$…"}`).
struct PasswordAccountRecord: Codable, Sendable, Hashable {
    /// A bcrypt (`$2b$`) or argon2id PHC string.
    var hash: String
    var created: Date
}

extension PasswordAccountRecord: AccountRecordValue {}
