import Foundation

/// The most a wardrobe export may hold: far beyond any real lifetime wardrobe (a thousand items is a large
/// one), low enough that a restore, an export and `stats` stay within a few hundred megabytes. A restore
/// past one is refused with the limit and the count, before the wardrobe changes.
public enum ArchiveLimits {
    public static let items = 100_000
    public static let photos = 100_000
    public static let outfits = 100_000
    /// Items named by all outfits together.
    public static let outfitEntries = 1_000_000
    public static let wears = 1_000_000
    /// Planned days, and the items named by all plans together.
    public static let plans = 100_000
    public static let planEntries = 1_000_000
    public static let settings = 1_000
    /// The longest one item, outfit or plan may be as JSON; a photo may be longer (its thumbnail and embedding).
    static let entryBytes = 1 << 20
    static let photoEntryBytes = 16 << 20
    /// The most numbers an embedding may hold (the shipped model's has 1,280).
    public static let embeddingFloats = 16_384
}

/// An export checked as it streams in, entry by entry, before `restore` commits anything: every name that
/// becomes a path, every id, reference and date, and the counts against ``ArchiveLimits``. Each entry is
/// checked as it comes; references to entries that come later are kept (as ids) and checked by ``finish()``.
/// The first fault found is reported with the item, photo, outfit or wear it is in.
struct RestorePlan {
    let taxonomy: Taxonomy
    private(set) var itemIDs = Set<Int64>()
    private(set) var outfitIDs = Set<Int64>()
    private(set) var photoHashes = Set<String>()
    private var outfitEntries = 0, planEntries = 0, wears = 0, plans = 0, settings = 0
    private var plannedDays = Set<String>(), validDays = Set<String>()
    /// Wears already seen, by item (positive) or outfit (negative id) and day: two the same day are a slip.
    private var worn = Set<WearKey>()
    /// References to check once the whole export was read: (what names it, the id or hash it names).
    private var itemPhotos: [(item: Int64, photo: String)] = []
    private var itemReferences: [(what: Reference, id: Int64)] = []
    private var outfitReferences: [(wear: Int, id: Int64)] = []

    enum Reference {
        case outfit(Int64), plan(Int), wear(Int)

        var words: String {
            switch self {
            case .outfit(let id): "outfit \(id)"
            case .plan(let index): "plan \(index)"
            case .wear(let index): "wear \(index)"
            }
        }
    }

    private struct WearKey: Hashable {
        var id: Int64
        var day: String
    }

    init(taxonomy: Taxonomy) { self.taxonomy = taxonomy }

    /// A setting's key: a short identifier. Values are at most 64 KB.
    static func isSettingKey(_ key: String) -> Bool {
        (1...64).contains(key.utf8.count)
            && key.utf8.allSatisfy { $0 < 0x80 && (isalnum(Int32($0)) != 0 || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D) }
    }

    static func checkFormat(_ format: String) throws {
        guard format == "closet-wardrobe" else {
            throw ClosetError.badData("this is not a closet export (format is '\(SafeText.escaped(String(format.prefix(40))))')")
        }
    }

    static func checkVersion(_ version: Int64) throws {
        guard version <= 1 else {
            throw ClosetError.config("this export was written by a newer closet (version \(version)): upgrade closet")
        }
        guard version >= 1 else { throw ClosetError.badData("this export has no valid version (\(version))") }
    }

    static func tooMany(_ what: String, limit: Int) -> ClosetError {
        ClosetError.badData(
            "the export holds more than \(grouped(limit)) \(what), "
                + "more than closet restores (a wardrobe of a lifetime holds far fewer): nothing was restored")
    }

    /// 1000000 as 1,000,000.
    static func grouped(_ n: Int) -> String {
        var digits = Array(String(n))
        var i = digits.count - 3
        while i > 0 { digits.insert(",", at: i); i -= 3 }
        return String(digits)
    }

    private func id(_ value: Int64, _ what: String) throws {
        guard (1...Wardrobe.maxRestoredID).contains(value) else {
            throw ClosetError.badData("\(what) has id \(value): ids run from 1 to \(Wardrobe.maxRestoredID)")
        }
    }

