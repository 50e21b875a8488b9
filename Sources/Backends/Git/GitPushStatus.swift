import FoundationEssentials
import Glibc

/// How pushing went, kept in `<git dir>/pocketdav-push.json` so that `pocketdav storage status`
/// (another process) can show it. Outside the tree: it describes the repository, it is not data.
public struct GitPushStatus: Codable, Sendable, Hashable {
    static let fileName = "pocketdav-push.json"

    /// The remote without user information.
    public var remote: String
    public var lastAttempt: Date?
    public var lastSuccess: Date?
    /// The commit the remote had after the last successful push.
    public var pushedCommit: String?
    /// Why the last attempt failed; `nil` after a success.
    public var lastError: String?
    public var consecutiveFailures = 0

    public init(remote: String) { self.remote = remote }

    /// The status last written for the repository whose git folder is `gitDirectory`.
    public static func read(gitDirectory: String) -> GitPushStatus? {
        guard let data = FileManager.default.contents(atPath: path(in: gitDirectory)) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try? decoder.decode(GitPushStatus.self, from: data)
    }

    /// Replaces the file atomically (write a temporary file, rename it over).
    func write(gitDirectory: String) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let bytes = Array(try encoder.encode(self))
        let final = Self.path(in: gitDirectory)
        let temporary = final + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw GitError(code: -1, operation: "writing \(temporary): \(String(cString: strerror(errno)))") }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count, rename(temporary, final) == 0 else {
            unlink(temporary)
            throw GitError(code: -1, operation: "writing \(final)")
        }
    }

    private static func path(in gitDirectory: String) -> String {
        (gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/") + fileName
    }
}
