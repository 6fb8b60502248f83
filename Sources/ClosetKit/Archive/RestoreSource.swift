import Foundation

/// The file given to `closet restore`, checked before anything is read from it in earnest: it must be a
/// regular file (a FIFO, device, socket or folder is refused at once, never waited on), and its first bytes
/// must be closet's own: a one-file backup (a tar whose first entry is the manifest), a JSON export, or a
/// CSV export. An empty file, one of zero bytes (a file cut by a crash), an empty tar or someone else's tar
/// is refused with what it is, instead of "restoring" 0 items.
public enum RestoreSource {
    public enum Kind: Equatable, Sendable { case backup, json, csv }

    /// What `url` holds, after the checks above.
    public static func kind(of url: URL) throws -> Kind {
        let handle = try open(url)
        defer { try? handle.close() }
        let head: Data
        do { head = try handle.read(upToCount: 4096) ?? Data() } catch {
            throw ClosetError.io("cannot read \(url.path): \(error.localizedDescription)")
        }
        return try kind(of: head, path: url.path)
    }

    /// Opens `url` for reading when it is a regular file (links to one are followed).
    public static func open(_ url: URL) throws -> FileHandle {
        let path = url.path
        // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
        let fd = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw ClosetError.noInput("\(path) does not exist: check the path") }
            throw ClosetError.noInput("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ClosetError.io("cannot read \(path): \(reason)")
        }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            close(fd)
            let what =
                switch type {
                case S_IFDIR: "a folder"
                case S_IFIFO: "a FIFO (named pipe)"
                case S_IFSOCK: "a socket"
                default: "a device"
                }
            throw ClosetError.usage(
                "\(path) is \(what), not a file: give the .closet backup, or the .json or .csv file closet export wrote")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// What a file starting with `head` (its first 4 KB, or all of it) is.
    static func kind(of head: Data, path: String) throws -> Kind {
        let notOurs = "\(path) is not a closet backup or export (a .closet file, or the JSON or CSV that closet export writes)"
        guard !head.isEmpty else {
            throw ClosetError.badData("\(path) is empty: it is not a closet backup or export, and nothing was restored")
        }
        if head.prefix(Tar.block).allSatisfy({ $0 == 0 }) {
            throw ClosetError.badData(
                "\(path) starts with only zero bytes (a file cut short by a crash, or an empty tar): "
                    + "it holds no closet backup, and nothing was restored")
        }
        if head.count >= 263, head[257..<262] == Data("ustar".utf8) {
            guard head.starts(with: Data((BackupManifest.fileName + "\0").utf8)) else {
                throw ClosetError.badData(
                    "\(path) is a tar, but not a closet backup: it does not start with \(BackupManifest.fileName); nothing was restored")
            }
            return .backup
        }
        let first = head.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        if first == UInt8(ascii: "{") { return .json }
        var text = String(decoding: head.prefix { $0 != 0x0A && $0 != 0x0D }, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let columns = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        }
        guard !head.contains(0), columns.contains("name"), columns.contains("category") else { throw ClosetError.badData(notOurs) }
        return .csv
    }
}
