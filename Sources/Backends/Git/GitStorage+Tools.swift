import DAVCore
import FoundationEssentials

/// What the offline tools (`pocketdav storage verify|status`) ask of a git storage.
extension GitStorage {
    /// Checks every collection and item on the branch's tip.
    public func verify() async throws -> GitVerification {
        try await reading { try $0.verify() }
    }

    /// The repository at a glance.
    public func status() async throws -> GitStatus {
        let remote = options.remote
        return try await reading { repository in
            let folder = ObjectFolder(path: repository.gitDirectory + "objects")
            var status = GitStatus(repository: repository.gitDirectory, branch: repository.branchRef,
                                   looseObjects: folder.looseObjects().count, packs: folder.packs().count)
            var next = try repository.tip()
            if let tip = next {
                let commit = try repository.commit(tip)
                status.tip = tip.hex
                status.tipTime = GitRepository.date(of: commit)
                status.tipMessage = String(commit.message.prefix { $0 != "\n" })
            }
            while let id = next {
                status.commits += 1
                next = try repository.commit(id).parent
            }
            if let remote {
                status.remote = remote.displayURL
                status.push = GitPushStatus.read(gitDirectory: repository.gitDirectory)
            }
            return status
        }
    }
}

/// The answer to `pocketdav storage status` for git.
public struct GitStatus: Sendable {
    public var repository: String
    public var branch: String
    public var tip: String?
    public var tipTime: Date?
    public var tipMessage: String?
    /// Commits on the branch (first parents).
    public var commits = 0
    public var looseObjects: Int
    public var packs: Int
    public var remote: String?
    /// The last push, as the running server recorded it.
    public var push: GitPushStatus?

    /// Whether the remote lacks commits the branch has.
    public var hasUnpushedCommits: Bool { remote != nil && push?.pushedCommit != tip }
}
