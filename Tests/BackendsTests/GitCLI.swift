import Foundation

/// The git command line, to check the repositories `GitStorage` writes with git's own eyes.
enum GitCLI {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `git <arguments>` and returns its standard output; throws when it exits non-zero.
    @discardableResult
    static func run(_ arguments: [String], input: [UInt8] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
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
}
