import FoundationEssentials
import PostgresStorage

extension Configuration.Storage.Postgres {
    /// The backend's configuration, with the password read from `password_file` (first line) or,
    /// without one, from `PGPASSWORD` in `environment`.
    func storageConfiguration(environment: [String: String]) throws -> PostgresStorage.Configuration {
        guard let url else {
            throw ConfigError(file: "configuration", key: "storage.postgres.url", "is required with storage.type = \"postgres\"")
        }
        var password = environment["PGPASSWORD"]
        if let passwordFile {
            guard let data = FileManager.default.contents(atPath: passwordFile) else {
                throw ConfigError(file: passwordFile, key: "storage.postgres.password_file", "cannot read the file")
            }
            var line = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
            if line.hasSuffix("\r") { line = line.dropLast() }
            password = String(line)
        }
        return PostgresStorage.Configuration(
            endpoint: url, password: password, tls: tls, poolSize: poolSize, schema: schema,
            changeRetention: changeRetentionDays == 0 ? nil : .seconds(Int64(changeRetentionDays) * 86_400))
    }
}
