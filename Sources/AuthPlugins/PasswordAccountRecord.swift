import FoundationEssentials

/// One password account as stored: an `AccountStore` record of kind `.account`, named by the
/// user, holding this value as JSON (`{"created":"…","hash":"$2b$12$…"}`).
struct PasswordAccountRecord: Codable, Sendable, Hashable {
    /// A bcrypt (`$2b$`) or argon2id PHC string.
    var hash: String
    var created: Date

    static func decode(_ bytes: [UInt8]) throws -> PasswordAccountRecord {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(PasswordAccountRecord.self, from: Data(bytes))
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(self))
    }
}
