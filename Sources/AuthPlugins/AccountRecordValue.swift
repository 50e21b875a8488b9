import FoundationEssentials

/// A value stored as JSON in an `AccountStore` record: ISO 8601 dates and sorted keys, so that
/// the same value always gives the same bytes.
protocol AccountRecordValue: Codable {}

extension AccountRecordValue {
    static func decode(_ bytes: [UInt8]) throws -> Self {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Self.self, from: Data(bytes))
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(self))
    }
}
