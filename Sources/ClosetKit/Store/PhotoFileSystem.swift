import Foundation

/// The file operations the photo store makes, and nothing else: the seam a test replaces to simulate a
/// power cut at every step (as SQLite's crash tests do with a VFS that keeps unsynced writes in memory).
///
/// A photo is durable before the row that names it commits: its bytes are written under a temporary
/// name and synced, renamed into place, and the folder that now names it is synced. Only then does
/// the transaction commit (``PhotoStore/stage(_:)``, ``PhotoStore/commit(staged:hash:ext:)``).
public protocol PhotoFileSystem: AnyObject, Sendable {
    /// Creates the folder `url` (its parent exists). A folder already there is no error.
    func makeDirectory(_ url: URL) throws
    /// Creates the file `url`, which must not exist, for writing. Its bytes are not durable until ``sync(_:)``.
    func create(_ url: URL) throws -> PhotoFileWriter
    /// Makes a file's bytes durable (fsync).
    func sync(_ url: URL) throws
    /// Makes a folder's entries durable: files created, renamed into or out of it (fsync on the folder).
    func syncDirectory(_ url: URL) throws
    /// Renames a file (atomically replacing `to`). Durable once both folders are synced.
    func rename(_ from: URL, to: URL) throws
    /// Deletes a file.
    func remove(_ url: URL) throws
}

/// A file being written by ``PhotoFileSystem/create(_:)``.
public protocol PhotoFileWriter: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
    func close() throws
}

extension PhotoFileWriter {
    public func write(_ data: Data) throws { try data.withUnsafeBytes { try write($0) } }
}

/// The real file system, through POSIX calls: no link is followed when a file is created.
public final class POSIXFileSystem: PhotoFileSystem {
    public static let shared = POSIXFileSystem()

    public init() {}

    static func failure(_ what: String, _ url: URL) -> ClosetError {
        let code = errno
        let why = String(cString: strerror(code))
        if code == ENOSPC || code == EDQUOT { return ClosetError.io("the disk is full: cannot \(what) \(url.path) (\(why))") }
        if code == EACCES || code == EPERM || code == EROFS {
            return ClosetError.cannotCreate("cannot \(what) \(url.path): \(why); check the folder's permissions")
        }
        return ClosetError.io("cannot \(what) \(url.path): \(why)")
    }

    public func makeDirectory(_ url: URL) throws {
        if mkdir(url.path, 0o755) == 0 { return }
        if errno == EEXIST {
            var info = stat()
            if lstat(url.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { return }
            throw ClosetError.badData("\(url.path) is not a folder (a file or a link is in its place): it was left alone. Move it away")
        }
        throw Self.failure("create the folder", url)
    }

    public func create(_ url: URL) throws -> PhotoFileWriter {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Self.failure("create", url) }
        return Writer(fd: fd, url: url)
    }

    final class Writer: PhotoFileWriter {
        var fd: Int32
        let url: URL
        init(fd: Int32, url: URL) {
            self.fd = fd
            self.url = url
        }
        deinit { if fd >= 0 { Glibc.close(fd) } }

        func write(_ bytes: UnsafeRawBufferPointer) throws { try POSIXFileSystem.writeAll(fd, bytes, url: url) }

        func close() throws {
            let result = Glibc.close(fd)
            fd = -1
            if result != 0 && errno != EINTR { throw POSIXFileSystem.failure("write", url) }
        }
    }

    /// Writes all of `bytes` to `fd` (a short write or EINTR goes on), naming `url` when it fails.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, url: URL) throws {
        guard var base = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = Glibc.write(fd, base, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("write", url)
            }
            left -= n
            base += n
        }
    }

    static func writeAll(_ fd: Int32, _ data: Data, url: URL) throws { try data.withUnsafeBytes { try writeAll(fd, $0, url: url) } }

    public func sync(_ url: URL) throws { try fsync(url, flags: O_RDONLY | O_NOFOLLOW) }

    public func syncDirectory(_ url: URL) throws { try fsync(url, flags: O_RDONLY | O_DIRECTORY) }

    private func fsync(_ url: URL, flags: Int32) throws {
        let fd = open(url.path, flags | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure("open", url) }
        defer { Glibc.close(fd) }
        // EINVAL: a file system that cannot sync (some FUSE and network mounts) has nothing more to give.
        if Glibc.fsync(fd) != 0 && errno != EINVAL { throw Self.failure("sync", url) }
    }

    public func rename(_ from: URL, to: URL) throws {
        guard Glibc.rename(from.path, to.path) == 0 else { throw Self.failure("move \(from.path) to", to) }
    }

    public func remove(_ url: URL) throws {
        guard unlink(url.path) == 0 || errno == ENOENT else { throw Self.failure("remove", url) }
    }
}
