import Foundation
import GRDB

/// A whole wardrobe as one JSON document: `closet export --format json` writes it and
/// `closet restore` reads it back. A round trip through it loses nothing.
public struct WardrobeArchive: Codable, Equatable, Sendable {
    public var format = "closet-wardrobe"
    public var version = 1
    public var items: [ItemJSON]
    public var photos: [PhotoJSON]
    public var outfits: [OutfitJSON]
    public var wears: [WearJSON]
    public var settings: [String: String]
    /// Saved plans (`closet plan --save`); absent in exports made before plans existed.
    public var plans: [PlanJSON]? = nil

    public struct PhotoJSON: Codable, Equatable, Sendable {
        public var hash: String
        public var ext: String
        public var bytes: Int
        public var width: Int
        public var height: Int
        public var thumbnail: String?
        public var thumbWidth: Int?
        public var thumbHeight: Int?
        public var embedding: String?
        public var created: String
    }

    public struct OutfitJSON: Codable, Equatable, Sendable {
        public var id: Int64
        public var name: String
        public var items: [Int64]
        public var created: String
    }

    public struct PlanJSON: Codable, Equatable, Sendable {
        public var day: String
        public var items: [Int64]

        public init(day: String, items: [Int64]) { self.day = day; self.items = items }
    }

    public struct WearJSON: Codable, Equatable, Sendable {
        public var item: Int64?
        public var outfit: Int64?
        public var day: String
    }

    public static let csvColumns = [
        "id", "name", "category", "group", "colors", "seasons", "styles", "thickness", "brand", "price", "size",
        "comment", "status", "archiveReason", "photo", "needsReview", "confidence", "created", "updated", "wears", "lastWorn",
    ]
}

extension Wardrobe {
    /// Everything in the wardrobe, as one archive.
    public func archive() throws -> WardrobeArchive {
        let items = try summaries(ItemFilter(status: nil)).map { ItemJSON($0, taxonomy: taxonomy) }
        let photos = try read { try StoredPhoto.order(Column("hash")).fetchAll($0) }.map { p in
            WardrobeArchive.PhotoJSON(
                hash: p.hash, ext: p.ext, bytes: p.bytes, width: p.width, height: p.height,
                thumbnail: p.thumbnail?.base64EncodedString(), thumbWidth: p.thumbWidth, thumbHeight: p.thumbHeight,
                embedding: p.embedding?.base64EncodedString(), created: Timestamp.string(p.created))
        }
        let outfits = try outfits().map {
            WardrobeArchive.OutfitJSON(id: $0.id ?? 0, name: $0.name, items: $0.itemIDs, created: Timestamp.string($0.created))
        }
        let wears = try wearLog().map { WardrobeArchive.WearJSON(item: $0.itemID, outfit: $0.outfitID, day: $0.day) }
        let planned = try allPlans().sorted { $0.key < $1.key }.map { WardrobeArchive.PlanJSON(day: $0.key, items: $0.value) }
        return WardrobeArchive(
            items: items, photos: photos, outfits: outfits, wears: wears, settings: try allSettings(),
            plans: planned.isEmpty ? nil : planned)
    }

