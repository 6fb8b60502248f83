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
        /// The classifier's embedding (float32 little-endian, base64) and the model that computed it: kept, so
        /// that a restored wardrobe need not compute every embedding again.
        public var embedding: String?
        public var embeddingModel: String?
        /// The garment mask (an 8-bit grey PNG, base64), whether a garment was found in it ('garment' or
        /// 'nothing') and the model that made it; absent in exports made before masks, or before the pass made it.
        public var mask: String? = nil
        public var maskState: String? = nil
        public var maskModel: String? = nil
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

    /// The columns of a CSV export: those of every version, then the stylist's (``stylistCSVColumns``).
    public static let csvColumns = baseCSVColumns + stylistCSVColumns
    /// The columns CSV exports have had since the first version: an export starts with them.
    public static let baseCSVColumns = [
        "id", "name", "category", "group", "colors", "seasons", "styles", "thickness", "brand", "price", "size",
        "comment", "status", "archiveReason", "photo", "needsReview", "confidence", "created", "updated", "wears", "lastWorn",
    ]
    /// The stylist's fields (0.12): whether a person set the thickness (1/0), the formality a person set (empty: the
    /// kind's) and the one in force, the pattern, and for shoes open and fit for rain as a person said (yes, no,
    /// or empty for the kind's default). A restore reads all but `formalityLevel`, which follows from the others.
    public static let stylistCSVColumns = ["thicknessSet", "formality", "formalityLevel", "pattern", "open", "rainproof"]
}

