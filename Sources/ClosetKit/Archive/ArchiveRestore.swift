import Foundation
import GRDB

/// What a restore brought in.
public struct RestoreSummary: Equatable, Sendable {
    public var items = 0
    public var photos = 0
    public var outfits = 0
    public var wears = 0
    /// Garment masks left out because they were damaged (the background pass makes them again from the photos).
    public var damagedMasks = 0
}

extension Wardrobe {
    /// Restores a JSON export (what `closet export --format json` writes) from the file at `url`, read as a
    /// stream: memory holds one entry at a time and the ids it needs to check references, whatever the size.
    /// Photo files are read from `photoFolder` (as `<hash>.<ext>`), each checked by `photoCheck`.
    @discardableResult
    public func restore(jsonAt url: URL, photoFolder: URL?, photoCheck: PhotoCheck = .sizeOnly) throws -> RestoreSummary {
        let open = { () throws -> (JSONReader, () -> Void) in
            // A regular file only (a FIFO swapped in is never waited on).
            let handle = try RestoreSource.open(url)
            return (JSONReader(handle: handle, name: url.path), { _ = try? handle.close() })
        }
        return try restore(reading: open, photoFolder: photoFolder, photoCheck: photoCheck, prestaged: [:])
    }

    /// Restores a JSON export held in memory; `name` says where it came from in errors. `prestaged`: photos a
    /// backup's restore staged already, by `<hash>.<ext>` (the caller discards those it still holds).
    @discardableResult
    public func restore(
        json: Data, name: String, photoFolder: URL?, photoCheck: PhotoCheck = .sizeOnly, prestaged: [String: URL] = [:]
    ) throws -> RestoreSummary {
        try restore(
            reading: { (JSONReader(data: json, name: name), {}) }, photoFolder: photoFolder, photoCheck: photoCheck, prestaged: prestaged)
    }

    /// How many items the JSON export `json` holds, and its photos' names (`<hash>.<ext>`), read as a stream.
    public static func archiveContents(json: Data, name: String) throws -> (items: Int, photos: Set<String>) {
        try ArchiveRestore.contents(JSONReader(data: json, name: name))
    }

    /// Restores an archive into this wardrobe, which must be empty. All of it is written, or nothing.
    /// Photo files are read from `photoFolder` (as `<hash>.<ext>`) unless the wardrobe has them already.
    public func restore(_ archive: WardrobeArchive, photoFolder: URL?, photoCheck: PhotoCheck = .sizeOnly) throws {
        try restore(json: try JSONEncoder.closet.encode(archive), name: "the export", photoFolder: photoFolder, photoCheck: photoCheck)
    }

    /// The restore itself: one transaction, entered before the first entry is read and committed only when
    /// the whole export was read and checked (``RestorePlan``), so a fault anywhere leaves the wardrobe as it
    /// was. Photo files are staged as their entries come (streamed, synced) and put in place, durably, only
    /// in that commit; a commit that fails takes them back.
    ///
    /// The first fault is named: photo names (64 hex digits, a known extension), ids (positive, unique, in
    /// range), references between items, photos, outfits and wears, dates, each photo file (a regular file
    /// within `photoCheck`'s limit, its bytes against its hash, an image), and the counts against ``ArchiveLimits``.
    private func restore(
        reading open: () throws -> (JSONReader, () -> Void), photoFolder: URL?, photoCheck: PhotoCheck, prestaged: [String: URL]
    ) throws -> RestoreSummary {
        try checkBeforeWrite()
        if let photoFolder {
            // Room for the photos first; an export that does not read is named by the restore itself, below.
            let (reader, close) = try open()
            defer { close() }
            if let names = try? ArchiveRestore.contents(reader).photos {
                try requireRoom(forPhotos: names, from: photoFolder, limit: photoCheck.maxBytes)
            }
        }
        return try withFileLock {
            sweepStagedOnce()
            var staged: [(URL, String, String)] = []
            var placed: [PhotoStore.Placed] = []
            var committed = false
            defer {
                if !committed {
                    for p in placed.reversed() { photos.takeBack(p) }
                    for s in staged where prestaged["\(s.1).\(s.2)"] == nil { photos.discard(staged: s.0) }
                }
            }
            let (reader, close) = try open()
            defer { close() }
            var restore = ArchiveRestore(
                wardrobe: self, reader: reader, photoFolder: photoFolder, photoCheck: photoCheck, prestaged: prestaged)
            let summary: RestoreSummary
            do {
                summary = try write { db in
                    guard try Item.fetchCount(db) == 0, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outfits") == 0 else {
                        throw ClosetError.wardrobeNotEmpty(path: folder.path)
                    }
                    // Entries may name entries that come later (items come before their photos).
                    try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
                    defer { staged = restore.staged }
                    let summary = try restore.run(db)
                    for s in restore.staged {
                        if let p = try photos.commit(staged: s.0, hash: s.1, ext: s.2) { placed.append(p) }
                    }
                    return summary
                }
            } catch let error as ClosetError where error.kind == .badData && !restore.sawVersion {
                // The version comes after the entries: a newer export is named as one, not by its first odd entry.
                do {
                    let (again, closeAgain) = try open()
                    defer { closeAgain() }
                    try ArchiveRestore.checkHeader(again)
                } catch let newer as ClosetError where newer.kind == .config {
                    throw newer
                } catch {}
                throw error
            }
            committed = true
            return summary
        }
    }
}

