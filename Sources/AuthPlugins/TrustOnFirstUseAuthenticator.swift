import DAVCore
import FoundationEssentials
import Logging
import Synchronization

/// Trust on first use: the first Basic login with an unknown user name creates that account with
/// the password given; every later login must match it.
///
/// For small groups where people choose their own names and an operator does not want to
/// manage passwords. Accounts are `AccountStore` records of kind `.account` (JSON: `hash`,
/// `created`) beside the data they guard, so they replicate with the storage.
///
/// **Threat model.** Whoever reaches the server first owns a name, so:
/// - Put `tofu` last among the Basic authenticators in `auth.type` (the configuration enforces
///   it after `htpasswd`): a user known to an earlier plugin is decided there and never reaches
///   this one. Names of administrators and of groups can never be claimed here
///   (`Configuration.reservedNames`, and any `.group` record of the same name).
/// - `pattern` narrows which names can be claimed (say, `[a-z]+\.[a-z]+` for first.last); it
///   is applied on top of `UserName.isValid`, never instead of it.
/// - New accounts are rate-limited per process (`maxNewAccountsPerHour`, a token bucket), so a
///   script cannot fill the storage; over the limit the login is refused and logged.
/// - Passwords would travel in clear text on an insecure request (`Credentials.isInsecure`), so
///   such logins are refused, for new and existing accounts, unless `allowInsecure`.
/// - Creation is one atomic `AccountStore.update`: when two first logins race for a name, one
///   creates it and the other is checked against the winner's hash.
///
/// Answers `.notMine` for non-Basic credentials and for names it will not own (invalid, not
/// matching `pattern`, reserved, a group's); `.rejected` for a wrong password, a refused
/// creation and an insecure request; `.authenticated` otherwise. Hashing runs on dispatch
/// threads, never on the cooperative pool. Also the `PasswordAccounts` behind the admin API.
public final class TrustOnFirstUseAuthenticator: Authenticator {
    /// How new passwords are hashed. Existing hashes of either kind keep working.
    public enum HashAlgorithm: String, Sendable, CaseIterable {
        /// bcrypt (`$2b$`) at `PasswordHash.defaultBcryptCost`.
        case bcrypt
        /// argon2id (`Argon2Hash` parameters): memory-hard.
        case argon2
    }

    /// Settings (`[auth.tofu]`).
    public struct Configuration: Sendable {
        /// A regular expression a new name must match in full (default `[A-Za-z0-9._-]+`).
        public var pattern: String
        public var hash: HashAlgorithm
        /// New accounts per hour per process, with bursts up to the same number (default 10).
        /// Zero closes sign-up while existing accounts keep working.
        public var maxNewAccountsPerHour: Int
        /// Accept logins on insecure requests (default `false`). Risk: passwords, and the right
        /// to claim a name, cross the network in clear text.
        public var allowInsecure: Bool
        /// Names that can never be claimed by a first login (the administrators).
        public var reservedNames: Set<String>
        /// bcrypt cost for new hashes (tests lower it).
        public var bcryptCost: Int

        public init(pattern: String = "[A-Za-z0-9._-]+", hash: HashAlgorithm = .bcrypt, maxNewAccountsPerHour: Int = 10,
                    allowInsecure: Bool = false, reservedNames: Set<String> = [],
                    bcryptCost: Int = PasswordHash.defaultBcryptCost) {
            self.pattern = pattern
            self.hash = hash
            self.maxNewAccountsPerHour = maxNewAccountsPerHour
            self.allowInsecure = allowInsecure
            self.reservedNames = reservedNames
            self.bcryptCost = bcryptCost
        }
    }

    public let configuration: Configuration
    public let store: any AccountStore
    // Regex is an immutable value; it is not declared Sendable only because its output type is
    // not, and this one is only ever matched.
    nonisolated(unsafe) private let pattern: Regex<AnyRegexOutput>
    private let bucket: Mutex<TokenBucket>
    private let now: @Sendable () -> ContinuousClock.Instant
    let logger: Logger
    private let throttle = WarningThrottle()

