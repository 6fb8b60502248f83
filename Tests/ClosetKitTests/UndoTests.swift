@testable import ClosetKit
import GRDB
import Foundation
import TestSupport
import XCTest

/// What the TUI's `u` relies on: changes of several items at once, each undone exactly.
final class UndoTests: XCTestCase {
    var dir: TemporaryDirectory!
    var wardrobe: Wardrobe!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        wardrobe = try Wardrobe(folder: dir.path("w"))
    }

    func upload(_ seed: UInt8) -> PhotoUpload {
        PhotoUpload(data: Data([0xFF, 0xD8, 0xFF, seed, 9, 9]), ext: "jpg", width: 4, height: 4, thumbnail: Data([seed]))
    }

    func testADeletionUndoneBringsBackTheItemItsWearsOutfitPlaceAndPhotoBytes() throws {
        let tee = try wardrobe.add(NewItem(name: "Tee", category: "shortSleeve"), photo: upload(1))
        let jeans = try wardrobe.add(NewItem(name: "Jeans", category: "jeans"), photo: upload(2))
        let outfit = try wardrobe.saveOutfit(name: "Weekend", itemIDs: [tee.id, jeans.id])
        try wardrobe.logWear(item: tee.id, day: "2026-11-01")
        try wardrobe.logWear(outfit: outfit.id, day: "2026-11-02")
        let photo = try wardrobe.photos.url(hash: tee.photo!, ext: "jpg")
        let bytes = try Data(contentsOf: photo)
        let before = try wardrobe.summary(tee.id)

        let removed = try wardrobe.remove([tee.id, jeans.id])
        XCTAssertEqual(removed.count, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: photo.path), "the photo went to the trash")
        XCTAssertEqual(try wardrobe.itemCount(), 0)

        try wardrobe.restore(removed)
        XCTAssertEqual(try Data(contentsOf: photo), bytes, "the same bytes, back at their address")
        XCTAssertEqual(try wardrobe.summary(tee.id), before, "the item, its wears and last wear")
        XCTAssertEqual(try wardrobe.outfit(outfit.id).itemIDs, [tee.id, jeans.id])
        XCTAssertTrue(wardrobe.photos.trashDays().allSatisfy(\.files.isEmpty), "nothing left in the trash")
        XCTAssertTrue(try wardrobe.examine().isHealthy)
    }

    func testADeletionCannotBeUndoneTwiceNorOverATakenIdNorWithoutItsPhoto() throws {
        let hat = try wardrobe.add(NewItem(name: "Hat", category: "hat"), photo: upload(3))
        let removed = try wardrobe.remove([hat.id])
        try wardrobe.restore(removed)
        XCTAssertThrowsError(try wardrobe.restore(removed)) { XCTAssertEqual(($0 as? ClosetError)?.kind, .usage) }

        let again = try wardrobe.remove([hat.id])
        for day in wardrobe.photos.trashDays() { for file in day.files { try FileManager.default.removeItem(at: file) } }
        XCTAssertThrowsError(try wardrobe.restore(again)) { XCTAssertEqual(($0 as? ClosetError)?.kind, .noInput) }
        XCTAssertEqual(try wardrobe.itemCount(), 0, "all or nothing: no item without its photo")
    }

    func testArchivingSeveralIsOneChangeAndRevertingKeepsWhatChangedMeanwhile() throws {
        let a = try wardrobe.add(NewItem(name: "A", category: "hat"))
        let b = try wardrobe.add(NewItem(name: "B", category: "bag"))
        XCTAssertThrowsError(try wardrobe.archive([a.id, 999], reason: .sold))
        XCTAssertEqual(try wardrobe.item(a.id).status, .active, "one missing id: nothing archived")

        let changes = try wardrobe.archive([a.id, b.id, a.id], reason: .donated)
        XCTAssertEqual(changes.map(\.before.id), [a.id, b.id], "each item once")
        XCTAssertEqual(try wardrobe.summaries(ItemFilter(status: .archived)).count, 2)
        // Another closet renames B meanwhile; undoing the archive keeps the new name.
        var renamed = try wardrobe.item(b.id)
        renamed.name = "B renamed"
        try wardrobe.update(renamed)
        try wardrobe.revert(changes)
        XCTAssertEqual(try wardrobe.item(b.id).status, .active)
        XCTAssertNil(try wardrobe.item(b.id).archiveReason)
        XCTAssertEqual(try wardrobe.item(b.id).name, "B renamed")
    }

    func testACategoryChangeOfSeveralIsValidatedAndUndone() throws {
        var guessed = NewItem(name: "Guess", category: "jacket")
        guessed.needsReview = true
        guessed.confidence = 0.4
        let a = try wardrobe.add(guessed)
        let b = try wardrobe.add(NewItem(name: "Other", category: "blazer"))
        XCTAssertThrowsError(try wardrobe.confirm([a.id], category: "tuxedo")) { XCTAssertEqual(($0 as? ClosetError)?.kind, .usage) }
        let changes = try wardrobe.confirm([a.id, b.id], category: "coat")
        XCTAssertEqual(try [a.id, b.id].map { try wardrobe.item($0).category }, ["coat", "coat"])
        XCTAssertTrue(try wardrobe.item(a.id).isConfirmed)
        try wardrobe.revert(changes)
        let back = try wardrobe.item(a.id)
        XCTAssertEqual(back.category, "jacket")
        XCTAssertTrue(back.needsReview)
        XCTAssertEqual(back.confidence, 0.4)
        XCTAssertEqual(try wardrobe.item(b.id).category, "blazer")
    }
}

