import Foundation

/// The wardrobe-wide writer lock: an advisory `flock` on `.closet.lock` in the wardrobe folder.
///
/// Every change to files under `photos/` (staging, renaming into place, moving to the trash,
/// cleaning up) happens while it is held, so two closet processes never sweep, stage or clean up
/// under each other. SQLite's own lock still orders the database writes.
final class WardrobeLock: @unchecked Sendable {
    let url: URL
    let timeout: TimeInterval
    private var descriptor: Int32 = -1
    private var depth = 0
    private let mutex = NSRecursiveLock()

    static let fileName = ".closet.lock"

    init(folder: URL, timeout: TimeInterval) {
        url = folder.appendingPathComponent(Self.fileName)
        self.timeout = timeout
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Runs `body` holding the lock (re-entrant within this process), waiting up to `timeout` for
    /// another closet to release it.
    func withLock<T>(_ body: () throws -> T) throws -> T {
        mutex.lock()
        defer { mutex.unlock() }
        if depth == 0 { try acquire() }
        depth += 1
        defer {
            depth -= 1
            if depth == 0 { flock(descriptor, LOCK_UN) }
        }
        return try body()
    }

    private func acquire() throws {
        if descriptor < 0 {
            descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard descriptor >= 0 else {
                throw ClosetError.cannotCreate("cannot open the lock file \(url.path): \(String(cString: strerror(errno)))")
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw ClosetError.io("cannot lock \(url.path): \(String(cString: strerror(errno)))")
            }
            if Date() >= deadline {
                throw ClosetError.io(
                    "the wardrobe \(url.deletingLastPathComponent().path) is busy: another closet is writing to it. Try again when it has finished"
                )
            }
            usleep(10_000)
        }
    }
}
