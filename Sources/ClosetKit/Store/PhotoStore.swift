import Foundation

/// The wardrobe's photo files, named by the SHA-256 of their bytes: `photos/ab/abcdef….jpg`.
///
/// - Files are written to `photos/.tmp/` first and renamed into place, so a reader never sees half a file.
/// - Every path is built from a validated ``PhotoAddress`` and checked to resolve inside `photos/`:
///   a shard folder or file that is a symbolic link is never followed.
/// - Nothing is deleted on a guess: a photo no item uses any more moves to `photos/.trash/DAY/`, and
///   only trash older than ``trashDays`` days is emptied.
public struct PhotoStore: Sendable {
    public let root: URL
    /// Days a photo stays in the trash before it is deleted for good.
    public static let trashDays = 30

    public init(root: URL) { self.root = root }

    var tmp: URL { root.appendingPathComponent(".tmp", isDirectory: true) }
    public var trash: URL { root.appendingPathComponent(".trash", isDirectory: true) }

    /// The path of a stored photo, after checking the name and that the path stays inside `photos/`.
    public func url(hash: String, ext: String) throws -> URL {
        try PhotoAddress.validate(hash: hash, ext: ext)
        let shard = root.appendingPathComponent(String(hash.prefix(2)), isDirectory: true)
        let file = shard.appendingPathComponent("\(hash).\(ext)")
        for path in [shard.path, file.path] where Self.isSymbolicLink(path) {
            throw ClosetError.symbolicLink(path: path)
        }
        return file
    }

    static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// Refuses a folder of closet's own under `photos/` (`.tmp`, `.trash`, a trash day) that is a symbolic
    /// link: files are written, moved and deleted there, and never anywhere a link could point.
    func requireOwnFolder(_ folder: URL) throws {
        if Self.isSymbolicLink(folder.path) {
            throw ClosetError.badData("\(folder.path) is a symbolic link: closet writes and deletes only inside the wardrobe. Move it away")
        }
    }

    /// Whether `file` lies directly in `photos/`, in one of its shard folders (not a link) or in `.tmp`:
    /// the only places closet's cleanup moves files from.
    func isOwnFile(_ file: URL) -> Bool {
        let parent = file.deletingLastPathComponent().standardizedFileURL
        let root = root.standardizedFileURL
        if parent == root { return true }
        return parent.deletingLastPathComponent() == root && !Self.isSymbolicLink(parent.path)
    }

    /// Writes `data` to a temporary file; `commit` renames it into place. Call with the wardrobe's file lock held.
    func stage(_ data: Data) throws -> URL {
        let fm = FileManager.default
        try requireOwnFolder(tmp)
        do {
            try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
            let staged = tmp.appendingPathComponent(UUID().uuidString)
            try data.write(to: staged)
            return staged
        } catch {
            throw ClosetError.cannotCreate("cannot write a photo into \(root.path): \(error.localizedDescription)")
        }
    }

    /// Moves a staged file to its content address. A file already there has the same bytes, so it stays.
    func commit(staged: URL, hash: String, ext: String) throws {
        let fm = FileManager.default
        let target = try url(hash: hash, ext: ext)
        if fm.fileExists(atPath: target.path) {
            try? fm.removeItem(at: staged)  // our own copy of bytes already stored
            return
        }
        do {
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            if rename(staged.path, target.path) != 0 {
                throw ClosetError.io("cannot move photo into \(target.path): \(String(cString: strerror(errno)))")
            }
        } catch let error as ClosetError {
            throw error
        } catch {
            throw ClosetError.cannotCreate("cannot create \(target.deletingLastPathComponent().path): \(error.localizedDescription)")
        }
    }

    /// Removes a staged copy this process wrote and did not commit (the original is still where it was read from).
    func discard(staged: URL) { try? FileManager.default.removeItem(at: staged) }

    /// Moves a stored photo to the trash. Returns where it went, or nil when there was no such file.
    @discardableResult
    func moveToTrash(hash: String, ext: String, now: Date = Date()) throws -> URL? {
        let source = try url(hash: hash, ext: ext)
        guard FileManager.default.fileExists(atPath: source.path) else { return nil }
        return try moveToTrash(source, now: now)
    }

    /// Moves a file of `photos/` (a shard's, or a staged one) to `photos/.trash/YYYY-MM-DD/`, keeping its
    /// name (suffixed when taken). Call with the wardrobe's file lock held.
    func moveToTrash(_ file: URL, now: Date = Date()) throws -> URL {
        let fm = FileManager.default
        guard isOwnFile(file) else {
            throw ClosetError.badData("\(file.path) is not a file of the wardrobe's photo store: it was left alone")
        }
        let day = trash.appendingPathComponent(Day.string(now), isDirectory: true)
        try requireOwnFolder(trash)
        try requireOwnFolder(day)
        do { try fm.createDirectory(at: day, withIntermediateDirectories: true) } catch {
            throw ClosetError.cannotCreate("cannot create the trash folder \(day.path): \(error.localizedDescription)")
        }
        var target = day.appendingPathComponent(file.lastPathComponent)
        var n = 1
        while fm.fileExists(atPath: target.path) || Self.isSymbolicLink(target.path) {
            n += 1
            target = day.appendingPathComponent("\(file.lastPathComponent).\(n)")
        }
        guard rename(file.path, target.path) == 0 else {
            throw ClosetError.io("cannot move \(file.path) to the trash: \(String(cString: strerror(errno)))")
        }
        return target
    }

