import ClosetKit
import Foundation
import GRDB
import TestSupport
import XCTest

/// A photo's garment mask stored with it: written in one transaction while the photo is there, read back checked,
/// and listed for the background pass until the current model has made one.
final class MaskStoreTests: XCTestCase {
    /// A PNG's first bytes, then anything: what the store checks before a reader decodes it.
    let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])

    func wardrobeWithPhoto(_ dir: TemporaryDirectory, seed: UInt8 = 1) throws -> (Wardrobe, String) {
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        let upload = PhotoUpload(data: Data([0xFF, 0xD8, 0xFF, seed, 7, 7]), ext: "jpg", width: 4, height: 4)
        try wardrobe.add(NewItem(name: "shirt", category: "shortSleeve"), photo: upload)
        return (wardrobe, upload.hash)
    }

    func testAMaskRoundTripsAndTakesThePhotoOffThePassesList() throws {
        let dir = TemporaryDirectory()
        let (wardrobe, hash) = try wardrobeWithPhoto(dir)
        XCTAssertNil(try wardrobe.mask(photo: hash))
        XCTAssertEqual(try wardrobe.photosWithoutMask(model: "u2netp@320").map(\.hash), [hash])
        XCTAssertEqual(try wardrobe.maskCounts().missing, 1)

        XCTAssertTrue(try wardrobe.setMask(png, state: .garment, model: "u2netp@320", photo: hash))
        XCTAssertEqual(try wardrobe.mask(photo: hash), StoredMask(png: png, state: .garment, model: "u2netp@320"))
        XCTAssertEqual(try wardrobe.photosWithoutMask(model: "u2netp@320").count, 0)
        XCTAssertEqual(try wardrobe.maskCounts().masked, 1)
        // Another model's mask (or another input size's) is made again.
        XCTAssertEqual(try wardrobe.photosWithoutMask(model: "u2netp@256").map(\.hash), [hash])
        // Reopened: it was committed.
        XCTAssertEqual(try Wardrobe(folder: dir.path("w")).mask(photo: hash)?.png, png)
    }

    func testNothingFoundIsMarkedAndKept() throws {
        let dir = TemporaryDirectory()
        let (wardrobe, hash) = try wardrobeWithPhoto(dir)
        try wardrobe.setMask(png, state: .nothing, model: "m", photo: hash)
        XCTAssertEqual(try wardrobe.mask(photo: hash)?.state, .nothing)
        XCTAssertEqual(try wardrobe.photosWithoutMask(model: "m").count, 0, "a photo with nothing found is not cut out again")
        try wardrobe.clearMask(photo: hash)
        XCTAssertNil(try wardrobe.mask(photo: hash))
    }

    func testADamagedMaskIsRefusedNamingThePhoto() throws {
        let dir = TemporaryDirectory()
        let (wardrobe, hash) = try wardrobeWithPhoto(dir)
        XCTAssertThrowsError(try wardrobe.setMask(Data("not a png".utf8), state: .garment, model: "m", photo: hash)) {
            XCTAssertEqual($0 as? ClosetError, .damagedMask(photo: hash, problem: "not a PNG"))
        }
        XCTAssertThrowsError(
            try wardrobe.setMask(png + Data(count: StoredMask.maxBytes), state: .garment, model: "m", photo: hash))
        XCTAssertNil(try wardrobe.mask(photo: hash), "nothing was written")

        // Rows damaged behind closet's back (a hand-edited database) are never handed out as masks.
        let queue = try DatabaseQueue(path: dir.path("w/wardrobe.sqlite").path)
        for (blob, state, problem) in [
            (Data("junk".utf8), "garment", "not a PNG"), (png, nil, "a mask without a state"),
            (nil, "garment", "a state without a mask"),
        ] as [(Data?, String?, String)] {
            try queue.write { try $0.execute(sql: "UPDATE photos SET mask = ?, mask_state = ?", arguments: [blob, state]) }
            XCTAssertThrowsError(try wardrobe.mask(photo: hash)) { error in
                XCTAssertEqual(error as? ClosetError, .damagedMask(photo: hash, problem: problem))
                XCTAssertEqual((error as? ClosetError)?.kind, .badData)
                XCTAssertTrue("\(error)".contains(hash), "\(error)")
            }
        }
        // The schema itself refuses a state it does not know.
        XCTAssertThrowsError(try queue.write { try $0.execute(sql: "UPDATE photos SET mask = ?, mask_state = 'maybe'", arguments: [png]) })
    }

    func testAnotherProcessWritingMeanwhile() throws {
        let dir = TemporaryDirectory()
        let (wardrobe, hash) = try wardrobeWithPhoto(dir)
        let (_, gone) = try wardrobeWithPhoto(dir, seed: 2)
        let pending = try wardrobe.photosWithoutMask(model: "m")
        XCTAssertEqual(Set(pending.map(\.hash)), [hash, gone])

        // Another closet stores a mask and deletes the other photo while this one is still making masks.
        let other = try Wardrobe(folder: dir.path("w"))
        try other.setMask(png, state: .nothing, model: "m", photo: hash)
        let queue = try DatabaseQueue(path: dir.path("w/wardrobe.sqlite").path)
        try queue.write {
            try $0.execute(sql: "DELETE FROM items WHERE photo = ?", arguments: [gone])
            try $0.execute(sql: "DELETE FROM photos WHERE hash = ?", arguments: [gone])
        }
        try queue.close()

        XCTAssertEqual(try wardrobe.mask(photo: hash)?.state, .nothing, "this closet reads what the other stored")
        XCTAssertFalse(try wardrobe.setMask(png, state: .garment, model: "m", photo: gone), "no row for a deleted photo")
        XCTAssertNil(try wardrobe.mask(photo: gone))
        XCTAssertEqual(try wardrobe.photosWithoutMask(model: "m").count, 0)
    }

    // MARK: Backup and restore.

    func testABackupCarriesTheMasks() throws {
        let dir = TemporaryDirectory()
        let (wardrobe, hash) = try wardrobeWithPhoto(dir)
        let (_, other) = try wardrobeWithPhoto(dir, seed: 2)
        try wardrobe.setMask(png, state: .garment, model: "u2netp@320", photo: hash)
        try wardrobe.setMask(png + Data([9]), state: .nothing, model: nil, photo: other)
        try wardrobe.writeBackup(to: dir.path("b.closet"))

        let restored = try Wardrobe(folder: dir.path("r"))
        let summary = try restored.restoreBackup(from: dir.path("b.closet"))
        XCTAssertEqual(summary.damagedMasks, 0)
        XCTAssertEqual(try restored.mask(photo: hash), StoredMask(png: png, state: .garment, model: "u2netp@320"))
        XCTAssertEqual(try restored.mask(photo: other), StoredMask(png: png + Data([9]), state: .nothing, model: nil))
        XCTAssertEqual(try restored.archive(), try wardrobe.archive(), "a round trip loses nothing")
    }

    func testAnArchiveWithoutMasksOrWithADamagedOneStillRestores() throws {
        let dir = TemporaryDirectory()
        let (wardrobe, hash) = try wardrobeWithPhoto(dir)
        let (_, other) = try wardrobeWithPhoto(dir, seed: 2)
        try wardrobe.setMask(png, state: .garment, model: "m", photo: hash)
        try wardrobe.setMask(png, state: .garment, model: "m", photo: other)
        try wardrobe.exportPhotos(to: dir.path("photos"))
        let archive = try wardrobe.archive()
        XCTAssertEqual(archive.photos.compactMap(\.maskState), ["garment", "garment"])

        // Written before masks: none of the three fields.
        var older = archive
        for i in older.photos.indices { (older.photos[i].mask, older.photos[i].maskState, older.photos[i].maskModel) = (nil, nil, nil) }
        let plain = try Wardrobe(folder: dir.path("older"))
        try plain.restore(older, photoFolder: dir.path("photos"))
        XCTAssertEqual(try plain.itemCount(), 2)
        XCTAssertEqual(try plain.photosWithoutMask(model: "m").count, 2, "the pass makes them")

        // Damaged masks are left out, each on its own, and said: the rest of the backup comes back.
        for damage in [
            { (p: inout WardrobeArchive.PhotoJSON) in p.mask = "%%% not base64" },
            { p in p.mask = Data("GIF89a".utf8).base64EncodedString() },
            { p in p.maskState = "maybe" },
            { p in p.maskState = nil },
            { p in p.maskModel = "bad\u{1B}[2Jname" },
            { p in p.mask = (self.png + Data(count: StoredMask.maxBytes)).base64EncodedString() },
        ] {
            var damaged = archive
            let index = try XCTUnwrap(damaged.photos.firstIndex { $0.hash == hash })
            damage(&damaged.photos[index])
            let target = try Wardrobe(folder: dir.path("r-\(UUID().uuidString.prefix(6))"))
            let summary = try target.restore(
                json: try JSONEncoder.closet.encode(damaged), name: "damaged", photoFolder: dir.path("photos"))
            XCTAssertEqual(summary.damagedMasks, 1)
            XCTAssertEqual(summary.items, 2)
            XCTAssertNil(try target.mask(photo: hash))
            XCTAssertEqual(try target.mask(photo: other)?.png, png)
        }
    }
}
