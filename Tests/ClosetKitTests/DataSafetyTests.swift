import ClosetKit
import Foundation
import GRDB
import TestSupport
import XCTest

/// The faults of the data-safety issue, each made by the test itself: crafted exports, a lost
/// database, racing writers, hostile names and dates, a damaged database.
final class DataSafetyTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws { dir = TemporaryDirectory() }

    func upload(_ seed: UInt8) -> PhotoUpload {
        PhotoUpload(data: Data([0xFF, 0xD8, 0xFF, seed, 7, 7]), ext: "jpg", width: 4, height: 4, thumbnail: Data([seed]))
    }

    /// An export of one item whose photo has the given name, with a photo file laid out under `photos/`.
    func craftedExport(hash: String, ext: String, fileBytes: Data) throws -> (WardrobeArchive, URL) {
        let source = try Wardrobe(folder: dir.path("source"))
        let item = try source.add(NewItem(name: "x", category: "hat"), photo: upload(1))
        var archive = try source.archive()
        archive.photos[0].hash = hash
        archive.photos[0].ext = ext
        archive.items[0].photo = hash
        _ = item
        let photos = dir.path("e/f/g/h/export-photos")
        try FileManager.default.createDirectory(at: photos, withIntermediateDirectories: true)
        try fileBytes.write(to: photos.appendingPathComponent("\(SHA256.hex(fileBytes)).jpg"))
        return (archive, photos)
    }

    // Fault 1: an `ext` that climbs out of the wardrobe.
    func testRestoreRefusesAnExtensionThatClimbsOutAndWritesNothing() throws {
        let bytes = Data("pwned".utf8)
        let hash = SHA256.hex(bytes)
        let ext = "x/../../../../outside/pwned"
        let (archive, photos) = try craftedExport(hash: hash, ext: ext, fileBytes: bytes)
        // The file where the old code read it from: <photos>/<hash>.<ext>.
        let lure = photos.appendingPathComponent("\(hash).\(ext)").standardizedFileURL
        try FileManager.default.createDirectory(at: lure.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: lure)
        let target = try Wardrobe(folder: dir.path("w/a/b/c"))
        XCTAssertThrowsError(try target.restore(archive, photoFolder: photos)) { error in
            XCTAssertEqual((error as? ClosetError)?.kind, .badData)
            XCTAssertTrue("\(error)".contains("photo 1"), "names the photo at fault: \(error)")
            XCTAssertTrue("\(error)".contains("not an image extension"), "\(error)")
        }
        let written = FileManager.default.enumerator(atPath: dir.url.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix("pwned") }
        XCTAssertEqual(written, [lure.path.replacingOccurrences(of: dir.url.path + "/", with: "")], "only the lure itself")
        XCTAssertEqual(try target.summaries(ItemFilter(status: nil)).count, 0, "all or nothing")
    }

    // Fault 2: a `hash` of `../victim` restored, then shown and removed.
    func testRestoreRefusesAHashThatIsNotASHA256() throws {
        let (archive, photos) = try craftedExport(hash: "../victim", ext: "txt", fileBytes: Data("v".utf8))
        let target = try Wardrobe(folder: dir.path("w"))
        XCTAssertThrowsError(try target.restore(archive, photoFolder: photos)) { error in
            XCTAssertTrue("\(error)".contains("is not a photo name"), "\(error)")
        }
        XCTAssertEqual(try target.summaries(ItemFilter(status: nil)).count, 0)
    }

    func testRemoveNeverTouchesAPathOutsideTheWardrobeEvenWithABadRowInTheDatabase() throws {
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        let victim = try dir.write("victim.txt", Data("keep me".utf8))
        // A row as an older closet's restore could have written it.
        let queue = try DatabaseQueue(path: dir.path("w/wardrobe.sqlite").path)
        try queue.write { db in
            try db.execute(
                sql:
                    "INSERT INTO photos (hash, ext, bytes, width, height, created) VALUES ('../../victim', 'txt', 1, 1, 1, '2026-01-01 00:00:00.000')"
            )
            try db.execute(
                sql:
                    "INSERT INTO items (id, name, category, photo, created, updated) VALUES (2, 'x', 'hat', '../../victim', '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000')"
            )
        }
        try queue.close()
        XCTAssertThrowsError(try wardrobe.photos.url(hash: "../../victim", ext: "txt"))
        try wardrobe.remove(2)
        XCTAssertEqual(try Data(contentsOf: victim), Data("keep me".utf8))
    }

    func testAShardThatIsASymbolicLinkIsNeverFollowed() throws {
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        let photo = upload(3)
        let outside = dir.path("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: wardrobe.photos.root, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: wardrobe.photos.root.appendingPathComponent(String(photo.hash.prefix(2))),
            withDestinationURL: outside)
        XCTAssertThrowsError(try wardrobe.add(NewItem(name: "x", category: "hat"), photo: photo)) { error in
            XCTAssertTrue("\(error)".contains("symbolic link"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside.path), [])
        XCTAssertEqual(try wardrobe.summaries().count, 0)
    }

    // Fault 3: an empty or deleted database beside stored photos.
    func testAnEmptyOrMissingDatabaseBesidePhotosIsRefusedAndThePhotosStay() throws {
        let folder = dir.path("w")
        do {
            let wardrobe = try Wardrobe(folder: folder)
            for seed in UInt8(1)...5 { try wardrobe.add(NewItem(name: "x\(seed)", category: "hat"), photo: upload(seed)) }
            try wardrobe.close()
        }
        let photos = PhotoStore(root: folder.appendingPathComponent("photos"))
        XCTAssertEqual(photos.storedFiles().count, 5)
        for file in ["wardrobe.sqlite-wal", "wardrobe.sqlite-shm"] {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(file))
        }
        try Data().write(to: folder.appendingPathComponent("wardrobe.sqlite"))  // truncate -s0
        XCTAssertThrowsError(try Wardrobe(folder: folder)) { error in
            XCTAssertEqual((error as? ClosetError)?.kind, .badData)
            XCTAssertTrue("\(error)".contains("is empty"), "\(error)")
            XCTAssertEqual(
                error as? ClosetError, .databaseLost(path: folder.appendingPathComponent("wardrobe.sqlite").path, empty: true, photos: 5))
        }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("wardrobe.sqlite"))
        XCTAssertThrowsError(try Wardrobe(folder: folder)) { XCTAssertTrue("\($0)".contains("is missing"), "\($0)") }
        XCTAssertEqual(photos.storedFiles().count, 5, "no photo was touched")
        // Restore and rebuild may open it, to fill it again.
        let recovered = try Wardrobe(folder: folder, mode: .recover)
        XCTAssertEqual(try recovered.summaries().count, 0)
        XCTAssertEqual(photos.storedFiles().count, 5)
    }

    // Fault 5: the duplicate check and the insert in one transaction.
    func testTwoWritersAddingTheSamePhotosStoreEachOnce() throws {
        let folder = dir.path("w")
        let writers = [try Wardrobe(folder: folder, busyTimeout: 10), try Wardrobe(folder: folder, busyTimeout: 10)]
        let photos = (UInt8(1)...30).map(upload)
        let failures = ConcurrentLog()
        DispatchQueue.concurrentPerform(iterations: 2) { w in
            for photo in photos {
                do { _ = try writers[w].add(NewItem(name: "x", category: "hat"), photo: photo, skippingDuplicate: true) } catch {
                    failures.add("\(error)")
                }
            }
        }
        XCTAssertEqual(failures.values, [])
        let items = try writers[0].summaries()
        XCTAssertEqual(items.count, 30, "one item a photo")
        XCTAssertEqual(Set(items.compactMap(\.item.photo)).count, 30)
    }

    // Fault 6: a lost update. Both edits survive, or the collision is reported and nothing is written.
    func testAnEditBasedOnAnOlderReadMergesOtherFieldsAndReportsCollisions() throws {
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        let base = try wardrobe.add(NewItem(name: "Shirt", category: "blouseShirt"))
        // Another closet changes brand and comment.
        var theirs = base
        theirs.brand = "X"; theirs.comment = "Y"
        try wardrobe.update(theirs)
        // The editor, opened before, changes the name.
        var mine = base
        mine.name = "White shirt"
        guard case .saved(let saved) = try wardrobe.update(mine, basedOn: base) else { return XCTFail("no conflict expected") }
        let stored = try wardrobe.item(base.id)
        XCTAssertEqual([stored.name, stored.brand, stored.comment], ["White shirt", "X", "Y"])
        XCTAssertEqual(saved.withoutTimestamps, stored.withoutTimestamps)
        // Now both change the brand, differently: nothing is written, the fields are named.
        var mine2 = stored
        mine2.brand = "Mine"
        var theirs2 = stored
        theirs2.brand = "Theirs"
        try wardrobe.update(theirs2)
        guard case .conflict(let current, let fields) = try wardrobe.update(mine2, basedOn: stored) else { return XCTFail("a conflict") }
        XCTAssertEqual(fields, [.brand])
        XCTAssertEqual(current.brand, "Theirs")
        XCTAssertEqual(try wardrobe.item(base.id).brand, "Theirs")
    }

    // Fault 10: dates are real calendar dates, and wears cannot lie in the future.
    func testDatesMustExistAndWearsCannotBeLoggedForTheFuture() throws {
        XCTAssertThrowsError(try Day.parse("2026-02-30"))
        XCTAssertThrowsError(try Day.parse("2025-02-29"))
        XCTAssertEqual(try Day.parse("2024-02-29"), "2024-02-29")
        XCTAssertThrowsError(try Day.parse("9999-12-31"))
        XCTAssertThrowsError(try Day.parse("2026-1-1x"))
        XCTAssertThrowsError(try Day.parse("+2026-01-01"))
        XCTAssertThrowsError(try Day.parse("2026-06-01", now: Day.date("2026-05-01")!, latest: "2026-05-02"))
        XCTAssertTrue(Day.isValid("2000-02-29"))
        XCTAssertFalse(Day.isValid("1900-02-29"))
        XCTAssertFalse(Day.isValid("2026-13-01"))
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        let item = try wardrobe.add(NewItem(name: "x", category: "hat"))
        XCTAssertThrowsError(try wardrobe.logWear(item: item.id, day: "2026-02-30"))
        XCTAssertThrowsError(try wardrobe.logWear(item: item.id, day: "9999-12-31"))
        XCTAssertThrowsError(try wardrobe.logWear(items: [item.id], day: Day.string(Date().addingTimeInterval(3 * 86_400))))
        try wardrobe.logWear(item: item.id, day: Day.latestWearDay())
        XCTAssertEqual(try wardrobe.wearLog().count, 1)
    }

    // Fault 11: a damaged database is not written to.
    func testADamagedDatabaseRefusesWritesAndDoctorReportsIt() throws {
        let folder = dir.path("w")
        do {
            let wardrobe = try Wardrobe(folder: folder)
            for n in 0..<300 { try wardrobe.add(NewItem(name: "item \(n)", category: n % 2 == 0 ? "hat" : "bag")) }
            try wardrobe.close()
        }
        // Zero the pages of one index: the table is intact, the index misses rows (as byte flips left it).
        let path = folder.appendingPathComponent("wardrobe.sqlite").path
        let queue = try DatabaseQueue(path: path)
        let pages = try queue.read {
            try Int.fetchAll($0, sql: "SELECT pageno FROM dbstat WHERE name = 'items_category' AND pagetype = 'leaf'")
        }
        _ = try queue.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try queue.close()
        XCTAssertFalse(pages.isEmpty)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        for page in pages {
            try handle.seek(toOffset: UInt64((page - 1) * 4096 + 8))
            handle.write(Data(repeating: 0, count: 4))  // the leaf's cell count: no rows
        }
        try handle.close()
        let wardrobe = try Wardrobe(folder: folder)
        XCTAssertEqual(try wardrobe.summaries().count, 300, "reads still work")
        XCTAssertThrowsError(try wardrobe.add(NewItem(name: "new", category: "hat"))) { error in
            XCTAssertEqual((error as? ClosetError)?.kind, .badData)
            // The library says what happened and names no command: the CLI and the TUI add their own remedy.
            guard case .damaged(let path, _)? = error as? ClosetError else { return XCTFail("\(error)") }
            XCTAssertTrue(path.hasSuffix("wardrobe.sqlite"), path)
            XCTAssertFalse("\(error)".contains("closet "), "\(error)")
        }
        XCTAssertFalse(try wardrobe.examine().integrity.isEmpty)
        let repair = try wardrobe.repair()
        XCTAssertTrue(repair.reindexed)
        XCTAssertEqual(try wardrobe.examine().integrity, [])
        let fresh = try Wardrobe(folder: folder)
        try fresh.add(NewItem(name: "new", category: "hat"))
        XCTAssertEqual(try fresh.summaries().count, 301)
    }

    // Fault 12: ids from an export must be positive and leave room.
    func testRestoreRefusesIdsOutOfRangeAndNamesTheItem() throws {
        let source = try Wardrobe(folder: dir.path("source"))
        try source.add(NewItem(name: "x", category: "hat"))
        for bad: Int64 in [-5, 0, Int64.max] {
            var archive = try source.archive()
            archive.items[0].id = bad
            let target = try Wardrobe(folder: dir.path("t\(bad)"))
            XCTAssertThrowsError(try target.restore(archive, photoFolder: nil)) { error in
                XCTAssertTrue("\(error)".contains("item \(bad)"), "\(error)")
            }
            XCTAssertEqual(try target.summaries().count, 0)
        }
    }

    func testRestoreChecksReferencesDatesAndSettingsBeforeWriting() throws {
        let source = try Wardrobe(folder: dir.path("source"))
        let item = try source.add(NewItem(name: "x", category: "hat"))
        try source.logWear(item: item.id, day: "2026-01-02")
        let good = try source.archive()
        var cases: [(WardrobeArchive, String)] = []
        var a = good; a.wears[0].day = "2026-02-30"; cases.append((a, "wear 1"))
        a = good; a.wears[0].item = 99; cases.append((a, "item 99"))
        a = good; a.settings["../evil\u{1B}"] = "1"; cases.append((a, "evil\\e"))
        var profile = Profile()
        profile.weatherURL = "file:///etc/passwd"
        a = good; a.settings["profile"] = String(decoding: try JSONEncoder().encode(profile), as: UTF8.self); cases.append((a, "http"))
        a = good; a.items.append(a.items[0]); cases.append((a, "listed twice"))
        for (index, (archive, expected)) in cases.enumerated() {
            let target = try Wardrobe(folder: dir.path("t\(index)"))
            XCTAssertThrowsError(try target.restore(archive, photoFolder: nil)) { error in
                XCTAssertTrue("\(error)".contains(expected), "case \(index): \(error)")
            }
            XCTAssertEqual(try target.summaries().count, 0)
        }
        let target = try Wardrobe(folder: dir.path("ok"))
        try target.restore(good, photoFolder: nil)
        XCTAssertEqual(try target.summaries().count, 1)
    }

    func testControlCharactersAreEscapedForTheTerminal() {
        XCTAssertEqual(SafeText.escaped("a\u{1B}]0;pwned\u{07}b"), "a\\e]0;pwned^Gb")
        XCTAssertEqual(SafeText.escaped("x\u{9B}31m\u{7F}"), "x\\u{9b}31m^?")
        XCTAssertEqual(SafeText.escaped("line\nnext", keepNewlines: true), "line\nnext")
        XCTAssertEqual(SafeText.escaped("line\nnext"), "line^Jnext")
        XCTAssertEqual(SafeText.escaped("청바지 Jeans"), "청바지 Jeans")
    }

    func testTrashIsEmptiedOnlyAfterThirtyDays() throws {
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        let a = try wardrobe.add(NewItem(name: "a", category: "hat"), photo: upload(1))
        try wardrobe.remove(a.id)
        let days = wardrobe.photos.trashDays()
        XCTAssertEqual(days.count, 1)
        XCTAssertEqual(days[0].files.count, 1)
        // Move the day folder back in time: 29 days stays, 31 days goes.
        let folder = wardrobe.photos.trash.appendingPathComponent(days[0].day)
        let old29 = wardrobe.photos.trash.appendingPathComponent(Day.string(Date().addingTimeInterval(-29 * 86_400)))
        try FileManager.default.moveItem(at: folder, to: old29)
        XCTAssertEqual(try wardrobe.repair().trashEmptied, 0)
        let old31 = wardrobe.photos.trash.appendingPathComponent(Day.string(Date().addingTimeInterval(-31 * 86_400)))
        try FileManager.default.moveItem(at: old29, to: old31)
        XCTAssertEqual(try wardrobe.repair().trashEmptied, 1)
        XCTAssertTrue(wardrobe.photos.trashDays().isEmpty)
    }

    /// The restore fuzzer's find: a 40-digit fraction of a second crashed ICU's date parser (SIGFPE).
    func testTimestampsAreParsedStrictlyWithoutICU() {
        XCTAssertNil(Day.date(timestamp: "2026-01-01T00:00:00.03333333333333333333333333333333333333300Z"))
        XCTAssertNil(Day.date(timestamp: "2026-02-30T00:00:00.000Z"))
        XCTAssertNil(Day.date(timestamp: "2026-01-01T24:00:00Z"))
        XCTAssertNil(Day.date(timestamp: "2026-01-01 00:00:00Z"))
        XCTAssertNil(Day.date(timestamp: "2026-01-01T00:00:00.Z"))
        XCTAssertNil(Day.date(timestamp: "2026-01-01T00:00:00.000"))
        XCTAssertEqual(Day.date(timestamp: "1970-01-01T00:00:01Z"), Date(timeIntervalSince1970: 1))
        XCTAssertEqual(Day.date(timestamp: "1970-01-01T02:00:00+02:00"), Date(timeIntervalSince1970: 0))
        XCTAssertEqual(Day.date(timestamp: "2024-02-29T12:30:45.250Z")!.timeIntervalSince1970, 1_709_209_845.25, accuracy: 1e-6)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let date = Date(
                timeIntervalSince1970: (Double(Int.random(in: -2_000_000_000...4_000_000_000, using: &generator)) * 1000).rounded() / 1000
                    + Double(Int.random(in: 0...999)) / 1000)
            let text = Day.timestamp(date)
            XCTAssertEqual(Day.date(timestamp: text)!.timeIntervalSince1970, date.timeIntervalSince1970, accuracy: 0.0005, text)
        }
    }
}
