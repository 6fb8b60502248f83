import ClosetKit
import Foundation
import GRDB
import TestSupport
import XCTest

final class WardrobeTests: XCTestCase {
    var dir: TemporaryDirectory!
    var wardrobe: Wardrobe!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        wardrobe = try Wardrobe(folder: dir.path("w"))
    }

    func photo(_ seed: UInt8) -> PhotoUpload {
        PhotoUpload(
            data: Data([0xFF, 0xD8, 0xFF, seed, 1, 2, 3]), ext: "jpg", width: 10, height: 20,
            thumbnail: Data([seed]), thumbWidth: 5, thumbHeight: 10, embedding: [1, 2, Float(seed)])
    }

    func testAddListEditRemove() throws {
        let a = try wardrobe.add(NewItem(name: "Jeans", category: "jeans", colors: ["denim"], seasons: [.spring], price: 40))
        let b = try wardrobe.add(NewItem(name: "Coat", category: "coat"), photo: photo(1))
        XCTAssertNotNil(a.id)
        XCTAssertEqual(try wardrobe.summaries().map(\.item.name), ["Jeans", "Coat"])  // bottom before outer
        XCTAssertEqual(try wardrobe.summaries(ItemFilter(group: "outer")).map(\.item.id), [b.id])
        XCTAssertEqual(try wardrobe.summaries(ItemFilter(text: "DENIM")).map(\.item.id), [a.id])
        var edited = a
        edited.name = "Blue jeans"
        edited.thickness = 4
        try wardrobe.update(edited)
        XCTAssertEqual(try wardrobe.item(a.id).name, "Blue jeans")
        XCTAssertEqual(try wardrobe.item(a.id).thickness, 4)
        try wardrobe.remove(a.id)
        XCTAssertThrowsError(try wardrobe.item(a.id)) { XCTAssertEqual(($0 as? ClosetError)?.kind, .noInput) }
        XCTAssertThrowsError(try wardrobe.remove(999)) { XCTAssertEqual(($0 as? ClosetError)?.kind, .noInput) }
    }

    /// The listing reads columns straight from SQLite: every field must come back as stored,
    /// including lists that need the JSON fallback and dates with milliseconds.
    func testListingReadsEveryFieldAsTheRecordDoes() throws {
        let created = Date(timeIntervalSince1970: 1_764_000_123.456)
        var item = NewItem(
            name: "Ünïcode \"quoted\" knit", category: "sweater", colors: ["navy", "with \"quote\""], colorShares: [0.75, 0.25],
            seasons: [.winter, .autumn], styles: ["office", "직장"], thickness: 4, brand: "Zeta", price: 12.5, size: "M",
            comment: "line\nbreak", needsReview: true, confidence: 0.42)
        item.created = created
        item.updated = created
        let stored = try wardrobe.add(item, photo: photo(7))
        try wardrobe.archive(try wardrobe.add(NewItem(name: "Old", category: "coat")).id, reason: .donated)
        let listed = try wardrobe.summaries(ItemFilter(status: nil))
        XCTAssertEqual(listed.count, 2)
        let viaRecord = try wardrobe.item(stored.id)
        XCTAssertEqual(listed[0].item, viaRecord)
        XCTAssertEqual(listed[0].item.colors, ["navy", "with \"quote\""])
        XCTAssertEqual(listed[0].item.created.timeIntervalSince1970, created.timeIntervalSince1970, accuracy: 0.001)
        XCTAssertEqual(listed[1].item.status, .archived)
        XCTAssertEqual(listed[1].item.archiveReason, .donated)
        XCTAssertEqual(listed[1].item, try wardrobe.item(listed[1].item.id))
    }

    func testFirstSummariesAreTheListingsFirstItemsWithCountsOfAll() throws {
        let categories: [CategoryID] = ["coat", "shortSleeve", "jeans", "shortSleeve", "hat", "coat", "jeans"]
        for (i, c) in categories.enumerated() {
            try wardrobe.add(NewItem(name: "item \(i)", category: c, needsReview: i % 3 == 0))
        }
        try wardrobe.archive(try wardrobe.add(NewItem(name: "gone", category: "coat")).id, reason: .sold)
        let all = try wardrobe.summaries(ItemFilter(status: nil)).filter { $0.item.status != .archived }
        let first = try wardrobe.firstSummaries(limit: 4)
        XCTAssertEqual(first.items.map(\.item), Array(all.prefix(4)).map(\.item))
        XCTAssertEqual(first.perCategory, ["coat": 2, "shortSleeve": 2, "jeans": 2, "hat": 1])
        XCTAssertEqual(first.review, 3)
        XCTAssertEqual(try wardrobe.firstSummaries(limit: 100).items.count, 7)
    }

    func testPhotoIsContentAddressedAndRemovedOnlyWhenUnused() throws {
        let upload = photo(7)
        let first = try wardrobe.add(NewItem(name: "A", category: "hat"), photo: upload)
        let second = try wardrobe.add(NewItem(name: "B", category: "hat"), photo: upload)
        let file = try wardrobe.photos.url(hash: upload.hash, ext: "jpg")
        XCTAssertEqual(file.lastPathComponent, "\(SHA256.hex(upload.data)).jpg")
        XCTAssertEqual(FileManager.default.contents(atPath: file.path), upload.data)
        XCTAssertEqual(try wardrobe.photo(upload.hash)?.embeddingVector, [1, 2, 7])
        try wardrobe.remove(first.id)
        XCTAssertTrue(FileManager.default.fileExists(atPath: file.path), "still used by the second item")
        try wardrobe.remove(second.id)
        XCTAssertFalse(FileManager.default.fileExists(atPath: file.path))
        XCTAssertNil(try wardrobe.photo(upload.hash))
    }

    func testABatchWithOneBadItemStoresNothingAndLeavesNoFile() throws {
        let good = (NewItem(name: "ok", category: "hat"), Optional(photo(3)))
        let bad = (NewItem(name: "bad", category: "hat", thickness: 9), Optional(photo(4)))
        XCTAssertThrowsError(try wardrobe.addAll([good, bad]))
        XCTAssertEqual(try wardrobe.summaries(ItemFilter(status: nil)).count, 0)
        XCTAssertTrue(storedFiles().isEmpty, "no photo file may be left behind: \(storedFiles())")
    }

    func testAFailingTransactionRollsBackThePhotoRow() throws {
        // A failure inside the transaction, after the photo row is written (a trigger refusing the item's row),
        // must undo the photo row too.
        try wardrobe.write {
            try $0.execute(
                sql: "CREATE TEMP TRIGGER refuse BEFORE INSERT ON items WHEN NEW.name = 'y' BEGIN SELECT RAISE(ABORT, 'no'); END")
        }
        XCTAssertThrowsError(try wardrobe.add(NewItem(name: "y", category: "hat"), photo: photo(9)))
        XCTAssertNil(try wardrobe.photo(photo(9).hash))
        XCTAssertTrue(storedFiles().isEmpty)
    }

    func testRepairMovesOnlyFilesClosetWroteAndNeverAPhoto() throws {
        let orphanDir = wardrobe.photos.root.appendingPathComponent("ab")
        try FileManager.default.createDirectory(at: orphanDir, withIntermediateDirectories: true)
        try Data([1]).write(to: orphanDir.appendingPathComponent("ab12.jpg"))
        let kept = try wardrobe.add(NewItem(name: "k", category: "hat"), photo: photo(5))
        // A second copy of the kept photo under another extension: closet's name, and redundant.
        let copy = wardrobe.photos.root.appendingPathComponent("\(kept.photo!.prefix(2))/\(kept.photo!).png")
        try Data([2]).write(to: copy)
        let staged = wardrobe.photos.root.appendingPathComponent(".tmp/\(UUID().uuidString)")
        try Data([3]).write(to: staged)
        let repair = try wardrobe.repair()
        XCTAssertEqual(
            Set(storedFiles().filter { !$0.path.contains("/.trash/") }.map(\.lastPathComponent)), ["\(kept.photo!).jpg", "ab12.jpg"],
            "a file closet would never have named stays where it is")
        XCTAssertEqual(Set(repair.movedToTrash.map(\.lastPathComponent)), [copy.lastPathComponent, staged.lastPathComponent])
        XCTAssertEqual(
            try Data(contentsOf: try XCTUnwrap(repair.movedToTrash.first { $0.lastPathComponent == copy.lastPathComponent })), Data([2]),
            "what moves keeps its bytes in the trash")
        XCTAssertEqual(repair.left, [.foreignFiles(1)])
        XCTAssertEqual(repair.report.foreignFiles.map(\.lastPathComponent), ["ab12.jpg"])
    }

    func testArchiveNeedsAReasonAndWishlistIsSeparate() throws {
        let item = try wardrobe.add(NewItem(name: "x", category: "bag"))
        try wardrobe.add(NewItem(name: "dream", category: "bag", price: 300, status: .wishlist))
        try wardrobe.archive(item.id, reason: .donated)
        XCTAssertEqual(try wardrobe.item(item.id).archiveReason, .donated)
        XCTAssertEqual(try wardrobe.summaries().count, 0)
        XCTAssertEqual(try wardrobe.summaries(ItemFilter(status: .wishlist)).map(\.item.name), ["dream"])
        var bad = try wardrobe.item(item.id)
        bad.archiveReason = nil
        XCTAssertThrowsError(try wardrobe.update(bad))
    }

    func testWearsCountDirectAndOutfitWears() throws {
        let top = try wardrobe.add(NewItem(name: "t", category: "shortSleeve"))
        let bottom = try wardrobe.add(NewItem(name: "b", category: "jeans"))
        let outfit = try wardrobe.saveOutfit(name: "weekday", itemIDs: [top.id, bottom.id])
        try wardrobe.logWear(item: top.id, day: "2026-11-01")
        try wardrobe.logWear(outfit: outfit.id, day: "2026-11-03")
        let summary = try wardrobe.summary(top.id)
        XCTAssertEqual(summary.wears, 2)
        XCTAssertEqual(summary.lastWorn, "2026-11-03")
        XCTAssertEqual(try wardrobe.summary(bottom.id).wears, 1)
        XCTAssertThrowsError(try wardrobe.logWear(item: 404, day: "2026-11-01"))
        try wardrobe.remove(bottom.id)
        XCTAssertEqual(try wardrobe.outfit(outfit.id).itemIDs, [top.id])
    }

    func testSettingsAndProfile() throws {
        var profile = try wardrobe.profile()
        XCTAssertEqual(profile.units, .metric)
        profile.name = "Mina"
        profile.language = .ko
        try wardrobe.saveProfile(profile)
        XCTAssertEqual(try Wardrobe(folder: dir.path("w")).profile(), profile)
    }

    func testExportRestoreRoundTripLosesNothing() throws {
        let a = try wardrobe.add(
            NewItem(
                name: "Shirt, \"white\"", category: "blouseShirt", colors: ["white"], colorShares: [0.9],
                seasons: [.summer], styles: ["office"], brand: "Ünï", price: 19.99, size: "M",
                comment: "line\nbreak", confidence: 0.83), photo: photo(2))
        let b = try wardrobe.add(NewItem(name: "Old", category: "coat"))
        try wardrobe.archive(b.id, reason: .sold)
        let o = try wardrobe.saveOutfit(name: "o", itemIDs: [a.id])
        try wardrobe.logWear(outfit: o.id, day: "2026-10-10")
        try wardrobe.logWear(item: a.id, day: "2026-10-11")
        try wardrobe.setSetting("k", "v")
        let photos = dir.path("exported-photos")
        try wardrobe.exportPhotos(to: photos)
        let archive = try wardrobe.archive()
        let json = try JSONEncoder.closet.encode(archive)

        let fresh = try Wardrobe(folder: dir.path("fresh"))
        try fresh.restore(try JSONDecoder().decode(WardrobeArchive.self, from: json), photoFolder: photos)
        XCTAssertEqual(try fresh.archive(), archive)
        XCTAssertEqual(try JSONEncoder.closet.encode(fresh.archive()), json)
        XCTAssertTrue(FileManager.default.fileExists(atPath: try fresh.photos.url(hash: a.photo!, ext: "jpg").path))
        // Restoring again into the now non-empty wardrobe is refused and changes nothing.
        XCTAssertThrowsError(try fresh.restore(archive, photoFolder: photos))
        XCTAssertEqual(try fresh.archive(), archive)
    }

    func testRestoreWithoutThePhotosIsRefusedWhole() throws {
        try wardrobe.add(NewItem(name: "a", category: "hat"), photo: photo(6))
        let archive = try wardrobe.archive()
        let fresh = try Wardrobe(folder: dir.path("fresh"))
        XCTAssertThrowsError(try fresh.restore(archive, photoFolder: nil)) { XCTAssertEqual(($0 as? ClosetError)?.kind, .noInput) }
        XCTAssertEqual(try fresh.summaries(ItemFilter(status: nil)).count, 0)
    }

    func testCSVExportRestoresItems() throws {
        try wardrobe.add(
            NewItem(
                name: "Knit, grey", category: "sweater", colors: ["grey"], seasons: [.winter, .autumn],
                styles: ["casual"], thickness: 4, price: 30))
        let csv = try wardrobe.exportCSV()
        let fresh = try Wardrobe(folder: dir.path("fresh"))
        try fresh.restoreCSV(csv)
        let restored = try fresh.summaries()[0].item
        let original = try wardrobe.summaries()[0].item
        XCTAssertEqual(restored, original)
    }

    func testItemJSONWriterMatchesJSONEncoder() throws {
        try wardrobe.add(
            NewItem(
                name: "Tab\there \"q\" 니트", category: "sweater", colors: ["grey", "navy"], colorShares: [0.625, 0.25],
                seasons: [.winter], brand: nil, price: 12.5, confidence: 0.8125))
        try wardrobe.add(NewItem(name: "plain", category: "hat", price: 40))
        let items = try wardrobe.summaries().map { ItemJSON($0) }
        XCTAssertEqual(ItemJSON.array(items), String(decoding: try JSONEncoder.closet.encode(items), as: UTF8.self))
    }

    func testConfirmingTakesTheClassifiersCategoryOrACorrectedOne() throws {
        let guessed = try wardrobe.add(NewItem(name: "x", category: "shortPants", needsReview: true, confidence: 0.46))
        XCTAssertFalse(guessed.isConfirmed)
        let kept = try wardrobe.confirm(guessed.id)
        XCTAssertEqual(kept.category, "shortPants")
        XCTAssertTrue(kept.isConfirmed)
        let other = try wardrobe.add(NewItem(name: "y", category: "jacket", needsReview: false, confidence: 0.93))
        XCTAssertFalse(other.isConfirmed, "a confident guess is still a guess")
        let corrected = try wardrobe.confirm(other.id, category: "COAT")
        XCTAssertEqual(corrected.category, "coat")
        XCTAssertTrue(corrected.isConfirmed)
        XCTAssertThrowsError(try wardrobe.confirm(other.id, category: "tuxedo")) { XCTAssertEqual(($0 as? ClosetError)?.kind, .usage) }
        XCTAssertEqual(try wardrobe.item(other.id).category, "coat")
    }

    func testGeneratedNamesAreInSentenceCaseAndFollowACorrection() throws {
        XCTAssertEqual(Item.generatedName(colors: ["light grey", "navy"], category: "shortSleeve"), "Light grey short-sleeve t-shirt")
        XCTAssertEqual(Item.generatedName(colors: ["sky blue"], category: "jacket"), "Sky blue jacket")
        XCTAssertEqual(Item.generatedName(colors: [], category: "hoodie"), "Hoodie")
        var fresh = NewItem(name: "Light grey jacket", category: "jacket", colors: ["light grey"], needsReview: true)
        fresh.confirm(category: "coat")
        XCTAssertEqual(fresh.name, "Light grey coat")
        // Names generated before sentence case still follow, and take the new form.
        var older = NewItem(name: "Sky Blue jacket", category: "jacket", colors: ["sky blue"], needsReview: true)
        XCTAssertTrue(older.hasGeneratedName())
        older.confirm(category: "coat")
        XCTAssertEqual(older.name, "Sky blue coat")
        var bare = NewItem(name: "hoodie", category: "hoodie", needsReview: true)
        bare.confirm(category: "sweater")
        XCTAssertEqual(bare.name, "Sweater")
        var typed = NewItem(name: "Sky blue rain jacket", category: "jacket", colors: ["sky blue"], needsReview: true)
        XCTAssertFalse(typed.hasGeneratedName())
        typed.confirm(category: "coat")
        XCTAssertEqual(typed.name, "Sky blue rain jacket", "a name the person typed stays")
    }

    func storedFiles() -> [URL] {
        let fm = FileManager.default
        guard let walker = fm.enumerator(at: wardrobe.photos.root, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { !$0.hasDirectoryPath && !$0.path.contains("/.tmp") }
    }
}
