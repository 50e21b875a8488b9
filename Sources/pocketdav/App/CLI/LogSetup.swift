import Logging
import Synchronization

enum LogSetup {
    private static let bootstrapped = Mutex(false)

    /// Sends logs to stderr at `level`. Passwords and Authorization headers are never given to
    /// the logger in the first place (see `DAVServer.handle`).
    static func bootstrapStderr(level: Logger.Level) -> Logger {
        bootstrapped.withLock { done in
            if !done {
                LoggingSystem.bootstrap(StreamLogHandler.standardError)
                done = true
            }
        }
        var logger = Logger(label: "pocketdav")
        logger.logLevel = level
        return logger
    }
}
