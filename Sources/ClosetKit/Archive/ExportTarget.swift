import Foundation

/// Where an export may be written. `closet export -o FILE` replaces only a file closet wrote itself (an earlier
/// backup, JSON or CSV export, or an empty file), never another of the person's files, and nothing of an export
/// goes inside the wardrobe's own folder, where it could replace the database or mix with the photo store.
public enum ExportTarget {
    /// Checks `url` as the file an export of the wardrobe in `wardrobe` is written to.
    public static func checkFile(_ url: URL, wardrobe: URL) throws {
        try checkOutside(url, wardrobe: wardrobe)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else { return }
        if isFolder.boolValue { throw ClosetError.cannotCreate("\(url.path) is a folder: give the export a file name") }
        // A pipe or a character device (`-o /dev/stdout`, a FIFO) is written into, never read nor replaced
        // (``ReplacingWrite``): reading a FIFO here waited for a writer forever.
        var info = stat()
        if stat(url.path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFCHR, S_IFIFO: return
            default: throw ClosetError.cannotCreate("\(url.path) is a device or a socket, not a file: give the export a file name")
            }
        }
        guard isClosetExport(url) else {
            throw ClosetError.cannotCreate(
                "\(url.path) exists and is not a closet backup or export: closet replaces only its own files, so choose another name")
        }
    }

    /// Checks that `url` (the export's file, or the folder its photo files are copied into) lies outside the
    /// wardrobe in `wardrobe`.
    public static func checkOutside(_ url: URL, wardrobe: URL) throws {
        let root = resolved(wardrobe), target = resolved(url)
        if target == root || target.hasPrefix(root.hasSuffix("/") ? root : root + "/") {
            throw ClosetError.cannotCreate("\(url.path) is inside the wardrobe \(wardrobe.path): write the export somewhere else")
        }
    }

    /// The absolute path with every symbolic link of its existing part resolved (the last parts may not exist yet).
    static func resolved(_ url: URL) -> String {
        var existing = url.standardizedFileURL, rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing = existing.deletingLastPathComponent()
        }
        return rest.reduce(existing.resolvingSymlinksInPath()) { $0.appendingPathComponent($1) }.path
    }

    /// Whether the file is one closet wrote: a one-file backup, a JSON export, a CSV export, or empty.
    static func isClosetExport(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        let head: Data
        do { head = try handle.read(upToCount: 4096) ?? Data() } catch { return false }  // nil: an empty file
        if head.isEmpty { return true }
        // A one-file backup is a tar whose first entry is its manifest (another tar is someone else's).
        if Wardrobe.isBackup(url), head.prefix(100).starts(with: Data((BackupManifest.fileName + "\0").utf8)) { return true }
        let text = String(decoding: head, as: UTF8.self)
        // A CSV export starts with the columns every version wrote (later ones add theirs after them).
        if text.hasPrefix(CSV.line(WardrobeArchive.baseCSVColumns)) { return true }
        // A JSON export starts with its format ("format" sorts first among the document's keys).
        let compact = text.prefix(200).filter { !$0.isWhitespace }
        return compact.hasPrefix("{\"format\":\"closet-wardrobe\"")
    }
}
