import Foundation

/// Writing an export file (a backup, JSON or CSV) as git writes a ref: to a temporary file beside the target,
/// synced, then renamed over it, so that a failed or killed export never leaves half a file under the name.
///
/// The temporary file is `.NAME.XXXXXXXX.tmp` (eight hex digits) beside the target. Before it is created, its
/// path is recorded in the wardrobe's export journal (`.exports/UUID.export`), which the exporting process
/// holds locked (`flock`) until it is done: a killed export's temporary file is then found and proved stale
/// by ``Wardrobe/archiveLeftovers()`` (its record is no longer locked), and only such a file is ever removed.
extension Wardrobe {
    static let exportJournal = ".exports"

    /// Writes the file at `url` with what `body` writes to the handle, through a recorded temporary file.
    public func writeExportFile(to url: URL, _ body: (FileHandle) throws -> Void) throws {
        try writeExportFile(to: url, cleaningFirst: true, body)
    }

    /// `cleaningFirst`: whether killed exports' files are removed first (once per export is enough).
    func writeExportFile(to url: URL, cleaningFirst: Bool, _ body: (FileHandle) throws -> Void) throws {
        if cleaningFirst { cleanStaleExportFiles() }
        let temp = ReplacingWrite.temporary(for: url)
        // A read-only wardrobe can still be exported: the file is then written without a record.
        let record = try? ExportRecord(journal: folder.appendingPathComponent(Self.exportJournal), temp: temp)
        defer { record?.finish() }
        do {
            try ReplacingWrite.write(to: url, through: temp, body)
        } catch let failure as ReplacingWrite.Failure {
            let message = "cannot write \(url.path): \(failure.reason)"
            throw failure.syncing ? ClosetError.io(message) : ClosetError.cannotCreate(message)
        }
    }

    /// Removes what killed exports left (best effort: an export is never refused for it).
    func cleanStaleExportFiles() {
        _ = ExportRecord.sweep(folder.appendingPathComponent(Self.exportJournal, isDirectory: true))
    }
}

/// A file written as git writes a ref: to a temporary file of closet's own beside the target (created with
/// O_EXCL and O_NOFOLLOW, so it is never another's file), synced, then renamed over the target, its folder synced;
/// the temporary file is removed when anything fails. A reader never sees half a file under the name.
public enum ReplacingWrite {
    /// The temporary file beside `url`: `.NAME.XXXXXXXX.tmp` (``ExportRecord/isTempName(_:)``).
    public static func temporary(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString.prefix(8)).tmp")
    }

    /// Why the temporary file could not be made, synced (`syncing`) or renamed: the system's words.
    public struct Failure: Error {
        public let reason: String
        public let syncing: Bool
    }

    /// Writes `url` with what `body` writes to the handle, through `temp` (else ``temporary(for:)``); throws
    /// ``Failure``, or what `body` throws.
    public static func write(to url: URL, through temp: URL? = nil, _ body: (FileHandle) throws -> Void) throws {
        // What the name is now, through any link: a renamed file would replace a device or a pipe's node (as
        // root, `/dev/null` itself), so those are written into as they are, and never replaced.
        var target = stat()
        if stat(url.path, &target) == 0 {
            switch target.st_mode & S_IFMT {
            case S_IFREG, S_IFLNK: break
            case S_IFCHR, S_IFIFO: return try writeInPlace(url, body)
            case S_IFDIR: throw Failure(reason: "it is a folder: give a file name in it", syncing: false)
            default: throw Failure(reason: "it is a device or a socket, not a file: give a file name", syncing: false)
            }
        }
        let temp = temp ?? temporary(for: url)
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(reason: String(cString: strerror(errno)), syncing: false) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var done = false
        defer {
            try? handle.close()
            if !done { unlink(temp.path) }
        }
        try body(handle)
        guard fsync(fd) == 0 else { throw Failure(reason: String(cString: strerror(errno)), syncing: true) }
        guard rename(temp.path, url.path) == 0 else { throw Failure(reason: String(cString: strerror(errno)), syncing: false) }
        done = true
        try? POSIXFileSystem.shared.syncDirectory(url.deletingLastPathComponent())
    }

    /// Writes into a character device or a pipe the person named (`-o /dev/stdout`, `-o /dev/null`, a FIFO) as
    /// it is: opened without creating or truncating anything, and checked again once open.
    private static func writeInPlace(_ url: URL, _ body: (FileHandle) throws -> Void) throws {
        let fd = open(url.path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw Failure(reason: String(cString: strerror(errno)), syncing: false) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        defer { try? handle.close() }
        var info = stat()
        guard fstat(fd, &info) == 0, [S_IFCHR, S_IFIFO].contains(info.st_mode & S_IFMT) else {
            throw Failure(reason: "it changed while it was opened: try again", syncing: false)
        }
        try body(handle)
    }
}

