/// One change to a tree for `GitRepository.updateTree`: put `oid` at `path`, or remove `path`.
struct TreeEdit: Sendable, Hashable {
    var path: String
    var oid: GitOID?
    var isTree = false

    static func put(_ path: String, _ oid: GitOID, isTree: Bool = false) -> TreeEdit {
        TreeEdit(path: path, oid: oid, isTree: isTree)
    }

    static func remove(_ path: String) -> TreeEdit { TreeEdit(path: path, oid: nil) }
}