    /// - Throws: `PatternError` when `configuration.pattern` is not a regular expression.
    public init(configuration: Configuration = Configuration(), store: any AccountStore,
                logger: Logger = Logger(label: "pocketdav.auth.tofu"),
                now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) throws {
        self.configuration = configuration
        self.store = store
        self.pattern = try Self.compile(configuration.pattern)
        self.bucket = Mutex(TokenBucket(capacity: configuration.maxNewAccountsPerHour, per: .seconds(3600), now: now()))
        self.now = now
        self.logger = logger
    }

    /// Why a `pattern` was refused.
    public struct PatternError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Compiles `pattern`, for configuration checks.
    public static func compile(_ pattern: String) throws -> Regex<AnyRegexOutput> {
        do {
            return try Regex(pattern)
        } catch {
            throw PatternError(description: "'\(pattern)' is not a regular expression: \(error)")
        }
    }

    public func authenticate(_ credentials: Credentials) async throws -> AuthResult {
        guard let (name, password) = credentials.basic, UserName.isValid(name) else { return .notMine }
        let stored = try await store.record(.account, named: name)
        if stored == nil {
            guard try await mayClaim(name) else { return .notMine }
        }
        if throttle.refusesInsecure(credentials, allowInsecure: configuration.allowInsecure, logger: logger,
                                    what: "a trust-on-first-use login") {
            return .rejected
        }
        if let stored { return await check(password, against: stored, user: name) }
        return try await claim(name, password: password)
    }

    /// Whether a first login may create `name`: it matches the pattern, is not reserved, and
    /// is not a group.
    private func mayClaim(_ name: String) async throws -> Bool {
        guard (try? pattern.wholeMatch(in: name)) != nil, !configuration.reservedNames.contains(name) else { return false }
        return try await store.record(.group, named: name) == nil
    }

    /// Creates the account, or checks against the account a concurrent first login created.
    private func claim(_ name: String, password: String) async throws -> AuthResult {
        guard !password.isEmpty else { return .rejected }
        guard bucket.withLock({ $0.take(now: now()) }) else {
            logger.warning("Trust-on-first-use account limit reached; refusing a new account",
                           metadata: ["user": "\(name)", "max_new_accounts_per_hour": "\(configuration.maxNewAccountsPerHour)"])
            return .rejected
        }
        let value: [UInt8]
        do {
            value = try PasswordAccountRecord(hash: try await makeHash(password), created: Date()).encoded()
        } catch let error as PasswordHashError where error.code == .invalidPassword {
            return .rejected
        }
        let previous = try await store.update(.account, named: name) { current in current ?? value }
        if let previous { return await check(password, against: previous, user: name) }
        logger.notice("Created an account on first login", metadata: ["user": "\(name)"])
        return .authenticated(Principal(name: name))
    }

    private func check(_ password: String, against stored: [UInt8], user: String) async -> AuthResult {
        guard let record = try? PasswordAccountRecord.decode(stored) else {
            logger.error("Account record cannot be read; the user cannot log in", metadata: ["user": "\(user)"])
            return .rejected
        }
        return await Self.verify(password, against: record.hash) ? .authenticated(Principal(name: user)) : .rejected
    }

    /// A new hash of `password` with the configured algorithm, made on a dispatch thread.
    func makeHash(_ password: String) async throws -> String {
        switch configuration.hash {
        case .bcrypt: try await PasswordHash.hashBcrypt(password, cost: configuration.bcryptCost)
        case .argon2: try await BlockingWork.run { () throws -> String in try Argon2Hash.hash(password) }
        }
    }

    /// Whether `password` matches a stored bcrypt or argon2 hash, checked on a dispatch thread.
    static func verify(_ password: String, against hash: String) async -> Bool {
        if Argon2Hash.isArgon2(hash) { return await BlockingWork.run { () -> Bool in Argon2Hash.verify(password, against: hash) } }
        return await PasswordHash.verify(password, against: hash)
    }
}