extension Wardrobe {
    /// Everything in the wardrobe, as one archive.
    public func archive() throws -> WardrobeArchive {
        let items = try summaries(ItemFilter(status: nil)).map { ItemJSON($0, taxonomy: taxonomy) }
        let photos = try read { try StoredPhoto.order(Column("hash")).fetchAll($0) }.map { p in
            WardrobeArchive.PhotoJSON(
                hash: p.hash, ext: p.ext, bytes: p.bytes, width: p.width, height: p.height,
                thumbnail: p.thumbnail?.base64EncodedString(), thumbWidth: p.thumbWidth, thumbHeight: p.thumbHeight,
                embedding: p.embedding?.base64EncodedString(), embeddingModel: p.embedding == nil ? nil : p.embeddingModel,
                mask: p.mask?.png.base64EncodedString(), maskState: p.mask?.state.rawValue, maskModel: p.mask?.model,
                created: Day.timestamp(p.created))
        }
        let outfits = try outfits().map {
            WardrobeArchive.OutfitJSON(id: $0.id, name: $0.name, items: $0.itemIDs, created: Day.timestamp($0.created))
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
        // The items alone: the photos' thumbnails and the wear log are not read.
        for item in try summaries(ItemFilter(status: nil)).map({ ItemJSON($0, taxonomy: taxonomy) }) {
            lines.append(
                CSV.line([
                    String(item.id), item.name, item.category, item.group, item.colors.joined(separator: ";"),
                    item.seasons.joined(separator: ";"), item.styles.joined(separator: ";"), String(item.thickness),
                    item.brand ?? "", item.price.map { String($0) } ?? "", item.size ?? "", item.comment ?? "", item.status,
                    item.archiveReason ?? "", item.photo ?? "", item.needsReview ? "1" : "0",
                    item.confidence.map { String($0) } ?? "", item.created, item.updated, String(item.wears), item.lastWorn ?? "",
                    item.thicknessSet ? "1" : "0", item.formality.map { String($0) } ?? "", String(item.formalityLevel),
                    item.pattern, CSV.yesNo(item.open), CSV.yesNo(item.rainproof),
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

    /// Restores items from a CSV export (items only: CSV holds no outfits, wear log or thumbnails).
    public func restoreCSV(_ text: String) throws {
        let records = try CSV.records(text)
        guard records.count <= ArchiveLimits.items else { throw RestorePlan.tooMany("items", limit: ArchiveLimits.items) }
        var items: [(id: Int64?, item: NewItem)] = []
        for (line, r) in records.enumerated() {
            func list(_ key: String) -> [String] { (r[key] ?? "").split(separator: ";").map(String.init) }
            func optional(_ key: String) -> String? { (r[key]?.isEmpty ?? true) ? nil : r[key] }
            guard let name = r["name"], let category = r["category"] else {
                throw ClosetError.badData("CSV line \(line + 2): needs at least the columns name and category")
            }
            let id = optional("id").flatMap { Int64($0) }
            var item = NewItem(
                name: name, category: CategoryID(category), colors: list("colors"),
                seasons: try list("seasons").map(Season.init(parsing:)), styles: list("styles"),
                thickness: Int(r["thickness"] ?? "") ?? 3, brand: optional("brand"),
                price: optional("price").flatMap(Double.init), size: optional("size"), comment: optional("comment"),
                status: ItemStatus(rawValue: r["status"] ?? "active") ?? .active,
                archiveReason: optional("archiveReason").flatMap(ArchiveReason.init(rawValue:)),
                needsReview: r["needsReview"] == "1", confidence: optional("confidence").flatMap(Double.init))
            do { try item.readStylistFields(r, taxonomy: taxonomy) } catch let e as ClosetError {
                throw ClosetError.badData("CSV line \(line + 2): \(e.message)")
            }
            if let c = optional("created").flatMap({ Day.date(timestamp: $0) }) { item.created = c }
            if let u = optional("updated").flatMap({ Day.date(timestamp: $0) }) { item.updated = u }
            if let id, !(1...Self.maxRestoredID).contains(id) {
                throw ClosetError.badData("CSV line \(line + 2): id \(id) is out of range (1 to \(Self.maxRestoredID))")
            }
            do { try item.validate(taxonomy: taxonomy) } catch let e as ClosetError {
                throw ClosetError.badData("CSV line \(line + 2): \(e.message)")
            }
            items.append((id, item))
        }
        guard Set(items.compactMap(\.id)).count == items.compactMap(\.id).count else {
            throw ClosetError.badData("the CSV lists an id twice")
        }
        try write { db in
            guard try Item.fetchCount(db) == 0 else {
                throw ClosetError.wardrobeNotEmpty(path: folder.path)
            }
            for (id, item) in items {
                if let id { try Item(id: id, item).insert(db) } else { try item.insert(db) }
            }
        }
    }
}

extension NewItem {
    /// Reads the stylist's columns of a CSV record (``WardrobeArchive/stylistCSVColumns``). A CSV from before them
    /// has none: the thickness then counts as set unless it is its category's default (as a JSON export's does), and
    /// the rest are the kind's defaults.
    mutating func readStylistFields(_ r: [String: String], taxonomy: Taxonomy) throws {
        func field(_ key: String) -> String? { (r[key]?.isEmpty ?? true) ? nil : r[key] }
        func escaped(_ text: String) -> String { SafeText.escaped(String(text.prefix(40))) }
        switch field("thicknessSet") {
        case nil: thicknessSet = taxonomy.category(category)?.thickness != thickness
        case "1": thicknessSet = true
        case "0": thicknessSet = false
        case let text?: throw ClosetError.badData("thicknessSet '\(escaped(text))' is neither 1 nor 0")
        }
        if let text = field("formality") {
            guard let level = Int(text), Formality.range.contains(level) else {
                throw ClosetError.badData("formality '\(escaped(text))' is not a level from 0 to 4")
            }
            formalityOverride = level
        }
        if let text = field("pattern") {
            guard let pattern = ItemPattern(rawValue: text) else {
                throw ClosetError.badData(
                    "unknown pattern '\(escaped(text))' (\(ItemPattern.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            self.pattern = pattern
        }
        openOverride = try CSV.yesNo(field("open"), column: "open")
        rainproofOverride = try CSV.yesNo(field("rainproof"), column: "rainproof")
    }
}