    /// Photos: names that are safe paths, sane sizes, decodable blobs, an embedding of finite numbers.
    mutating func photo(_ p: WardrobeArchive.PhotoJSON, index: Int) throws -> StoredPhoto {
        let what = "photo \(index)"
        guard photoHashes.count < ArchiveLimits.photos else { throw Self.tooMany("photos", limit: ArchiveLimits.photos) }
        do { try PhotoAddress.validate(hash: p.hash, ext: p.ext) } catch let e as ClosetError {
            throw ClosetError.badData("\(what): \(e.message)")
        }
        guard photoHashes.insert(p.hash).inserted else { throw ClosetError.badData("\(what): photo \(p.hash) is listed twice") }
        guard p.bytes >= 0, p.width >= 0, p.height >= 0, (p.thumbWidth ?? 0) >= 0, (p.thumbHeight ?? 0) >= 0 else {
            throw ClosetError.badData("\(what) (\(p.hash)): sizes cannot be negative")
        }
        guard let created = Day.date(timestamp: p.created) else {
            throw ClosetError.badData("\(what) (\(p.hash)): " + ItemJSON.badTime(p.created, "created").message)
        }
        func blob(_ text: String?, _ name: String) throws -> Data? {
            guard let text else { return nil }
            guard let data = Data(base64Encoded: text) else {
                throw ClosetError.badData("\(what) (\(p.hash)): its \(name) is not base64")
            }
            return data
        }
        let embedding = try blob(p.embedding, "embedding")
        if let embedding {
            let floats = embedding.count / 4
            let finite = embedding.withUnsafeBytes { raw in
                (0..<floats).allSatisfy {
                    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))).isFinite
                }
            }
            guard embedding.count % 4 == 0, (1...ArchiveLimits.embeddingFloats).contains(floats), finite else {
                throw ClosetError.badData(
                    "\(what) (\(p.hash)): its embedding is not a vector of up to \(ArchiveLimits.embeddingFloats) finite numbers")
            }
        }
        if let model = p.embeddingModel {
            guard embedding != nil, (1...200).contains(model.utf8.count),
                !model.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else {
                throw ClosetError.badData("\(what) (\(p.hash)): its embedding model is not a name closet writes")
            }
        }
        return StoredPhoto(
            hash: p.hash, ext: p.ext, bytes: p.bytes, width: p.width, height: p.height,
            thumbnail: try blob(p.thumbnail, "thumbnail"), thumbWidth: p.thumbWidth, thumbHeight: p.thumbHeight,
            embedding: embedding, embeddingModel: p.embeddingModel, mask: Self.mask(p), created: created)
    }

    /// A photo's garment mask, when it is one closet could have written: base64 of a PNG within ``StoredMask``'s
    /// bounds, a known state, a model name without control characters. Anything else is left out (nil), not
    /// refused: a mask is made again from the photo by the background pass, and the rest of the backup restores.
    static func mask(_ p: WardrobeArchive.PhotoJSON) -> StoredMask? {
        guard let text = p.mask, text.utf8.count <= StoredMask.maxBytes * 4 / 3 + 4, let png = Data(base64Encoded: text),
            StoredMask.problem(png) == nil, let state = p.maskState.flatMap(MaskState.init(rawValue:))
        else { return nil }
        if let model = p.maskModel {
            guard (1...200).contains(model.utf8.count), !model.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else { return nil }
        }
        return StoredMask(png: png, state: state, model: p.maskModel)
    }

    /// Items: valid, unique ids, photos that the export holds.
    mutating func item(_ json: ItemJSON) throws -> Item {
        let what = "item \(json.id)"
        guard itemIDs.count < ArchiveLimits.items else { throw Self.tooMany("items", limit: ArchiveLimits.items) }
        try id(json.id, what)
        guard itemIDs.insert(json.id).inserted else { throw ClosetError.badData("\(what) is listed twice") }
        do {
            let item = try json.item()
            try item.validate(taxonomy: taxonomy)
            if let photo = item.photo { itemPhotos.append((json.id, photo)) }
            return item
        } catch let e as ClosetError {
            throw ClosetError.badData("\(what): \(e.message)")
        }
    }

    mutating func outfit(_ o: WardrobeArchive.OutfitJSON) throws -> Date {
        let what = "outfit \(o.id)"
        guard outfitIDs.count < ArchiveLimits.outfits else { throw Self.tooMany("outfits", limit: ArchiveLimits.outfits) }
        try id(o.id, what)
        guard outfitIDs.insert(o.id).inserted else { throw ClosetError.badData("\(what) is listed twice") }
        guard let created = Day.date(timestamp: o.created) else {
            throw ClosetError.badData("\(what): " + ItemJSON.badTime(o.created, "created").message)
        }
        guard Set(o.items).count == o.items.count else { throw ClosetError.badData("\(what) lists an item twice") }
        outfitEntries += o.items.count
        guard outfitEntries <= ArchiveLimits.outfitEntries else {
            throw Self.tooMany("items in outfits", limit: ArchiveLimits.outfitEntries)
        }
        for item in o.items { itemReferences.append((.outfit(o.id), item)) }
        return created
    }

    mutating func plan(_ plan: WardrobeArchive.PlanJSON, index: Int) throws {
        let what = "plan \(index)"
        plans += 1
        guard plans <= ArchiveLimits.plans else { throw Self.tooMany("planned days", limit: ArchiveLimits.plans) }
        guard Day.isValid(plan.day) else {
            throw ClosetError.badData("\(what): '\(SafeText.escaped(String(plan.day.prefix(40))))' is not a calendar date (YYYY-MM-DD)")
        }
        guard plannedDays.insert(plan.day).inserted else { throw ClosetError.badData("\(what): \(plan.day) is planned twice") }
        guard !plan.items.isEmpty, Set(plan.items).count == plan.items.count else {
            throw ClosetError.badData("\(what) must list its items once each")
        }
        planEntries += plan.items.count
        guard planEntries <= ArchiveLimits.planEntries else { throw Self.tooMany("planned items", limit: ArchiveLimits.planEntries) }
        for item in plan.items { itemReferences.append((.plan(index), item)) }
    }

    /// A wear names an item or an outfit, on a calendar date, and at most once a day.
    mutating func wear(item: Int64?, outfit: Int64?, day: String, index: Int) throws {
        let what = "wear \(index)"
        wears += 1
        guard wears <= ArchiveLimits.wears else { throw Self.tooMany("wears", limit: ArchiveLimits.wears) }
        guard (item == nil) != (outfit == nil) else {
            throw ClosetError.badData("\(what) must name an item or an outfit, not both")
        }
        // A wear log repeats its days: each is checked once.
        if !validDays.contains(day) {
            guard Day.isValid(day) else {
                throw ClosetError.badData("\(what): '\(SafeText.escaped(String(day.prefix(40))))' is not a calendar date (YYYY-MM-DD)")
            }
            validDays.insert(day)
        }
        if let item {
            guard worn.insert(WearKey(id: item, day: day)).inserted else {
                throw ClosetError.badData("\(what) logs item \(item) on \(day) a second time: a wear lists each item once a day")
            }
            itemReferences.append((.wear(index), item))
        }
        if let outfit {
            guard worn.insert(WearKey(id: -outfit, day: day)).inserted else {
                throw ClosetError.badData("\(what) logs outfit \(outfit) on \(day) a second time: a wear lists each outfit once a day")
            }
            outfitReferences.append((index, outfit))
        }
    }

    mutating func setting(key: String, value: String) throws {
        settings += 1
        guard settings <= ArchiveLimits.settings else { throw Self.tooMany("settings", limit: ArchiveLimits.settings) }
        guard Self.isSettingKey(key), value.utf8.count <= 65_536 else {
            throw ClosetError.badData(
                "the setting '\(SafeText.escaped(String(key.prefix(40))))' is not one closet keeps (a key of letters and digits, a value up to 64 KB)"
            )
        }
        if key == "profile" {
            guard let profile = try? JSONDecoder().decode(Profile.self, from: Data(value.utf8)) else {
                throw ClosetError.badData("the profile setting is not a closet profile")
            }
            try profile.validate()
        }
    }

    /// Once every entry was read: each reference names an entry the export holds.
    func finish() throws {
        for (item, photo) in itemPhotos where !photoHashes.contains(photo) {
            throw ClosetError.badData(
                "item \(item): its photo '\(SafeText.escaped(String(photo.prefix(80))))' is not among the export's photos")
        }
        for (what, item) in itemReferences where !itemIDs.contains(item) {
            throw ClosetError.badData("\(what.words) names item \(item), which the export does not hold")
        }
        for (wear, outfit) in outfitReferences where !outfitIDs.contains(outfit) {
            throw ClosetError.badData("wear \(wear) names outfit \(outfit), which the export does not hold")
        }
    }
}
