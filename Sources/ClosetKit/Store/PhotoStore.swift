import Foundation

/// The wardrobe's photo files, named by the SHA-256 of their bytes: `photos/ab/abcdef….jpg`.
///
/// - Files are written to `photos/.tmp/` first, synced, and renamed into place (the folder synced too)
///   before the row naming them commits: a reader never sees half a file, and a power cut never leaves a
///   row pointing at an empty one. Every file operation goes through a ``PhotoFileSystem``.
/// - Every path is built from a validated ``PhotoAddress`` and checked to resolve inside `photos/`:
///   a shard folder or file that is a symbolic link is never followed.
/// - Nothing is deleted on a guess: a photo no item uses any more moves to `photos/.trash/DAY/`, and
///   only trash older than ``trashDays`` days is emptied. Only files closet can prove it wrote (a
///   hash-named photo in its shard, its own staged names) are ever moved; anything else is reported.
public struct PhotoStore: Sendable {
    public let root: URL
    public let fileSystem: PhotoFileSystem
    /// Days a photo stays in the trash before it is deleted for good.
    public static let trashDays = 30

    public init(root: URL, fileSystem: PhotoFileSystem = POSIXFileSystem.shared) {
        self.root = root
        self.fileSystem = fileSystem
    }

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

    /// Whether closet can prove it wrote `file`, the only files its cleanup ever moves: a photo named by a
    /// hash in the shard folder of its first two digits, or a staged file (a UUID) in `.tmp`; neither a link.
    func isOwnFile(_ file: URL) -> Bool {
        let parent = file.deletingLastPathComponent().standardizedFileURL
        guard parent.deletingLastPathComponent() == root.standardizedFileURL, !Self.isSymbolicLink(parent.path),
            Self.isRegularFile(file.path)
        else { return false }
        if parent.lastPathComponent == ".tmp" { return Self.isStagedName(file.lastPathComponent) }
        let hash = file.deletingPathExtension().lastPathComponent
        return PhotoAddress.isHash(hash) && parent.lastPathComponent == String(hash.prefix(2))
            && PhotoAddress.isExtension(file.pathExtension)
    }

    /// Creates `folder` (and `photos/` above it) when missing, syncing the parent so that the new entry
    /// survives a power cut.
    func ensureFolder(_ folder: URL) throws {
        let isRoot = folder.standardizedFileURL == root.standardizedFileURL
        // `photos/` itself may be a link a person made (to another disk); closet's folders under it may not.
        if !isRoot { try requireOwnFolder(folder) }
        var info = stat()
        if (isRoot ? stat(folder.path, &info) : lstat(folder.path, &info)) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { return }
        let parent = folder.deletingLastPathComponent()
        if !isRoot { try ensureFolder(parent) }
        try fileSystem.makeDirectory(folder)
        try fileSystem.syncDirectory(parent)
    }

    /// Writes `data` to a temporary file and syncs it; `commit` renames it into place. Call with the
    /// wardrobe's file lock held. A write that fails (a full disk) leaves no file behind.
    func stage(_ data: Data) throws -> URL {
        try stage { try $0.write(data) }
    }

    /// Writes a temporary file with `fill`, syncs it and returns it (see ``stage(_:)``).
    func stage(_ fill: (PhotoFileWriter) throws -> Void) throws -> URL {
        try ensureFolder(tmp)
        let staged = tmp.appendingPathComponent(UUID().uuidString)
        let writer = try fileSystem.create(staged)
        do {
            try fill(writer)
            try writer.close()
            try fileSystem.sync(staged)
        } catch {
            try? writer.close()
            try? fileSystem.remove(staged)
            throw error
        }
        return staged
    }

    /// Where ``commit(staged:hash:ext:)`` put a file, so that a transaction that fails can take it back.
    struct Placed {
        let staged: URL
        let target: URL
    }

    /// Moves a staged file to its content address and syncs the folder, so that the photo is durable
    /// before the row naming it commits. A file already there with the right bytes stays (the staged copy
    /// is dropped, and nil returned); one whose bytes are wrong (cut by a power cut) goes to the trash first.
    @discardableResult
    func commit(staged: URL, hash: String, ext: String) throws -> Placed? {
        let target = try url(hash: hash, ext: ext)
        if FileManager.default.fileExists(atPath: target.path) {
            if Self.holds(target, hash: hash) {
                try? fileSystem.remove(staged)  // our own copy of bytes already stored
                return nil
            }
            _ = try moveToTrash(target)
        }
        let shard = target.deletingLastPathComponent()
        try ensureFolder(shard)
        try fileSystem.rename(staged, to: target)
        try fileSystem.syncDirectory(shard)
        return Placed(staged: staged, target: target)
    }

    /// Takes back a file ``commit(staged:hash:ext:)`` placed, when the transaction naming it failed
    /// (a full disk at the commit): no photo is left without its row. Call with the file lock held.
    func takeBack(_ placed: Placed) {
        if (try? fileSystem.rename(placed.target, to: placed.staged)) != nil { discard(staged: placed.staged) }
    }

