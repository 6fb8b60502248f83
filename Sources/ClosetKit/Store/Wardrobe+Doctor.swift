import Foundation
import GRDB

/// What `closet doctor` finds: the database's health and how the photo files match its rows.
public struct DoctorReport: Sendable {
    /// SQLite's `integrity_check` findings (empty when the database is sound).
    public var integrity: [String] = []
    public var migrationsApplied: [String] = []
    public var migrationsKnown: [String] = []
    /// Items whose photo file is not in the store.
    public var missingPhotos: [(item: Int64, hash: String)] = []
    /// Items whose photo file is there but cannot be read (permissions), with the reason.
    public var unreadablePhotos: [(item: Int64, hash: String, reason: String)] = []
    /// Items whose photo file does not hold as many bytes as were stored (cut by a crash or a full disk).
    public var damagedPhotos: [(item: Int64, hash: String)] = []
    /// Photo rows no item uses any more.
    public var unusedPhotoRows: [String] = []
    /// Photos closet wrote (named by their hash, in their shard) that no item uses: a database that lost rows,
    /// or an interrupted rebuild. `doctor --rebuild` makes items of them again; they are never trash.
    public var photosWithoutItems: [URL] = []
    /// Second copies of a stored photo under another extension: the item's own file is there.
    public var redundantCopies: [URL] = []
    /// Files under `photos/` that closet would never have written (other names, folders, links): reported, and
    /// never moved or deleted.
    public var foreignFiles: [URL] = []
    /// Copies staged by a write that never finished, with their sizes.
    public var stagedFiles: [(url: URL, bytes: Int)] = []
    /// What other interrupted commands left (a killed restore's staging folder, a killed export's temporary file).
    public var leftovers: [(url: URL, bytes: Int, what: String)] = []
    /// A `doctor --rebuild` that was stopped before it made an item of every photo.
    public var rebuildInterrupted = false
    /// The trash: day folders and how many files each holds.
    public var trash: [(day: String, files: Int)] = []

    public var schemaIsCurrent: Bool { Set(migrationsApplied) == Set(migrationsKnown) }
    public var isHealthy: Bool {
        integrity.isEmpty && schemaIsCurrent && missingPhotos.isEmpty && unreadablePhotos.isEmpty && damagedPhotos.isEmpty
            && unusedPhotoRows.isEmpty && photosWithoutItems.isEmpty && redundantCopies.isEmpty && foreignFiles.isEmpty
            && stagedFiles.isEmpty && leftovers.isEmpty && !rebuildInterrupted
    }
}

/// What `closet doctor --fix` did.
public struct DoctorRepair: Sendable {
    public var reindexed = false
    public var movedToTrash: [URL] = []
    /// Leftovers removed: empty staged files, a killed restore's or export's temporary files.
    public var removed: [(url: URL, bytes: Int)] = []
    public var photoRowsDropped = 0
    public var trashEmptied = 0
    /// What could not be repaired safely.
    public var left: [Unrepaired] = []

    /// A fault the repair left alone, with its data; the front end says what to do about it.
    public enum Unrepaired: Equatable, Sendable, CustomStringConvertible {
        case reindexFailed(String)
        case stillDamaged(String)
        /// Photos closet wrote that no item uses: they stay, for `doctor --rebuild`.
        case photosWithoutItems(Int)
        /// Files closet never wrote: they stay where they are.
        case foreignFiles(Int)
        /// Items whose photo file is gone, unreadable or cut short.
        case photoFilesMissing(items: [Int64])

        public var description: String {
            switch self {
            case .reindexFailed(let why): "REINDEX failed (\(why))"
            case .stillDamaged(let problem): "the database is still damaged (\(problem))"
            case .photosWithoutItems(let n): "no item uses \(Words.count(n, "photo")) closet stored: left in place"
            case .foreignFiles(let n): "\(Words.count(n, "file")) under photos/ that closet did not write: left in place"
            case .photoFilesMissing(let items):
                "\(Words.count(items.count, "item")) without a readable, whole photo file: "
                    + items.map { "#\($0)" }.joined(separator: ", ")
            }
        }
    }
    /// The wardrobe as the repair left it.
    public var report = DoctorReport()
}