    /// Whether `file` lies in one of the trash's day folders (neither it nor the trash a link).
    func isTrashFile(_ file: URL) -> Bool {
        let day = file.deletingLastPathComponent().standardizedFileURL
        return day.deletingLastPathComponent() == trash.standardizedFileURL && Day.isValid(day.lastPathComponent)
            && !Self.isSymbolicLink(trash.path) && !Self.isSymbolicLink(day.path) && !Self.isSymbolicLink(file.path)
    }

    /// Moves a file of the trash back to its address in the store (undoing a deletion). Call with the
    /// wardrobe's file lock held.
    func moveBack(_ trashed: URL, to target: URL) throws {
        guard isTrashFile(trashed) else {
            throw ClosetError.badData("\(trashed.path) is not a file of the wardrobe's trash: it was left alone")
        }
        do { try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true) } catch {
            throw ClosetError.cannotCreate("cannot create \(target.deletingLastPathComponent().path): \(error.localizedDescription)")
        }
        guard rename(trashed.path, target.path) == 0 else {
            throw ClosetError.io("cannot move \(trashed.path) back to \(target.path): \(String(cString: strerror(errno)))")
        }
    }

    /// What the trash holds: each day folder with its files.
    public func trashDays() -> [(day: String, files: [URL])] {
        let fm = FileManager.default
        guard !Self.isSymbolicLink(trash.path), let days = try? fm.contentsOfDirectory(at: trash, includingPropertiesForKeys: nil) else {
            return []
        }
        return days.filter { Day.isValid($0.lastPathComponent) && !Self.isSymbolicLink($0.path) }.sorted {
            $0.lastPathComponent < $1.lastPathComponent
        }.map {
            (
                $0.lastPathComponent,
                ((try? fm.contentsOfDirectory(at: $0, includingPropertiesForKeys: nil)) ?? []).sorted { $0.path < $1.path }
            )
        }
    }

    /// Deletes the trash's day folders older than `trashDays` days. Only real folders named as a day, inside a
    /// `.trash` that is no link, are touched (see `trashDays`). Call with the wardrobe's file lock held.
    /// Returns how many files were deleted.
    @discardableResult
    func emptyTrash(now: Date = Date()) -> Int {
        let today = Day.ordinal(of: now)
        var deleted = 0
        for (day, files) in trashDays() {
            guard let ordinal = Day.ordinal(day), today - ordinal > Self.trashDays else { continue }
            let folder = trash.appendingPathComponent(day, isDirectory: true)
            if (try? FileManager.default.removeItem(at: folder)) != nil { deleted += files.count }
        }
        return deleted
    }

    /// Every file in the shard folders, with the hash and extension its name gives when that name is valid.
    public func storedFiles() -> [(url: URL, hash: String?, ext: String)] {
        let fm = FileManager.default
        guard let shards = try? fm.contentsOfDirectory(at: root, includingPropertiesForKeys: nil) else { return [] }
        var found: [(URL, String?, String)] = []
        for shard in shards.sorted(by: { $0.path < $1.path }) where !shard.lastPathComponent.hasPrefix(".") {
            guard !Self.isSymbolicLink(shard.path) else { found.append((shard, nil, "")); continue }
            for file in ((try? fm.contentsOfDirectory(at: shard, includingPropertiesForKeys: nil)) ?? []).sorted(by: { $0.path < $1.path })
            {
                let hash = file.deletingPathExtension().lastPathComponent
                let valid = PhotoAddress.isHash(hash) && hash.hasPrefix(shard.lastPathComponent) && !Self.isSymbolicLink(file.path)
                found.append((file, valid ? hash : nil, file.pathExtension))
            }
        }
        return found
    }

    /// True when at least one photo file is stored (checked before a missing database may be created anew).
    public func holdsPhotos() -> Bool {
        storedFiles().contains { $0.hash != nil }
    }

    /// Files staged by a write that never finished (a crash, `kill -9`).
    func stagedFiles() -> [URL] {
        guard !Self.isSymbolicLink(tmp.path) else { return [] }
        return ((try? FileManager.default.contentsOfDirectory(at: tmp, includingPropertiesForKeys: nil)) ?? []).sorted { $0.path < $1.path }
    }
}
