import Foundation
import GRDB

/// A wardrobe: a folder holding `wardrobe.sqlite` and the photos, content-addressed.
///
/// Every write is one SQLite transaction. Photo files are staged under a temporary name and renamed
/// into place inside that transaction, so an interrupted write leaves neither half an item nor a
/// referenced-but-missing photo. File work under `photos/` happens under the wardrobe-wide writer
/// lock, and nothing is deleted on a guess: `closet doctor --fix` moves what no item uses to the trash.
public final class Wardrobe: @unchecked Sendable {
    public let folder: URL
    public let photos: PhotoStore
    public let taxonomy: Taxonomy
    let dbQueue: DatabaseQueue
    let lock: WardrobeLock
    /// Opened read-only because the folder or the database cannot be written: reads work, writes are refused.
    public let isReadOnly: Bool
    /// Whether this process has checked the database before its first write.
    private var checkedBeforeWrite = false
    /// Whether this process has cleaned `photos/.tmp` of what killed writes left there.
    private var sweptStaged = false
    private let checkMutex = NSLock()

    public static let databaseFileName = "wardrobe.sqlite"
    /// The migrations this build knows; a wardrobe with others was written by a newer closet.
    public static var knownMigrations: [String] { Schema.migrator.migrations }

    public var databaseURL: URL { folder.appendingPathComponent(Self.databaseFileName) }

    /// How a wardrobe may be opened.
    public enum OpenMode: Sendable {
        /// Refuses a missing or empty database beside stored photos (it would look like an empty wardrobe).
        case normal
        /// For `restore` and `doctor --rebuild`: opens such a wardrobe so that it can be filled again.
        case recover
        /// For commands that only read (`list`, `show`, `export`, `doctor` without `--fix`): the database is
        /// opened read-only, so that they work on a full disk and the data can be rescued. A wardrobe that does
        /// not exist yet, or needs its schema upgraded, is opened as ``normal``.
        case read
    }

    /// The names closet keeps in a wardrobe folder; a new wardrobe is made only in a folder holding nothing else.
    public static let ownNames: Set<String> = [
        databaseFileName, databaseFileName + "-wal", databaseFileName + "-shm", databaseFileName + "-journal", WardrobeLock.fileName,
        "photos", exportJournal,
    ]

    /// Refuses to make a new wardrobe in a folder that already holds someone's other files: closet's repairs
    /// and cleanups would then sit beside files it never wrote.
    static func refuseForeignFolder(_ folder: URL) throws {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let others = entries.filter { !ownNames.contains($0) && !isOwnLeftoverName($0) }.sorted()
        guard !others.isEmpty else { return }
        let shown = others.prefix(3).map { SafeText.escaped($0) }.joined(separator: ", ") + (others.count > 3 ? ", …" : "")
        throw ClosetError.cannotCreate(
            "\(folder.path) already holds other files (\(shown)) and no wardrobe: closet keeps its wardrobe in a folder of its own. "
                + "Give a new or empty folder with --wardrobe or CLOSET_HOME")
    }

    /// Hidden names closet's own commands leave in the wardrobe folder (an earlier restore's staging folder).
    static func isOwnLeftoverName(_ name: String) -> Bool { name.hasPrefix(".restore-") }

