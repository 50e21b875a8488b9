import Foundation

/// The git command line, to check the repositories `GitStorage` writes with git's own eyes.
enum GitCLI {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `git <arguments>` and returns its standard output; throws when it exits non-zero.
    @discardableResult
    static func run(_ arguments: [String], input: [UInt8] = [], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "git \(arguments.joined(separator: " ")) exited \(process.terminationStatus): "
                          + String(decoding: err, as: UTF8.self))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `git --git-dir <repository> <arguments>`, output trimmed of its final newline.
    @discardableResult
    static func git(_ repository: String, _ arguments: String...) throws -> String {
        var text = try run(["--git-dir", repository] + arguments)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Lines of `git log` for the branch, newest first, in `format`.
    static func log(_ repository: String, format: String) throws -> [String] {
        try git(repository, "log", "--format=\(format)").split(separator: "\n").map(String.init)
    }

    /// `git fsck --strict`: throws on any error; dangling objects are not errors.
    static func fsck(_ repository: String) throws {
        let report = try run(["--git-dir", repository, "fsck", "--strict", "--no-dangling"])
        guard report.isEmpty else { throw Failure(description: "git fsck: \(report)") }
    }

    /// Commits `files` (path → bytes) on top of the branch with git's plumbing, as someone
    /// editing the repository by hand would; returns the new commit.
    @discardableResult
    static func commitByHand(_ repository: String, _ files: [String: [UInt8]], message: String) throws -> String {
        let index = repository + "/hand-index"
        let environment = ["GIT_INDEX_FILE": index, "GIT_AUTHOR_NAME": "hand", "GIT_AUTHOR_EMAIL": "hand@example.org",
                           "GIT_COMMITTER_NAME": "hand", "GIT_COMMITTER_EMAIL": "hand@example.org"]
        func git(_ arguments: String..., input: [UInt8] = []) throws -> String {
            try run(["--git-dir", repository] + arguments, input: input, environment: environment).filter { $0 != "\n" }
        }
        _ = try git("read-tree", "main")
        for (path, bytes) in files {
            let blob = try git("hash-object", "-w", "--stdin", input: bytes)
            _ = try git("update-index", "--add", "--cacheinfo", "100644,\(blob),\(path)")
        }
        let tree = try git("write-tree")
        let parent = try git("rev-parse", "main")
        let commit = try git("commit-tree", tree, "-p", parent, "-m", message)
        _ = try git("update-ref", "refs/heads/main", commit, parent)
        try FileManager.default.removeItem(atPath: index)
        return commit
    }
}