    /// The items as CSV, one line each (lists joined with `;`).
    public func exportCSV() throws -> String {
        var lines = [CSV.line(WardrobeArchive.csvColumns)]
        for item in try archive().items {
            lines.append(
                CSV.line([
                    String(item.id), item.name, item.category, item.group, item.colors.joined(separator: ";"),
                    item.seasons.joined(separator: ";"), item.styles.joined(separator: ";"), String(item.thickness),
                    item.brand ?? "", item.price.map { String($0) } ?? "", item.size ?? "", item.comment ?? "", item.status,
                    item.archiveReason ?? "", item.photo ?? "", item.needsReview ? "1" : "0",
                    item.confidence.map { String($0) } ?? "", item.created, item.updated, String(item.wears), item.lastWorn ?? "",
                ]))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Copies every stored photo file to `folder` as `<hash>.<ext>`; returns how many files and bytes it holds.
    @discardableResult
    public func exportPhotos(to folder: URL) throws -> (files: Int, bytes: Int) {
        let fm = FileManager.default
        do { try fm.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw ClosetError.cannotCreate("cannot create \(folder.path): \(error.localizedDescription)")
        }
        var files = 0, bytes = 0
        for photo in try read({ try StoredPhoto.fetchAll($0) }) {
            let source = try photos.url(hash: photo.hash, ext: photo.ext)
            let target = folder.appendingPathComponent(source.lastPathComponent)
            files += 1
            bytes += photo.bytes
            if fm.fileExists(atPath: target.path) { continue }
            // Through a temporary file, so that a killed export never leaves half a photo under its name.
            try writeExportFile(to: target, cleaningFirst: files == 1) { try ExportRecord.copy(source, into: $0, name: target.path) }
        }
        return (files, bytes)
    }

    /// The largest id a restore accepts: far below SQLite's limit, so that later inserts always have room.
    public static let maxRestoredID: Int64 = 1 << 40

    /// Restores an archive into this wardrobe, which must be empty. All of it is written, or nothing.
    /// Photo files are read from `photoFolder` (as `<hash>.<ext>`) unless the wardrobe has them already.
    ///
    /// Everything is checked before anything is written, and the first fault is named: photo names
    /// (64 hex digits, a known extension), ids (positive, unique, in range), references between items,
    /// photos, outfits and wears, dates, and each photo file: a regular file within `photoCheck`'s size
    /// limit, streamed (never whole in memory), its bytes against its hash, and an image.
    public func restore(_ archive: WardrobeArchive, photoFolder: URL?, photoCheck: PhotoCheck = .sizeOnly) throws {
        try restore(archive, photoFolder: photoFolder, photoCheck: photoCheck, staged: [:])
    }

    /// `staged`: photos a backup's restore staged already, by `<hash>.<ext>` (the caller discards them).
    func restore(_ archive: WardrobeArchive, photoFolder: URL?, photoCheck: PhotoCheck, staged prestaged: [String: URL]) throws {
        let checked = try RestorePlan(archive, taxonomy: taxonomy)
        try checkBeforeWrite()
        if let photoFolder, prestaged.isEmpty { try requireRoom(forPhotosOf: archive, from: photoFolder, limit: photoCheck.maxBytes) }
        try withFileLock {
            // Stage every photo file before the transaction, checking each against its hash.
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
            for photo in archive.photos where !FileManager.default.fileExists(atPath: try photos.url(hash: photo.hash, ext: photo.ext).path)
            {
                if let file = prestaged["\(photo.hash).\(photo.ext)"] {
                    staged.append((file, photo.hash, photo.ext))
                    continue
                }
                guard let folder = photoFolder else {
                    throw ClosetError.photoNotInBackup(name: "\(photo.hash).\(photo.ext)")
                }
                let file = folder.appendingPathComponent("\(photo.hash).\(photo.ext)")
                let copy = try photos.stage(copying: file, limit: photoCheck.maxBytes)
                staged.append((copy.url, photo.hash, photo.ext))
                guard copy.sha256 == photo.hash else {
                    throw ClosetError.badData("\(file.path) does not match its name (SHA-256 differs): the file was changed")
                }
                try photoCheck.check(copy.url, name: file.lastPathComponent, source: folder.path)
            }
            try write { db in
                guard try Item.fetchCount(db) == 0, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outfits") == 0 else {
                    throw ClosetError.wardrobeNotEmpty(path: folder.path)
                }
                for photo in checked.photos where try !StoredPhoto.exists(db, key: photo.hash) { try photo.insert(db) }
                for var item in checked.items { try item.insert(db) }
                for o in archive.outfits {
                    try db.execute(
                        sql: "INSERT INTO outfits (id, name, created) VALUES (?, ?, ?)",
                        arguments: [o.id, o.name, Timestamp.date(o.created)!])
                    for (position, item) in o.items.enumerated() {
                        try db.execute(
                            sql: "INSERT INTO outfit_items (outfit_id, item_id, position) VALUES (?, ?, ?)",
                            arguments: [o.id, item, position])
                    }
                }
                for w in archive.wears {
                    try db.execute(
                        sql: "INSERT INTO wears (item_id, outfit_id, day) VALUES (?, ?, ?)", arguments: [w.item, w.outfit, w.day])
                }
                for plan in archive.plans ?? [] {
                    for (position, item) in plan.items.enumerated() {
                        try db.execute(
                            sql: "INSERT INTO plans (day, item_id, position) VALUES (?, ?, ?)", arguments: [plan.day, item, position])
                    }
                }
                for (key, value) in checked.settings {
                    try db.execute(sql: "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", arguments: [key, value])
                }
                for s in staged {
                    if let p = try photos.commit(staged: s.0, hash: s.1, ext: s.2) { placed.append(p) }
                }
            }
            committed = true
        }
    }

    /// Restores items from a CSV export (items only: CSV holds no outfits, wear log or thumbnails).
    public func restoreCSV(_ text: String) throws {
        let records = try CSV.records(text)
        var items: [Item] = []
        for (line, r) in records.enumerated() {
            func list(_ key: String) -> [String] { (r[key] ?? "").split(separator: ";").map(String.init) }
            func optional(_ key: String) -> String? { (r[key]?.isEmpty ?? true) ? nil : r[key] }
            guard let name = r["name"], let category = r["category"] else {
                throw ClosetError.badData("CSV line \(line + 2): needs at least the columns name and category")
            }
            var item = Item(
                id: optional("id").flatMap { Int64($0) }, name: name, category: category, colors: list("colors"),
                seasons: try list("seasons").map(Season.init(parsing:)), styles: list("styles"),
                thickness: Int(r["thickness"] ?? "") ?? 3, brand: optional("brand"),
                price: optional("price").flatMap(Double.init), size: optional("size"), comment: optional("comment"),
                status: ItemStatus(rawValue: r["status"] ?? "active") ?? .active,
                archiveReason: optional("archiveReason").flatMap(ArchiveReason.init(rawValue:)),
                needsReview: r["needsReview"] == "1", confidence: optional("confidence").flatMap(Double.init))
            if let c = optional("created").flatMap(Timestamp.date) { item.created = c }
            if let u = optional("updated").flatMap(Timestamp.date) { item.updated = u }
            if let id = item.id, !(1...Self.maxRestoredID).contains(id) {
                throw ClosetError.badData("CSV line \(line + 2): id \(id) is out of range (1 to \(Self.maxRestoredID))")
            }
            do { try item.validate(taxonomy: taxonomy) } catch let e as ClosetError {
                throw ClosetError.badData("CSV line \(line + 2): \(e.message)")
            }
            items.append(item)
        }
        guard Set(items.compactMap(\.id)).count == items.compactMap(\.id).count else {
            throw ClosetError.badData("the CSV lists an id twice")
        }
        try write { db in
            guard try Item.fetchCount(db) == 0 else {
                throw ClosetError.wardrobeNotEmpty(path: folder.path)
            }
            for var item in items { try item.insert(db) }
        }
    }
}
