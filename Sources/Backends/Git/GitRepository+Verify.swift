import DAVCore
import Glibc

/// The check behind `pocketdav storage verify` for git: walks the branch's tip and reports what
/// a client would trip over. Git itself vouches for the objects (libgit2 verifies each object's
/// hash as it reads it); this checks pocketdav's layer on top.
extension GitRepository {
    func verify() throws -> GitVerification {
        var report = GitVerification()
        let lock = gitDirectory + branchRef + ".lock"
        var info = stat()
        if stat(lock, &info) == 0 {
            report.problems.append(.init(path: lock, message: "a ref lock file exists; if no pocketdav or git is writing, it is abandoned"))
        }
        guard let tip = try tip() else {
            report.problems.append(.init(path: branchRef, message: "the branch has no commit yet"))
            return report
        }
        try check(collection: try tree(commit(tip).tree), at: .root, into: &report)
        return report
    }

    private func check(collection tree: GitTree, at path: ResourcePath, into report: inout GitVerification) throws {
        report.collections += 1
        let href = path.href(collection: true)
        var kind = CollectionKind.plain
        if tree.metadataBlob == nil {
            report.problems.append(.init(path: href, message: "no \(CollectionMetadata.fileName): served as a plain collection"))
        } else {
            do {
                kind = try metadata(of: tree).kind
            } catch {
                report.problems.append(.init(path: href + CollectionMetadata.fileName, message: "does not parse: \(error)"))
            }
        }
        var uids: [String: String] = [:]
        for entry in tree.members {
            guard let memberPath = try? path.appending(entry.name) else {
                report.problems.append(.init(path: href + entry.name, message: "the name is not a valid path segment"))
                continue
            }
            if entry.isTree {
                if kind != .plain {
                    report.problems.append(.init(path: memberPath.href(collection: true), message: "a \(kind) must not contain collections"))
                }
                try check(collection: self.tree(entry.oid), at: memberPath, into: &report)
                continue
            }
            report.items += 1
            let bytes = try blob(entry.oid)
            guard kind != .plain else { continue }
            let outer = kind == .calendar ? "VCALENDAR" : "VCARD"
            guard let roots = try? ContentParser.parse(bytes), roots.count == 1, roots[0].name == outer else {
                report.problems.append(.init(path: "\(memberPath)", message: "not a valid \(outer)"))
                continue
            }
            let components = outer == "VCARD" ? roots : roots[0].components.filter { $0.name != "VTIMEZONE" }
            let found = Set(components.map(\.uid))
            guard found.count == 1, let uid = found.first ?? nil else {
                report.problems.append(.init(path: "\(memberPath)", message: "needs exactly one UID, has \(found.count)"))
                continue
            }
            if let other = uids[uid] {
                report.problems.append(.init(path: "\(memberPath)", message: "UID \(uid) is also used by \(other)"))
            } else {
                uids[uid] = entry.name
            }
        }
        if let sidecars = tree.sidecarTree {
            for file in try self.tree(sidecars).entries {
                guard let name = ObjectMetadata.objectName(forFile: file.name), tree.entry(name)?.isTree == false else {
                    report.problems.append(.init(path: href + ObjectMetadata.directoryName + "/" + file.name,
                                                 message: "describes no object"))
                    continue
                }
                do {
                    _ = try sidecar(for: name, in: tree)
                } catch {
                    report.problems.append(.init(path: href + ObjectMetadata.directoryName + "/" + file.name,
                                                 message: "does not parse: \(error)"))
                }
            }
        }
    }
}

/// What `storage verify` found in a git repository.
public struct GitVerification: Sendable {
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    public var collections = 0
    public var items = 0
    public var problems: [Problem] = []
    public var isClean: Bool { problems.isEmpty }
}