/// One pass over a JSON export, writing each entry as it is read and checked (see ``Wardrobe/restore(jsonAt:photoFolder:)``).
struct ArchiveRestore {
    let wardrobe: Wardrobe
    var reader: JSONReader
    let photoFolder: URL?
    let photoCheck: PhotoCheck
    /// Photos staged already (a backup's, streamed from its tar), by `<hash>.<ext>`.
    let prestaged: [String: URL]
    var plan: RestorePlan
    var staged: [(URL, String, String)] = []
    var sawVersion = false
    var summary = RestoreSummary()

    init(wardrobe: Wardrobe, reader: JSONReader, photoFolder: URL?, photoCheck: PhotoCheck, prestaged: [String: URL]) {
        self.wardrobe = wardrobe
        self.reader = reader
        self.photoFolder = photoFolder
        self.photoCheck = photoCheck
        self.prestaged = prestaged
        self.plan = RestorePlan(taxonomy: wardrobe.taxonomy)
    }

    /// Reads only the format and the version (skipping everything else) and refuses an export closet cannot read.
    static func checkHeader(_ reader: JSONReader) throws {
        var r = reader
        try r.expect(UInt8(ascii: "{"))
        var first = true
        while let key = try r.nextKey(&first) {
            switch key {
            case "format": try RestorePlan.checkFormat(try r.string(maxBytes: 4096))
            case "version": try RestorePlan.checkVersion(try r.integer())
            default: try r.skipValue()
            }
        }
    }

    /// How many items an export holds and the names (`<hash>.<ext>`) of its photos, read without restoring:
    /// what a one-file backup's manifest is checked against.
    static func contents(_ reader: JSONReader) throws -> (items: Int, photos: Set<String>) {
        var r = reader
        var items = 0
        var photos = Set<String>()
        try r.expect(UInt8(ascii: "{"))
        var first = true
        while let key = try r.nextKey(&first) {
            guard key == "items" || key == "photos", try !r.null() else {
                try r.skipValue()
                continue
            }
            try r.expect(UInt8(ascii: "["))
            var firstElement = true
            while try r.nextElement(&firstElement) {
                if key == "items" {
                    items += 1
                    guard items <= ArchiveLimits.items else { throw RestorePlan.tooMany("items", limit: ArchiveLimits.items) }
                    try r.skipValue()
                    continue
                }
                guard photos.count < ArchiveLimits.photos else { throw RestorePlan.tooMany("photos", limit: ArchiveLimits.photos) }
                try r.expect(UInt8(ascii: "{"))
                var firstKey = true
                var hash = "", ext = ""
                while let field = try r.nextKey(&firstKey) {
                    switch field {
                    case "hash": hash = try r.string(maxBytes: 128)
                    case "ext": ext = try r.string(maxBytes: 16)
                    default: try r.skipValue()
                    }
                }
                photos.insert("\(hash).\(ext)")
            }
        }
        try r.expectEnd()
        return (items, photos)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ data: Data, _ what: String) throws -> T {
        do { return try JSONDecoder().decode(type, from: data) } catch {
            throw ClosetError.badData("\(what) is not one closet writes (\(error.localizedDescription))")
        }
    }

    /// Calls `body` for each element of the array that comes next, with its position from 1.
    private mutating func each(_ body: (inout Self, Int) throws -> Void) throws {
        try reader.expect(UInt8(ascii: "["))
        var first = true, index = 0
        while try reader.nextElement(&first) {
            index += 1
            try body(&self, index)
        }
    }

    mutating func run(_ db: Database) throws -> RestoreSummary {
        try reader.expect(UInt8(ascii: "{"))
        var first = true
        var seen = Set<String>(), format: String?
        while let key = try reader.nextKey(&first) {
            guard seen.insert(key).inserted else {
                throw ClosetError.badData("\(reader.name) names '\(SafeText.escaped(key))' twice: it is not one export")
            }
            switch key {
            case "format":
                format = try reader.string(maxBytes: 4096)
                try RestorePlan.checkFormat(format!)
            case "version":
                try RestorePlan.checkVersion(try reader.integer())
                sawVersion = true
            case "items": try each { try $0.item(db, $1) }
            case "photos": try each { try $0.photo(db, $1) }
            case "outfits": try each { try $0.outfit(db, $1) }
            case "plans": if try !reader.null() { try each { try $0.plan(db, $1) } }
            case "wears":
                let insert = try db.cachedStatement(sql: "INSERT INTO wears (item_id, outfit_id, day) VALUES (?, ?, ?)")
                try each { try $0.wear(insert, $1) }
            case "settings": try settings(db)
            default: try reader.skipValue()
            }
        }
        try reader.expectEnd()
        guard format != nil else { throw ClosetError.badData("this is not a closet export (it has no format)") }
        guard sawVersion else { throw ClosetError.badData("this export has no version") }
        try plan.finish()
        return summary
    }