extension Wardrobe {
    /// The setting that marks a rebuild under way: set before its first item, cleared when every photo has one.
    static let rebuildSetting = "doctor.rebuild"

    /// Examines the wardrobe without changing anything. `checkingIntegrity: false` skips SQLite's integrity
    /// check (a whole read of the database) when it was just run.
    public func examine(checkingIntegrity: Bool = true) throws -> DoctorReport {
        var report = DoctorReport()
        if checkingIntegrity { report.integrity = try integrityProblems(full: true) }
        report.migrationsKnown = Self.knownMigrations
        let (rows, itemPhotos, applied, rebuilding): ([String: (ext: String, bytes: Int)], [(Int64, String)], [String], Bool) = try read {
            db in
            let photos = Dictionary(
                try Row.fetchAll(db, sql: "SELECT hash, ext, bytes FROM photos").map {
                    ($0["hash"] as String, (ext: $0["ext"] as String, bytes: $0["bytes"] as Int))
                },
                uniquingKeysWith: { a, _ in a })
            let items = try Row.fetchAll(db, sql: "SELECT id, photo FROM items WHERE photo IS NOT NULL ORDER BY id").map {
                ($0["id"] as Int64, $0["photo"] as String)
            }
            let rebuilding =
                try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [Self.rebuildSetting]) != nil
            return (photos, items, try Schema.migrator.appliedIdentifiers(db).sorted(), rebuilding)
        }
        report.migrationsApplied = applied
        report.rebuildInterrupted = rebuilding
        for (item, hash) in itemPhotos {
            guard let row = rows[hash], let url = try? photos.url(hash: hash, ext: row.ext) else {
                report.missingPhotos.append((item, hash)); continue
            }
            var info = stat()
            if stat(url.path, &info) != 0 {
                if errno == ENOENT || errno == ENOTDIR {
                    report.missingPhotos.append((item, hash))
                } else {
                    report.unreadablePhotos.append((item, hash, String(cString: strerror(errno))))
                }
            } else if access(url.path, R_OK) != 0 {
                report.unreadablePhotos.append((item, hash, String(cString: strerror(errno))))
            } else if Int(info.st_size) != row.bytes {
                report.damagedPhotos.append((item, hash))
            }
        }
        let used = Set(itemPhotos.map(\.1))
        let faulty = Set(report.missingPhotos.map(\.hash) + report.unreadablePhotos.map(\.hash) + report.damagedPhotos.map(\.hash))
        report.unusedPhotoRows = rows.keys.filter { !used.contains($0) }.sorted()
        for file in photos.storedFiles() {
            guard let hash = file.hash else { report.foreignFiles.append(file.url); continue }
            if !used.contains(hash) {
                report.photosWithoutItems.append(file.url)
            } else if rows[hash]?.ext != file.ext {
                // Another copy of a photo an item uses: redundant while the item's own file is whole, else its only copy.
                if faulty.contains(hash) { report.photosWithoutItems.append(file.url) } else { report.redundantCopies.append(file.url) }
            }
        }
        let staged = photos.stagedFiles()
        report.stagedFiles = staged.own.map { ($0, PhotoStore.size(of: $0)) }
        report.foreignFiles += staged.foreign
        report.leftovers = leftoverFiles()
        report.trash = photos.trashDays().map { ($0.day, $0.files.count) }
        return report
    }

    /// What killed restores and exports left, with sizes (``archiveLeftovers()``).
    func leftoverFiles() -> [(url: URL, bytes: Int, what: String)] {
        archiveLeftovers().map {
            ($0.url, $0.bytes, $0.kind == .restoreFolder ? "a killed restore's staging folder" : "a killed export's temporary file")
        }
    }

    /// Repairs what can be repaired without losing anything: rebuilds the indexes, drops photo rows no
    /// item uses, moves staged copies and second copies of stored photos to the trash (removing empty ones),
    /// removes what killed commands left, and empties trash older than 30 days.
    /// Photos closet stored that no item uses stay (`doctor --rebuild` makes items of them), files closet did
    /// not write stay, and items whose photo is missing are reported, never deleted.
    /// The report it ends with describes the wardrobe as repaired.
    public func repair() throws -> DoctorRepair {
        var repair = DoctorRepair()
        var report = DoctorReport()
        try withFileLock {
            report = try examine()
            if !report.integrity.isEmpty {
                do {
                    try dbQueue.writeWithoutTransaction { try $0.execute(sql: "REINDEX") }
                    repair.reindexed = true
                } catch {
                    repair.left.append(.reindexFailed("\(error)"))
                }
                report.integrity = try integrityProblems(full: true)
                if !report.integrity.isEmpty {
                    repair.left.append(.stillDamaged(report.integrity[0]))
                    return
                }
            }
            try checkBeforeWrite()
            if !report.unusedPhotoRows.isEmpty {
                try write { db in
                    for hash in report.unusedPhotoRows { try StoredPhoto.deleteOne(db, key: hash) }
                }
                repair.photoRowsDropped = report.unusedPhotoRows.count
            }
            for (file, bytes) in report.stagedFiles {
                if bytes == 0 {
                    try photos.fileSystem.remove(file)
                    repair.removed.append((file, 0))
                } else {
                    repair.movedToTrash.append(try photos.moveToTrash(file))
                }
            }
            for file in report.redundantCopies { repair.movedToTrash.append(try photos.moveToTrash(file)) }
            repair.removed += try removeLeftovers(report.leftovers)
            repair.trashEmptied = photos.emptyTrash()
            let integrity = report.integrity
            report = try examine(checkingIntegrity: false)
            report.integrity = integrity
            if !report.photosWithoutItems.isEmpty { repair.left.append(.photosWithoutItems(report.photosWithoutItems.count)) }
            if !report.foreignFiles.isEmpty { repair.left.append(.foreignFiles(report.foreignFiles.count)) }
            let faulty = report.missingPhotos.map(\.item) + report.unreadablePhotos.map(\.item) + report.damagedPhotos.map(\.item)
            if !faulty.isEmpty { repair.left.append(.photoFilesMissing(items: faulty.sorted())) }
        }
        repair.report = report
        return repair
    }

    /// Removes what killed commands left (see ``leftoverFiles()``), each proved stale again.
    func removeLeftovers(_ leftovers: [(url: URL, bytes: Int, what: String)]) throws -> [(url: URL, bytes: Int)] {
        leftovers.isEmpty ? [] : try removeArchiveLeftovers().map { ($0.url, $0.bytes) }
    }

    /// The photos a rebuild makes items of: those closet stored (named by their hash, in their shard) that no
    /// item uses, each once. Marks the rebuild as under way until ``finishRebuild()``, so that `doctor` says
    /// when one was stopped.
    public func beginRebuild() throws -> [URL] {
        try withFileLock {
            let used = Set(try read { try String.fetchAll($0, sql: "SELECT DISTINCT photo FROM items WHERE photo IS NOT NULL") })
            var seen = Set<String>()
            let files = photos.storedFiles().compactMap { file -> URL? in
                guard let hash = file.hash, !used.contains(hash), seen.insert(hash).inserted else { return nil }
                return file.url
            }
            if !files.isEmpty { try setSetting(Self.rebuildSetting, Day.timestamp(Date())) }
            return files
        }
    }

    /// Clears the mark ``beginRebuild()`` set, once every photo has an item.
    public func finishRebuild() throws { try setSetting(Self.rebuildSetting, nil) }
}
