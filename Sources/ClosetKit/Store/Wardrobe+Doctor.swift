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
    /// Photo rows no item uses any more.
    public var unusedPhotoRows: [String] = []
    /// Files in `photos/` that no photo row names (or whose names closet would never write, or links).
    public var orphanFiles: [URL] = []
    /// Copies staged by a write that never finished.
    public var stagedFiles: [URL] = []
    /// The trash: day folders and how many files each holds.
    public var trash: [(day: String, files: Int)] = []

    public var schemaIsCurrent: Bool { Set(migrationsApplied) == Set(migrationsKnown) }
    public var isHealthy: Bool {
        integrity.isEmpty && schemaIsCurrent && missingPhotos.isEmpty && unusedPhotoRows.isEmpty && orphanFiles.isEmpty
            && stagedFiles.isEmpty
    }
}

/// What `closet doctor --fix` did.
public struct DoctorRepair: Sendable {
    public var reindexed = false
    public var movedToTrash: [URL] = []
    public var photoRowsDropped = 0
    public var trashEmptied = 0
    /// What could not be repaired safely.
    public var left: [Unrepaired] = []

    /// A fault the repair left alone, with its data; the front end says what to do about it.
    public enum Unrepaired: Equatable, Sendable, CustomStringConvertible {
        case reindexFailed(String)
        case stillDamaged(String)
        /// Photo files remain while no item exists: they are left in place.
        case photosWithoutItems(Int)
        /// Items whose photo file is gone.
        case photoFilesMissing(items: [Int64])

        public var description: String {
            switch self {
            case .reindexFailed(let why): "REINDEX failed (\(why))"
            case .stillDamaged(let problem): "the database is still damaged (\(problem))"
            case .photosWithoutItems(let n): "no item uses any of the \(Words.count(n, "photo file")): left in place"
            case .photoFilesMissing(let items):
                "\(Words.count(items.count, "item")) without a photo file: " + items.map { "#\($0)" }.joined(separator: ", ")
            }
        }
    }
    /// The wardrobe as the repair left it.
    public var report = DoctorReport()
}

extension Wardrobe {
    /// Examines the wardrobe without changing anything. `checkingIntegrity: false` skips SQLite's integrity
    /// check (a whole read of the database) when it was just run.
    public func examine(checkingIntegrity: Bool = true) throws -> DoctorReport {
        var report = DoctorReport()
        if checkingIntegrity { report.integrity = try integrityProblems(full: true) }
        report.migrationsKnown = Self.knownMigrations
        let (rows, itemPhotos, applied): ([String: String], [(Int64, String)], [String]) = try read { db in
            let photos = Dictionary(
                try Row.fetchAll(db, sql: "SELECT hash, ext FROM photos").map { ($0["hash"] as String, $0["ext"] as String) },
                uniquingKeysWith: { a, _ in a })
            let items = try Row.fetchAll(db, sql: "SELECT id, photo FROM items WHERE photo IS NOT NULL ORDER BY id").map {
                ($0["id"] as Int64, $0["photo"] as String)
            }
            return (photos, items, try Schema.migrator.appliedIdentifiers(db).sorted())
        }
        report.migrationsApplied = applied
        let fm = FileManager.default
        for (item, hash) in itemPhotos {
            guard let ext = rows[hash], let url = try? photos.url(hash: hash, ext: ext), fm.fileExists(atPath: url.path) else {
                report.missingPhotos.append((item, hash)); continue
            }
        }
        let used = Set(itemPhotos.map(\.1))
        report.unusedPhotoRows = rows.keys.filter { !used.contains($0) }.sorted()
        for file in photos.storedFiles() {
            guard let hash = file.hash, rows[hash] == file.ext else { report.orphanFiles.append(file.url); continue }
        }
        report.stagedFiles = photos.stagedFiles()
        report.trash = photos.trashDays().map { ($0.day, $0.files.count) }
        return report
    }

    /// Repairs what can be repaired without losing anything: rebuilds the indexes, drops photo rows no
    /// item uses, moves orphan and staged files to the trash, and empties trash older than 30 days.
    /// Items whose photo is missing are reported, never deleted.
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
            let itemCount = try read { try Item.fetchCount($0) }
            if !report.unusedPhotoRows.isEmpty {
                try write { db in
                    for hash in report.unusedPhotoRows { try StoredPhoto.deleteOne(db, key: hash) }
                }
                repair.photoRowsDropped = report.unusedPhotoRows.count
                report = try examine(checkingIntegrity: false)
            }
            // A wardrobe whose rows were lost would make every photo look orphaned: leave them where they are.
            if itemCount == 0 && !report.orphanFiles.isEmpty {
                repair.left.append(.photosWithoutItems(report.orphanFiles.count))
            } else {
                for file in report.orphanFiles + report.stagedFiles {
                    repair.movedToTrash.append(try photos.moveToTrash(file))
                }
            }
            repair.trashEmptied = photos.emptyTrash()
            if !report.missingPhotos.isEmpty {
                repair.left.append(.photoFilesMissing(items: report.missingPhotos.map(\.item)))
            }
            if !repair.movedToTrash.isEmpty || repair.trashEmptied > 0 {
                let integrity = report.integrity
                report = try examine(checkingIntegrity: false)
                report.integrity = integrity
            }
        }
        repair.report = report
        return repair
    }
}