    private mutating func item(_ db: Database, _ index: Int) throws {
        let json = try decode(ItemJSON.self, try reader.rawValue(maxBytes: ArchiveLimits.entryBytes), "item \(index)")
        let item = try plan.item(json)
        try item.insert(db)
        summary.items += 1
    }

    private mutating func photo(_ db: Database, _ index: Int) throws {
        let json = try decode(
            WardrobeArchive.PhotoJSON.self, try reader.rawValue(maxBytes: ArchiveLimits.photoEntryBytes), "photo \(index)")
        let photo = try plan.photo(json, index: index)
        if json.mask != nil && photo.mask == nil { summary.damagedMasks += 1 }
        let store = wardrobe.photos
        if !FileManager.default.fileExists(atPath: try store.url(hash: photo.hash, ext: photo.ext).path) {
            if let file = prestaged["\(photo.hash).\(photo.ext)"] {
                staged.append((file, photo.hash, photo.ext))
            } else {
                guard let folder = photoFolder else {
                    throw ClosetError.photoNotInBackup(name: "\(photo.hash).\(photo.ext)")
                }
                let file = folder.appendingPathComponent("\(photo.hash).\(photo.ext)")
                // Streamed into the store, hashed as it passes: never whole in memory.
                let copy = try store.stage(copying: file, limit: photoCheck.maxBytes)
                staged.append((copy.url, photo.hash, photo.ext))
                guard copy.sha256 == photo.hash else {
                    throw ClosetError.badData("\(file.path) does not match its name (SHA-256 differs): the file was changed")
                }
                try photoCheck.check(copy.url, name: file.lastPathComponent, source: folder.path)
            }
        }
        if try !StoredPhoto.exists(db, key: photo.hash) { try photo.insert(db) }
        summary.photos += 1
    }

    private mutating func outfit(_ db: Database, _ index: Int) throws {
        let o = try decode(WardrobeArchive.OutfitJSON.self, try reader.rawValue(maxBytes: ArchiveLimits.entryBytes), "outfit \(index)")
        let created = try plan.outfit(o)
        try db.execute(sql: "INSERT INTO outfits (id, name, created) VALUES (?, ?, ?)", arguments: [o.id, o.name, created])
        let insert = try db.cachedStatement(sql: "INSERT INTO outfit_items (outfit_id, item_id, position) VALUES (?, ?, ?)")
        for (position, item) in o.items.enumerated() { try insert.execute(arguments: [o.id, item, position]) }
        summary.outfits += 1
    }

    private mutating func plan(_ db: Database, _ index: Int) throws {
        let p = try decode(WardrobeArchive.PlanJSON.self, try reader.rawValue(maxBytes: ArchiveLimits.entryBytes), "plan \(index)")
        try plan.plan(p, index: index)
        let insert = try db.cachedStatement(sql: "INSERT INTO plans (day, item_id, position) VALUES (?, ?, ?)")
        for (position, item) in p.items.enumerated() { try insert.execute(arguments: [p.day, item, position]) }
    }

    /// A wear, read by hand: a million of them through `JSONDecoder` would be slow.
    private mutating func wear(_ insert: Statement, _ index: Int) throws {
        guard try reader.peek() == UInt8(ascii: "{") else { throw ClosetError.badData("wear \(index) is not an object") }
        try reader.expect(UInt8(ascii: "{"))
        var first = true
        var item: Int64?, outfit: Int64?, day: String?
        while let key = try reader.nextKey(&first) {
            switch key {
            case "item": item = try reader.null() ? nil : try reader.integer()
            case "outfit": outfit = try reader.null() ? nil : try reader.integer()
            case "day": day = try reader.string(maxBytes: 64)
            default: try reader.skipValue()
            }
        }
        guard let day else { throw ClosetError.badData("wear \(index) has no day") }
        try plan.wear(item: item, outfit: outfit, day: day, index: index)
        try insert.execute(arguments: [item, outfit, day])
        summary.wears += 1
    }

    private mutating func settings(_ db: Database) throws {
        try reader.expect(UInt8(ascii: "{"))
        var first = true
        while let key = try reader.nextKey(&first, maxBytes: 4096) {
            let value: String
            do { value = try reader.string(maxBytes: 65_536) } catch let error as ClosetError where error.kind == .badData {
                throw ClosetError.badData(
                    "the setting '\(SafeText.escaped(String(key.prefix(40))))' is not one closet keeps (a value is text up to 64 KB): \(error.message)"
                )
            }
            try plan.setting(key: key, value: value)
            try db.execute(sql: "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }
}