/// One export's record in the journal, locked while the export runs.
struct ExportRecord {
    let url: URL
    let fd: Int32

    /// A temporary export file's name: `.NAME.XXXXXXXX.tmp`.
    static func isTempName(_ name: String) -> Bool {
        guard name.hasPrefix("."), name.hasSuffix(".tmp"), name.utf8.count > 14 else { return false }
        let parts = name.dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, let random = parts.last, random.count == 8 else { return false }
        return random.allSatisfy { $0.isHexDigit } && !parts.dropFirst().dropLast().joined().isEmpty
    }

    init(journal: URL, temp: URL) throws {
        if PhotoStore.isSymbolicLink(journal.path) { throw ClosetError.symbolicLink(path: journal.path) }
        mkdir(journal.path, 0o755)
        url = journal.appendingPathComponent("\(UUID().uuidString).export")
        fd = open(url.path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ClosetError.cannotCreate("cannot record the export in \(journal.path)") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0, (try? POSIXFileSystem.writeAll(fd, Data((temp.path + "\n").utf8), url: url)) != nil,
            fsync(fd) == 0
        else {
            close(fd)
            unlink(url.path)
            throw ClosetError.cannotCreate("cannot record the export in \(journal.path)")
        }
    }

    /// Copies `source` into `handle`, 1 MB at a time.
    static func copy(_ source: URL, into handle: FileHandle, name: String) throws {
        let input: FileHandle
        do { input = try FileHandle(forReadingFrom: source) } catch {
            throw ClosetError.io("cannot read photo \(source.path): \(error.localizedDescription)")
        }
        defer { try? input.close() }
        do {
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { try handle.write(contentsOf: chunk) }
        } catch {
            throw ClosetError.io("cannot copy photo \(source.path) to \(name): \(error.localizedDescription)")
        }
    }

    /// The export is over (written or failed, its temporary file gone): the record goes.
    func finish() {
        unlink(url.path)
        close(fd)
    }

    /// The temporary file a record names, when its export is gone (the record's lock is free) and the file is
    /// still there, a regular file named as closet names them. `body` runs holding the record's lock.
    static func stale<T>(_ record: URL, _ body: (_ temp: URL?, _ bytes: Int) -> T) -> T? {
        let fd = open(record.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0, info.st_size <= 4096,
            flock(fd, LOCK_EX | LOCK_NB) == 0
        else { return nil }  // empty: an export between creating and writing it; locked: a live export
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n == bytes.count, bytes.last == 0x0A, let path = String(bytes: bytes.dropLast(), encoding: .utf8), path.hasPrefix("/"),
            !path.contains("\0")
        else { return body(nil, 0) }
        let temp = URL(fileURLWithPath: path)
        var file = stat()
        guard temp.standardizedFileURL.path == path, isTempName(temp.lastPathComponent), lstat(path, &file) == 0,
            (file.st_mode & S_IFMT) == S_IFREG
        else { return body(nil, 0) }
        return body(temp, Int(file.st_size))
    }

    /// Removes each stale export's temporary file and its record, proving each stale under the record's lock;
    /// a record whose export is gone and whose file is not there (or not closet's) goes alone. Returns the files
    /// removed.
    static func sweep(_ journal: URL) -> [ArchiveLeftover] {
        guard !PhotoStore.isSymbolicLink(journal.path), let names = try? FileManager.default.contentsOfDirectory(atPath: journal.path)
        else {
            return []
        }
        return names.sorted().filter { $0.hasSuffix(".export") }.compactMap { name in
            let record = journal.appendingPathComponent(name)
            return stale(record) { temp, bytes -> ArchiveLeftover? in
                guard let temp else {
                    unlink(record.path)
                    return nil
                }
                guard unlink(temp.path) == 0 else { return nil }
                unlink(record.path)
                return ArchiveLeftover(url: temp, bytes: bytes, kind: .exportFile)
            } ?? nil
        }
    }
}
