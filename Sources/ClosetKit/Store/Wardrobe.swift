import Foundation
import GRDB

/// A wardrobe: a folder holding `wardrobe.sqlite` and the photos, content-addressed.
///
/// Every write is one SQLite transaction. Photo files are staged under a temporary name and renamed
/// into place inside that transaction, so an interrupted write leaves neither half an item nor a
/// referenced-but-missing photo; a staged or unreferenced file left by a crash is swept on the next write.
public final class Wardrobe: @unchecked Sendable {
    public let folder: URL
    public let photos: PhotoStore
    public let taxonomy: Taxonomy
    let dbQueue: DatabaseQueue

    public static let databaseFileName = "wardrobe.sqlite"
    /// The migrations this build knows; a wardrobe with others was written by a newer closet.
    public static var knownMigrations: [String] { Schema.migrator.migrations }

    public var databaseURL: URL { folder.appendingPathComponent(Self.databaseFileName) }

    /// Opens (creating when needed) the wardrobe in `folder`.
    /// - Parameter busyTimeout: how long to wait for another closet holding the write lock.
    public init(folder: URL, busyTimeout: TimeInterval? = nil, taxonomy: Taxonomy = .shared) throws {
        self.folder = folder
        self.taxonomy = taxonomy
        self.photos = PhotoStore(root: folder.appendingPathComponent("photos", isDirectory: true))
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: folder.path, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw ClosetError.cannotCreate("\(folder.path) is a file, not a wardrobe folder: choose another --wardrobe")
            }
        } else {
            do { try fm.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                throw ClosetError.cannotCreate("cannot create the wardrobe folder \(folder.path): \(error.localizedDescription)")
            }
        }
        let dbPath = folder.appendingPathComponent(Self.databaseFileName).path
        let exists = fm.fileExists(atPath: dbPath)
        if exists { try Self.checkHeader(path: dbPath) }
        if !fm.isWritableFile(atPath: folder.path) {
            throw ClosetError.cannotCreate("the wardrobe folder \(folder.path) is not writable: check its permissions")
        }
        let timeout = busyTimeout ?? Self.defaultBusyTimeout
        if exists { try Self.refuseNewerSchema(path: dbPath, busyTimeout: timeout) }

        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(timeout)
        config.journalMode = .wal
        config.label = "wardrobe"
        do {
            dbQueue = try DatabaseQueue(path: dbPath, configuration: config)
            try Schema.migrator.migrate(dbQueue)
        } catch {
            throw Self.translate(error, path: dbPath)
        }
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
            throw ClosetError.badData(
                "\(path) is not a closet wardrobe (not an SQLite database); it was left untouched. Move it away or choose another --wardrobe")
        }
    }

    /// Refuses, read-only, a wardrobe whose schema a newer closet wrote.
    static func refuseNewerSchema(path: String, busyTimeout: TimeInterval) throws {
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        do {
            let reader = try DatabaseQueue(path: path, configuration: config)
            defer { try? reader.close() }
            let superseded = try reader.read { db -> Bool in
                guard try db.tableExists("grdb_migrations") else { return false }
                return try Schema.migrator.hasBeenSuperseded(db)
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
        do { return try dbQueue.write(body) } catch { throw Self.translate(error, path: databaseURL.path) }
    }

    /// Runs `body` with a consistent read.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try dbQueue.read(body) } catch { throw Self.translate(error, path: databaseURL.path) }
    }

    /// Closes the database; the wardrobe cannot be used after.
    public func close() throws { try dbQueue.close() }

    /// Removes staged files and photo files no item or photo row references (left by a crash).
    public func sweepOrphans() throws {
        photos.clearStaging()
        let known = try read { db in Set(try String.fetchAll(db, sql: "SELECT hash FROM photos")) }
        for (hash, url) in photos.storedHashes() where !known.contains(hash) {
            try? FileManager.default.removeItem(at: url)
        }
    }
}
