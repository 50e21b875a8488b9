import DAVCore
import Glibc

/// The filesystem backend's account records: one 0600 file beside `collection-root`,
/// `<folder>/.pocketdav-accounts.json` (an `AccountRecordFile`), which no DAV path reaches.
///
/// A change reads the file, applies the transform and replaces the file (temporary file, fsync,
/// rename, directory fsync: `AtomicWrite`) while holding `<folder>/.pocketdav-accounts.lock`
/// exclusively, a lock that holds across threads and processes (`FileLock`), so two pocketdav
/// processes on one folder, or the server and `pocketdav group`, never lose each other's
/// changes. Readers take no lock: a rename replaces the file whole.
///
/// Blocking; call only from `FileSystemStorage.sharedPool` threads.
final class AccountFile: Sendable {
    static let fileName = ".pocketdav-accounts.json"
    static let lockName = ".pocketdav-accounts.lock"

    let folder: String
    let fsync: Bool
    private let lock: FileLock

    init(folder: String, fsync: Bool) {
        self.folder = folder
        self.fsync = fsync
        lock = FileLock(path: folder + "/" + Self.lockName, createsParent: false)
    }

    var path: String { folder + "/" + Self.fileName }

    /// The records as the file holds them now (none when there is no file yet).
    func read() throws -> AccountRecordFile {
        guard let bytes = try SystemCall.readFile(path) else { return AccountRecordFile() }
        return try AccountRecordFile(decoding: bytes, source: path)
    }

    /// Applies `transform` to one record under the exclusive lock; writes only when it changed.
    /// A transform that throws writes nothing; its error comes back as the result, apart from
    /// the file's own errors, which are thrown.
    func update(_ kind: AccountRecordKind, named name: String, _ transform: ([UInt8]?) throws -> [UInt8]?) throws
        -> Result<[UInt8]?, any Error>
    {
        try lock.withExclusive {
            var records = try read()
            let outcome: (previous: [UInt8]?, changed: Bool)
            do {
                outcome = try records.update(kind, named: name, transform)
            } catch {
                return .failure(error)
            }
            if outcome.changed {
                try AtomicWrite.write(try records.encoded(), to: Self.fileName, in: folder, fsync: fsync)
            }
            return .success(outcome.previous)
        }
    }
}