    /// Whether `file` holds bytes whose SHA-256 is `hash` (read in pieces: memory stays flat).
    static func holds(_ file: URL, hash: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: file.path) else { return false }
        defer { try? handle.close() }
        var digest = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { digest.update(chunk) }
        return digest.finalize().map { String(format: "%02x", $0) }.joined() == hash
    }

    /// Removes a staged copy this process wrote and did not commit (the original is still where it was read from).
    func discard(staged: URL) { try? fileSystem.remove(staged) }

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
        try ensureFolder(day)
        var target = day.appendingPathComponent(file.lastPathComponent)
        var n = 1
        while fm.fileExists(atPath: target.path) || Self.isSymbolicLink(target.path) {
            n += 1
            target = day.appendingPathComponent("\(file.lastPathComponent).\(n)")
        }
        try fileSystem.rename(file, to: target)
        try fileSystem.syncDirectory(day)
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
        try ensureFolder(target.deletingLastPathComponent())
        try fileSystem.rename(trashed, to: target)
        try fileSystem.syncDirectory(target.deletingLastPathComponent())
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

    /// Every entry of `photos/` outside `.tmp` and `.trash`: in the shard folders, each file with the hash and
    /// extension its name gives when closet could have written it (64 hex digits in the folder of its first
    /// two, a photo extension, a plain file); anything else (other names, files or folders directly in
    /// `photos/`, links) with a nil hash: closet never moves those.
    public func storedFiles() -> [(url: URL, hash: String?, ext: String)] {
        let fm = FileManager.default
        guard let shards = try? fm.contentsOfDirectory(at: root, includingPropertiesForKeys: nil) else { return [] }
        var found: [(URL, String?, String)] = []
        for shard in shards.sorted(by: { $0.path < $1.path }) where ![".tmp", ".trash"].contains(shard.lastPathComponent) {
            var info = stat()
            guard lstat(shard.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { found.append((shard, nil, "")); continue }
            let files = (try? fm.contentsOfDirectory(at: shard, includingPropertiesForKeys: nil)) ?? []
            if files.isEmpty { continue }
            for file in files.sorted(by: { $0.path < $1.path }) {
                let hash = file.deletingPathExtension().lastPathComponent
                let valid =
                    PhotoAddress.isHash(hash) && shard.lastPathComponent == String(hash.prefix(2))
                    && PhotoAddress.isExtension(file.pathExtension) && Self.isRegularFile(file.path)
                found.append((file, valid ? hash : nil, file.pathExtension))
            }
        }
        return found
    }

    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// The size of a file in bytes (0 when it cannot be read).
    public static func size(of url: URL) -> Int {
        var info = stat()
        return lstat(url.path, &info) == 0 ? Int(info.st_size) : 0
    }

    /// True when at least one photo file is stored (checked before a missing database may be created anew).
    public func holdsPhotos() -> Bool {
        storedFiles().contains { $0.hash != nil }
    }

    /// Whether `name` is one closet gives a staged file: a UUID (`restore-UUID` from restores of an earlier build).
    static func isStagedName(_ name: String) -> Bool {
        let uuid = name.hasPrefix("restore-") ? String(name.dropFirst(8)) : name
        return uuid.utf8.count == 36 && UUID(uuidString: uuid) != nil && uuid == uuid.uppercased()
    }

    /// The files in `photos/.tmp`: `own` were staged by a write that never finished (a crash, `kill -9`,
    /// a full disk); `foreign` are anything else, which closet leaves alone.
    func stagedFiles() -> (own: [URL], foreign: [URL]) {
        guard !Self.isSymbolicLink(tmp.path) else { return ([], []) }
        let files = ((try? FileManager.default.contentsOfDirectory(at: tmp, includingPropertiesForKeys: nil)) ?? []).sorted {
            $0.path < $1.path
        }
        var own: [URL] = []
        var foreign: [URL] = []
        for file in files {
            if Self.isStagedName(file.lastPathComponent) && Self.isRegularFile(file.path) { own.append(file) } else { foreign.append(file) }
        }
        return (own, foreign)
    }

    /// Cleans what writes that never finished left in `photos/.tmp` (call with the file lock held, so that no
    /// live closet is staging): empty files are removed, others (copies whose originals were elsewhere) go to the
    /// trash. Returns what was cleaned.
    @discardableResult
    func sweepStaged(now: Date = Date()) -> [URL] {
        var cleaned: [URL] = []
        for file in stagedFiles().own {
            if Self.size(of: file) == 0 {
                if (try? fileSystem.remove(file)) != nil { cleaned.append(file) }
            } else if (try? moveToTrash(file, now: now)) != nil {
                cleaned.append(file)
            }
        }
        return cleaned
    }
}
