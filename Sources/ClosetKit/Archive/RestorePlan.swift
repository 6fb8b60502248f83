import Foundation

/// An export checked whole before `restore` writes anything: every name that becomes a path, every
/// id, reference and date. The first fault found is reported with the item, photo, outfit or wear it is in.
struct RestorePlan {
    var photos: [StoredPhoto] = []
    var items: [Item] = []
    var settings: [String: String] = [:]

    /// A setting's key: a short identifier. Values are at most 64 KB.
    static func isSettingKey(_ key: String) -> Bool {
        (1...64).contains(key.utf8.count)
            && key.utf8.allSatisfy { $0 < 0x80 && (isalnum(Int32($0)) != 0 || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D) }
    }

    init(_ archive: WardrobeArchive, taxonomy: Taxonomy) throws {
        guard archive.format == "closet-wardrobe" else {
            throw ClosetError.badData("this is not a closet export (format is '\(SafeText.escaped(String(archive.format.prefix(40))))')")
        }
        guard archive.version <= 1 else {
            throw ClosetError.config("this export was written by a newer closet (version \(archive.version)): upgrade closet")
        }
        guard archive.version >= 1 else { throw ClosetError.badData("this export has no valid version (\(archive.version))") }
        func id(_ value: Int64, _ what: String) throws {
            guard (1...Wardrobe.maxRestoredID).contains(value) else {
                throw ClosetError.badData("\(what) has id \(value): ids run from 1 to \(Wardrobe.maxRestoredID)")
            }
        }
        // Photos: names that are safe paths, sane sizes, decodable blobs.
        var photoHashes = Set<String>()
        for (index, p) in archive.photos.enumerated() {
            let what = "photo \(index + 1)"
            do { try PhotoAddress.validate(hash: p.hash, ext: p.ext) } catch let e as ClosetError {
                throw ClosetError.badData("\(what): \(e.message)")
            }
            guard photoHashes.insert(p.hash).inserted else { throw ClosetError.badData("\(what): photo \(p.hash) is listed twice") }
            guard p.bytes >= 0, p.width >= 0, p.height >= 0, (p.thumbWidth ?? 0) >= 0, (p.thumbHeight ?? 0) >= 0 else {
                throw ClosetError.badData("\(what) (\(p.hash)): sizes cannot be negative")
            }
            guard let created = Timestamp.date(p.created) else { throw ClosetError.badData("\(what) (\(p.hash)): bad created time") }
            func blob(_ text: String?, _ name: String) throws -> Data? {
                guard let text else { return nil }
                guard let data = Data(base64Encoded: text) else {
                    throw ClosetError.badData("\(what) (\(p.hash)): its \(name) is not base64")
                }
                return data
            }
            photos.append(
                StoredPhoto(
                    hash: p.hash, ext: p.ext, bytes: p.bytes, width: p.width, height: p.height,
                    thumbnail: try blob(p.thumbnail, "thumbnail"), thumbWidth: p.thumbWidth, thumbHeight: p.thumbHeight,
                    embedding: try blob(p.embedding, "embedding"), created: created))
        }
        // Items: valid, unique ids, photos that the export holds.
        var itemIDs = Set<Int64>()
        for json in archive.items {
            let what = "item \(json.id)"
            try id(json.id, what)
            guard itemIDs.insert(json.id).inserted else { throw ClosetError.badData("\(what) is listed twice") }
            let item: Item
            do {
                item = try json.item()
                try item.validate(taxonomy: taxonomy)
                if let photo = item.photo, !photoHashes.contains(photo) {
                    throw ClosetError.badData("its photo '\(SafeText.escaped(String(photo.prefix(80))))' is not among the export's photos")
                }
            } catch let e as ClosetError {
                throw ClosetError.badData("\(what): \(e.message)")
            }
            items.append(item)
        }
        var outfitIDs = Set<Int64>()
        for o in archive.outfits {
            let what = "outfit \(o.id)"
            try id(o.id, what)
            guard outfitIDs.insert(o.id).inserted else { throw ClosetError.badData("\(what) is listed twice") }
            guard Timestamp.date(o.created) != nil else { throw ClosetError.badData("\(what): bad created time") }
            guard Set(o.items).count == o.items.count else { throw ClosetError.badData("\(what) lists an item twice") }
            for item in o.items where !itemIDs.contains(item) {
                throw ClosetError.badData("\(what) names item \(item), which the export does not hold")
            }
        }
        var plannedDays: Set<String> = []
        for (index, plan) in (archive.plans ?? []).enumerated() {
            let what = "plan \(index + 1)"
            guard Day.isValid(plan.day) else {
                throw ClosetError.badData("\(what): '\(SafeText.escaped(String(plan.day.prefix(40))))' is not a calendar date (YYYY-MM-DD)")
            }
            guard plannedDays.insert(plan.day).inserted else { throw ClosetError.badData("\(what): \(plan.day) is planned twice") }
            guard !plan.items.isEmpty, Set(plan.items).count == plan.items.count else {
                throw ClosetError.badData("\(what) must list its items once each")
            }
            for item in plan.items where !itemIDs.contains(item) {
                throw ClosetError.badData("\(what) names item \(item), which the export does not hold")
            }
        }
        for (index, w) in archive.wears.enumerated() {
            let what = "wear \(index + 1)"
            guard (w.item == nil) != (w.outfit == nil) else {
                throw ClosetError.badData("\(what) must name an item or an outfit, not both")
            }
            if let item = w.item, !itemIDs.contains(item) {
                throw ClosetError.badData("\(what) names item \(item), which the export does not hold")
            }
            if let outfit = w.outfit, !outfitIDs.contains(outfit) {
                throw ClosetError.badData("\(what) names outfit \(outfit), which the export does not hold")
            }
            guard Day.isValid(w.day) else {
                throw ClosetError.badData("\(what): '\(SafeText.escaped(String(w.day.prefix(40))))' is not a calendar date (YYYY-MM-DD)")
            }
        }
        for (key, value) in archive.settings {
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
            settings[key] = value
        }
    }
}