/// `Item.Columns` is the one list of the items table's columns.
final class ItemColumnsTests: XCTestCase {
    func testColumnsNameEveryColumnOfTheTableAndBothReadsAgree() throws {
        let dir = TemporaryDirectory()
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        let table = try wardrobe.read { db in try db.columns(in: "items").map(\.name) }
        XCTAssertEqual(Item.Columns.allCases.map(\.rawValue).sorted(), table.sorted())
        var item = NewItem(
            name: "Every field", category: "coat", colors: ["navy", "white"], colorShares: [0.7, 0.3], seasons: [.winter],
            styles: ["office"], thickness: 4, brand: "B", price: 99.5, size: "M", comment: "c")
        item.status = .archived
        item.archiveReason = .donated
        item.needsReview = true
        item.confidence = 0.5
        let stored = try wardrobe.add(item)
        // The record decoder (by name) and the fast listing (by position) read the same item.
        let read = try wardrobe.item(stored.id)
        XCTAssertEqual(read.withoutTimestamps, stored.withoutTimestamps, "every field written is read back")
        XCTAssertEqual(try wardrobe.summaries(ItemFilter(status: nil)).map(\.item), [read])
    }
}

/// Laundry and repair: in the closet, away for a while, and since when.
final class AwayTests: XCTestCase {
    func testLaundryAndRepairKeepSinceWhenAndAllLaundryComesBackAtOnce() throws {
        let dir = TemporaryDirectory()
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        let a = try wardrobe.add(NewItem(name: "A", category: "shortSleeve"))
        let b = try wardrobe.add(NewItem(name: "B", category: "jeans"))
        let gone = try wardrobe.add(NewItem(name: "Gone", category: "hat", status: .archived, archiveReason: .sold))
        let before = Date().addingTimeInterval(-1)
        let sent = try wardrobe.setAway([a.id, b.id], .laundry)
        XCTAssertEqual(sent.map(\.after.status), [.laundry, .laundry])
        XCTAssertGreaterThan(try wardrobe.item(a.id).statusSince ?? .distantPast, before)
        XCTAssertThrowsError(try wardrobe.setAway([gone.id], .laundry), "an archived item is not in the closet")
        var mended = try wardrobe.item(b.id)
        mended.status = .repair
        mended.comment = "hem"
        try wardrobe.update(mended)
        XCTAssertEqual(try wardrobe.item(b.id).status, .repair)
        let back = try wardrobe.laundryDone()
        XCTAssertEqual(back.map(\.after.id), [a.id], "only the laundry comes back, not the repair")
        XCTAssertEqual(try wardrobe.item(a.id).status, .active)
        XCTAssertEqual(try wardrobe.laundryDone(), [])
        // The status and its date survive an export and restore.
        let copy = try Wardrobe(folder: dir.path("copy"))
        try copy.restore(try wardrobe.archive(), photoFolder: nil)
        XCTAssertEqual(try copy.item(b.id).status, .repair)
        XCTAssertEqual(try copy.item(b.id).statusSince, try wardrobe.item(b.id).statusSince)
    }
}

