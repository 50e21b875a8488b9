import CGit2
import Glibc
import Logging

/// Housekeeping, with libgit2's packbuilder (libgit2 has no `gc`): loose objects are packed into
/// one pack file, and when packs pile up they are merged into one.
///
/// Nothing is ever pruned: every object that was in the repository is in it afterwards, so
/// unreachable litter from interrupted writes stays (a few bytes each) and no concurrent writer
/// (this process or another) can lose an object it is about to reference. The order makes it
/// crash-safe: the new pack and its index are written and synced first; only then are the loose
/// files or old packs it replaces removed. A crash in between leaves objects twice, never zero
/// times. Readers that miss an object reload the pack list (libgit2 does on a miss), so removing
/// loose files under them is safe.
extension GitRepository {
    struct PackOutcome: Sendable, Hashable {
        var packedObjects = 0
        var removedLooseObjects = 0
        var mergedPacks = 0
        var removedTemporaryFiles = 0
    }

    /// Packs up to this many packs are left alone; beyond, they are merged into one.
    static let packLimit = 16

    func packObjects() throws -> PackOutcome {
        let folder = ObjectFolder(path: gitDirectory + "objects")
        var outcome = PackOutcome()
        outcome.removedTemporaryFiles = folder.removeAbandonedTemporaryFiles()
        let loose = folder.looseObjects()
        let packs = folder.packs()
        if packs.count >= Self.packLimit {
            // Everything the object database knows, loose and packed, into one new pack.
            var all: [GitOID] = []
            try forEachObject { all.append($0) }
            outcome.packedObjects = try writePack(all, in: folder)
            packs.forEach(folder.removePack)
            outcome.mergedPacks = packs.count
        } else if !loose.isEmpty {
            outcome.packedObjects = try writePack(loose.map(\.oid), in: folder)
        } else {
            return outcome
        }
        for (_, file) in loose where unlink(file) == 0 { outcome.removedLooseObjects += 1 }
        logger.info("packed the git repository", metadata: [
            "objects": "\(outcome.packedObjects)", "looseRemoved": "\(outcome.removedLooseObjects)",
            "packsMerged": "\(outcome.mergedPacks)", "temporaryRemoved": "\(outcome.removedTemporaryFiles)",
        ])
        return outcome
    }

    /// Writes one pack holding `objects` and syncs it and its index; returns how many it holds.
    private func writePack(_ objects: [GitOID], in folder: ObjectFolder) throws -> Int {
        var builder: OpaquePointer?
        try GitError.check(git_packbuilder_new(&builder, repositoryPointer), "git_packbuilder_new")
        defer { git_packbuilder_free(builder) }
        _ = git_packbuilder_set_threads(builder, 1)
        for oid in objects {
            var raw = oid.raw
            try GitError.check(git_packbuilder_insert(builder, &raw, nil), "adding \(oid) to a pack")
        }
        try GitError.check(git_packbuilder_write(builder, nil, 0, nil, nil), "writing a pack")
        if let name = git_packbuilder_name(builder).map({ String(cString: $0) }) {
            for suffix in [".pack", ".idx"] { ObjectFolder.sync(folder.packFolder + "/pack-" + name + suffix) }
        }
        guard ObjectFolder.sync(folder.packFolder) else {
            throw GitError(code: -1, operation: "syncing \(folder.packFolder)")
        }
        return Int(git_packbuilder_object_count(builder))
    }

    /// Calls `body` with the id of every object in the database (git_odb_foreach).
    private func forEachObject(_ body: (GitOID) -> Void) throws {
        final class Collector {
            var ids: [GitOID] = []
        }
        let collector = Collector()
        // Packs another process added since this handle last looked must be listed too, or their
        // objects would be missing from the merged pack that replaces them.
        try GitError.check(git_odb_refresh(odbPointer), "refreshing the object database")
        let rc = git_odb_foreach(odbPointer, { oid, payload in
            guard let oid, let payload else { return 0 }
            Unmanaged<Collector>.fromOpaque(payload).takeUnretainedValue().ids.append(GitOID(oid.pointee))
            return 0
        }, Unmanaged.passUnretained(collector).toOpaque())
        try GitError.check(rc, "listing the object database")
        // A loose object that is also packed is listed twice.
        var seen = Set<GitOID>()
        for id in collector.ids where seen.insert(id).inserted { body(id) }
    }
}
