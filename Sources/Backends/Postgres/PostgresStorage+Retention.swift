import DAVCore
import Logging
import PostgresNIO

/// Keeps the change log bounded. Live members have one row each (the log is compacted to one row
/// per name as it is written); only deletions accumulate, so those older than the retention are
/// forgotten, and each collection's `floor` rises to the newest forgotten one. A client whose
/// token is below the floor gets `valid-sync-token` (403) and resyncs from scratch, instead of
/// silently missing a deletion.
extension PostgresStorage {
    /// Forgets deletions older than `age` in every collection; returns how many. Each collection
    /// is pruned in its own short transaction that takes its lock first, like any writer.
    @discardableResult
    public func pruneChanges(olderThan age: Duration) async throws -> Int {
        let seconds = max(age.components.seconds, 0)
        let collections = try await database.read("change retention") { session in
            try await session.rows("""
                SELECT DISTINCT collection_id FROM changes
                WHERE deleted AND changed_at < now() - make_interval(secs => \(seconds))
                """).map { try $0.decode(Int64.self) }
        }
        var pruned: Int64 = 0
        for id in collections {
            pruned += try await database.write("change retention") { session in
                guard try await !session.rows("SELECT 1 FROM collections WHERE id = \(id) FOR UPDATE").isEmpty else { return 0 }
                return try await session.pruneDeletions(in: id, olderThanSeconds: seconds)
            }
        }
        return Int(pruned)
    }

    func pruneChangesPeriodically() async throws {
        guard let retention = configuration.changeRetention else {
            while true { try await Task.sleep(for: .seconds(3600)) }  // nothing to do until shutdown cancels us
        }
        while true {
            do {
                let pruned = try await pruneChanges(olderThan: retention)
                if pruned > 0 { logger.info("pruned old deletions from the sync log", metadata: ["rows": "\(pruned)"]) }
            } catch {
                logger.warning("change log retention failed; will retry", metadata: ["error": "\(error)"])
            }
            try await Task.sleep(for: configuration.retentionInterval)
        }
    }
}