/// Laundry by habit: after N wears of a category, a worn item goes to the laundry by itself.
final class LaundryHabitTests: XCTestCase {
    func testAnItemGoesToTheLaundryAfterItsCategorysWearsCountedSinceItCameBack() throws {
        let dir = TemporaryDirectory()
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        let jeans = try wardrobe.add(NewItem(name: "Jeans", category: "jeans"))
        let tee = try wardrobe.add(NewItem(name: "Tee", category: "shortSleeve"))
        let coat = try wardrobe.add(NewItem(name: "Coat", category: "coat"))
        try wardrobe.setLaundryAfter(3, category: "jeans")
        try wardrobe.setLaundryAfter(1, category: "shortSleeve")
        XCTAssertThrowsError(try wardrobe.setLaundryAfter(3, category: "tuxedo"))
        XCTAssertThrowsError(try wardrobe.setLaundryAfter(-1, category: "coat"))
        XCTAssertEqual(try wardrobe.laundryAfter(), ["jeans": 3, "shortSleeve": 1])

        var sent = try wardrobe.logWear(items: [jeans.id, tee.id, coat.id], day: "2026-11-01")
        XCTAssertEqual(sent.map(\.after.name), ["Tee"], "a T-shirt after one wear")
        sent = try wardrobe.logWear(items: [jeans.id], days: ["2026-11-02", "2026-11-03"])
        XCTAssertEqual(sent.map(\.after.name), ["Jeans"], "jeans after three")
        XCTAssertEqual(try wardrobe.item(jeans.id).status, .laundry)
        // Back from the wash, the count starts again.
        try wardrobe.laundryDone()
        XCTAssertEqual(try wardrobe.logWear(item: jeans.id, day: Day.string(Date())), [])
        // 0 = never.
        try wardrobe.setLaundryAfter(0, category: "shortSleeve")
        XCTAssertEqual(try wardrobe.laundryAfter(), ["jeans": 3])
        // Undoing it puts the item back as it was.
        try wardrobe.setLaundryAfter(1, category: "coat")
        let coatSent = try wardrobe.logWear(item: coat.id, day: "2026-11-04")
        try wardrobe.revert(coatSent)
        XCTAssertEqual(try wardrobe.item(coat.id).status, .active)
    }
}

/// A wear is a day's (the issue "Nothing lost on a bad day", fault 17): a restore refuses two wears of an item on
/// one day, so closet never logs them, and an older wardrobe holding them is merged to one on upgrade, or its
/// own backups could not be restored.
final class OneWearADayTests: XCTestCase {
    func testASecondWearOfAnItemOrOutfitOnOneDayIsRefused() throws {
        let dir = TemporaryDirectory()
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        let item = try wardrobe.add(NewItem(name: "shirt", category: "shortSleeve"))
        try wardrobe.logWear(item: item.id, day: "2026-03-01")
        XCTAssertThrowsError(try wardrobe.logWear(item: item.id, day: "2026-03-01")) {
            XCTAssertEqual($0 as? ClosetError, .alreadyWorn(item: item.id, day: "2026-03-01"))
        }
        try wardrobe.logWear(item: item.id, day: "2026-03-02")
        let outfit = try wardrobe.saveOutfit(name: "o", itemIDs: [item.id])
        try wardrobe.logWear(outfit: outfit.id, day: "2026-03-05")
        XCTAssertThrowsError(try wardrobe.logWear(outfit: outfit.id, day: "2026-03-05"))
        XCTAssertEqual(try wardrobe.wearLog().count, 3)
    }

    func testAnOlderWardrobesSameDayWearsAreMergedSoItsBackupRestores() throws {
        let dir = TemporaryDirectory()
        let folder = dir.path("w")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        do {
            let queue = try DatabaseQueue(path: folder.appendingPathComponent("wardrobe.sqlite").path)
            try Schema.migrator.migrate(queue, upTo: "v7-embedding-model")
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO items (id, name, category, created, updated) VALUES (1, 'shirt', 'shortSleeve', '2026-01-01', '2026-01-01');
                        INSERT INTO wears (item_id, day) VALUES (1, '2026-03-01'), (1, '2026-03-01'), (1, '2026-03-02');
                        """)
            }
            try queue.close()
        }
        let wardrobe = try Wardrobe(folder: folder)
        XCTAssertEqual(try wardrobe.wearLog().map(\.day).sorted(), ["2026-03-01", "2026-03-02"])
        let restored = try Wardrobe(folder: dir.path("restored"))
        try restored.restore(json: try wardrobe.exportJSON(), name: "export", photoFolder: nil)
        XCTAssertEqual(try restored.wearLog().count, 2)
    }
}