    /// Opens (creating when needed) the wardrobe in `folder`.
    /// - Parameter busyTimeout: how long to wait for another closet holding the write lock.
    /// - Parameter fileSystem: the photo files' operations (a test simulates power cuts through it).
    public init(
        folder: URL, busyTimeout: TimeInterval? = nil, taxonomy: Taxonomy = .shared, mode: OpenMode = .normal,
        fileSystem: PhotoFileSystem = POSIXFileSystem.shared
    ) throws {
        self.folder = folder
        self.taxonomy = taxonomy
        self.photos = PhotoStore(root: folder.appendingPathComponent("photos", isDirectory: true), fileSystem: fileSystem)
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: folder.path, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw ClosetError.wardrobeIsAFile(path: folder.path)
            }
        } else {
            do { try fm.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                throw ClosetError.cannotCreate("cannot create the wardrobe folder \(folder.path): \(error.localizedDescription)")
            }
        }
        let dbPath = folder.appendingPathComponent(Self.databaseFileName).path
        let exists = fm.fileExists(atPath: dbPath, isDirectory: &isDir)
        if exists && isDir.boolValue {
            throw ClosetError.badData("\(dbPath) is a folder, not a wardrobe database; it was left untouched. Move it away")
        }
        if exists { try Self.checkHeader(path: dbPath) }
        let size = exists ? ((try? fm.attributesOfItem(atPath: dbPath))?[.size] as? Int ?? 0) : 0
        if size == 0 && mode != .recover && photos.holdsPhotos() {
            let count = photos.storedFiles().filter { $0.hash != nil }.count
            throw ClosetError.databaseLost(path: dbPath, empty: exists, photos: count)
        }
        if !exists { try Self.refuseForeignFolder(folder) }
        let unwritable = access(folder.path, W_OK) != 0 || (exists && access(dbPath, W_OK) != 0)
        if unwritable && !exists {
            throw ClosetError.cannotCreate("the wardrobe folder \(folder.path) is not writable: check its permissions")
        }
        let timeout = busyTimeout ?? Self.defaultBusyTimeout
        let lock = WardrobeLock(folder: folder, timeout: timeout)
        self.lock = lock
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(timeout)
        config.label = "wardrobe"
        do {
            if unwritable {
                if exists && size > 0 { try Self.refuseNewerSchema(path: dbPath, busyTimeout: timeout, immutable: true) }
                // Nothing can write here, so SQLite need not create -shm/-wal files it has no right to.
                isReadOnly = true
                config.readonly = true
                dbQueue = try DatabaseQueue(path: Self.immutableURI(dbPath), configuration: config)
                guard try dbQueue.read({ try Schema.migrator.hasCompletedMigrations($0) }) else {
                    throw ClosetError.cannotCreate(
                        "\(dbPath) is read-only and was written by an older closet: make it writable once so it can be upgraded")
                }
            } else if mode == .read, size > 0,
                let reader = try Self.openForReading(path: dbPath, busyTimeout: timeout, configuration: config)
            {
                isReadOnly = true
                dbQueue = reader
            } else {
                isReadOnly = false
                config.journalMode = .wal
                // The database is opened, and made or upgraded, by one closet at a time: another starting at the
                // same moment on a new wardrobe waits, then finds it made and its schema complete.
                var damaged: String?
                dbQueue = try lock.withLock {
                    if exists && size > 0 { try Self.refuseNewerSchema(path: dbPath, busyTimeout: timeout, immutable: false) }
                    let queue = try DatabaseQueue(path: dbPath, configuration: config)
                    if try !queue.read({ try Schema.migrator.hasCompletedMigrations($0) }) {
                        // Nothing is written into a damaged database, not even its upgrade.
                        if size > 0 {
                            let problems = try queue.read { try String.fetchAll($0, sql: "PRAGMA quick_check") }
                            if problems != ["ok"] { damaged = problems.first ?? "quick_check failed"; return queue }
                        }
                        try Schema.migrator.migrate(queue)
                    }
                    return queue
                }
                if let damaged { throw ClosetError.damaged(path: dbPath, problem: damaged) }
            }
        } catch {
            throw Self.translate(error, path: dbPath)
        }
    }

    /// Opens the database read-only for a command that only reads, or nil when it needs its schema upgraded
    /// (it is then opened for writing). On a full disk SQLite cannot size the shared-memory file a WAL reader
    /// uses: the database is then read without it, as the one reader (`locking_mode=EXCLUSIVE`) when a WAL file
    /// holds changes, else as an immutable file.
    static func openForReading(path: String, busyTimeout: TimeInterval, configuration: Configuration) throws -> DatabaseQueue? {
        try refuseNewerSchema(path: path, busyTimeout: busyTimeout, immutable: false)
        var config = configuration
        config.readonly = true
        func complete(_ queue: DatabaseQueue) throws -> DatabaseQueue? {
            try queue.read { try Schema.migrator.hasCompletedMigrations($0) } ? queue : nil
        }
        do {
            return try complete(DatabaseQueue(path: path, configuration: config))
        } catch let error as DatabaseError
            where ![.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode)
        {
            let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int ?? 0
            if wal == 0 { return try complete(DatabaseQueue(path: immutableURI(path), configuration: config)) }
            config.prepareDatabase { try $0.execute(sql: "PRAGMA locking_mode = EXCLUSIVE") }
            return try complete(DatabaseQueue(path: path, configuration: config))
        }
    }

    /// An SQLite URI that opens `path` read-only without locking or journal files.
    static func immutableURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path) + "?immutable=1"
    }

    /// `CLOSET_BUSY_TIMEOUT` seconds, else 5.
    static var defaultBusyTimeout: TimeInterval {
        ProcessInfo.processInfo.environment["CLOSET_BUSY_TIMEOUT"].flatMap(TimeInterval.init) ?? 5
    }

    /// Refuses a file that is not an SQLite database, before SQLite touches it.
    static func checkHeader(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ClosetError.io("cannot read \(path): check its permissions")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        if header.isEmpty { return }  // an empty file is a new database
        if header != Data("SQLite format 3\0".utf8) {
            throw ClosetError.notAWardrobe(path: path)
        }
    }

    /// Refuses, read-only, a wardrobe whose schema a newer closet wrote.
    static func refuseNewerSchema(path: String, busyTimeout: TimeInterval, immutable: Bool) throws {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        func readSuperseded(_ uri: String) throws -> Bool {
            let reader = try DatabaseQueue(path: uri, configuration: config)
            defer { try? reader.close() }
            return try reader.read { db -> Bool in
                guard try db.tableExists("grdb_migrations") else { return false }
                return try Schema.migrator.hasBeenSuperseded(db)
            }
        }
        do {
            let superseded: Bool
            do {
                superseded = try readSuperseded(immutable ? immutableURI(path) : path)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_IOERR || error.resultCode == .SQLITE_FULL {
                // A full disk: SQLite cannot size a reader's shared memory; the schema is read from the file alone.
                superseded = try readSuperseded(immutableURI(path))
            }
            if superseded {
                throw ClosetError.config(
                    "\(path) was written by a newer version of closet; it was left untouched. Upgrade closet to open it")
            }
        } catch let error as ClosetError {
            throw error
        } catch {
            throw translate(error, path: path)
        }
    }

    /// Maps SQLite errors to messages a person can act on.
    static func translate(_ error: Error, path: String) -> Error {
        if let error = error as? ClosetError { return error }
        guard let db = error as? DatabaseError else { return ClosetError.io("\(path): \(error)") }
        switch db.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return ClosetError.io("the wardrobe \(path) is locked by another closet: try again when it has finished")
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return ClosetError.badData("\(path) is damaged or not a closet wardrobe; it was left untouched")
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
            return ClosetError.cannotCreate("cannot write to \(path): check the folder's permissions")
        case .SQLITE_FULL:
            return ClosetError.io("the disk holding \(path) is full")
        case .SQLITE_CONSTRAINT:
            return ClosetError.badData("the wardrobe refused the change: \(db.message ?? "a constraint failed")")
        default:
            return ClosetError.io("\(path): \(db.message ?? "\(db)")")
        }
    }

    /// Runs `body` in one write transaction, translating SQLite errors.
    @discardableResult
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        try checkBeforeWrite()
        do { return try dbQueue.write(body) } catch { throw Self.translate(error, path: databaseURL.path) }
    }

    /// Runs `body` holding the wardrobe-wide writer lock (see ``WardrobeLock``): for work on the photo files.
    public func withFileLock<T>(_ body: () throws -> T) throws -> T {
        guard !isReadOnly else { throw readOnlyError }
        return try lock.withLock(body)
    }

    /// Once per process, holding the file lock: what a killed write left in `photos/.tmp` is cleaned before
    /// this one stages (no live closet can be staging while the lock is held).
    func sweepStagedOnce() {
        checkMutex.lock()
        defer { checkMutex.unlock() }
        guard !sweptStaged else { return }
        sweptStaged = true
        photos.sweepStaged()
    }

    var readOnlyError: ClosetError {
        ClosetError.cannotCreate("the wardrobe \(folder.path) is read-only (its folder or database cannot be written): nothing was changed")
    }

    /// Once per process, before the first write: refuses a read-only wardrobe, and a damaged database
    /// (`integrity_check` when it is small, else `quick_check`), so that nothing is written into it.
    func checkBeforeWrite() throws {
        guard !isReadOnly else { throw readOnlyError }
        checkMutex.lock()
        defer { checkMutex.unlock() }
        guard !checkedBeforeWrite else { return }
        let problems = try integrityProblems(full: nil)
        guard problems.isEmpty else {
            throw ClosetError.damaged(path: databaseURL.path, problem: problems[0])
        }
        checkedBeforeWrite = true
    }

    /// Databases up to this size get the full `integrity_check` (index contents too) before the first write.
    static let fullCheckBytes = 32 * 1024 * 1024

    /// What SQLite's integrity check finds wrong (empty when all is well). `full`: `integrity_check`
    /// rather than `quick_check`; nil chooses by the database's size.
    public func integrityProblems(full: Bool?) throws -> [String] {
        let size = (try? FileManager.default.attributesOfItem(atPath: databaseURL.path))?[.size] as? Int ?? 0
        let pragma = (full ?? (size <= Self.fullCheckBytes)) ? "integrity_check" : "quick_check"
        do {
            let rows = try dbQueue.read { try String.fetchAll($0, sql: "PRAGMA \(pragma)") }
            return rows == ["ok"] ? [] : rows
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB {
            return [error.message ?? "the database is corrupt"]
        } catch {
            throw Self.translate(error, path: databaseURL.path)
        }
    }

    /// SQLite's `data_version`: changes when another connection (another closet) commits a change.
    public func dataVersion() throws -> Int {
        try dbQueue.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA data_version") ?? 0 }
    }

    /// Runs `body` with a consistent read.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try dbQueue.read(body) } catch { throw Self.translate(error, path: databaseURL.path) }
    }

    /// Closes the database; the wardrobe cannot be used after.
    public func close() throws { try dbQueue.close() }
}
