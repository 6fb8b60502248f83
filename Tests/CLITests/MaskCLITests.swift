import ClosetKit
import Foundation
import Imaging
import TestSupport
import XCTest

@testable import Segmenter

/// Masks stored with the photos, through the commands: `import` cuts out once the photos are stored (unless
/// `--no-cutouts`), `cutout --all` goes on, `cutout ID` reads the stored mask (making it when missing or damaged),
/// and `doctor` finds a damaged one and makes it again with `--fix`, never touching the photo. The shipped U²-Netp
/// runs at 32×32 (as in CutoutCLITests): the debug build runs the full 320 too slowly for a test.
final class MaskCLITests: XCTestCase {
    var dir: TemporaryDirectory!
    var closet: ClosetProcess!

    override func setUpWithError() throws {
        dir = TemporaryDirectory("closet-masks")
        closet = ClosetInProcess.withoutModel(in: dir)
        closet.environment["CLOSET_SEGMENT_MODEL"] = try SmallSegmentModel.make(in: dir).path
    }

    func photos(_ count: Int, from first: Int = 0) throws -> [String] {
        try (first..<(first + count)).map { n in
            try dir.write(
                "in/p\(n).jpg",
                ImageEncoder.jpeg(SyntheticPhoto.garment(width: 64 + n, height: 48, color: (30, 90, 200), seed: UInt32(n)), quality: 90)
            ).path
        }
    }

    func wardrobe() throws -> Wardrobe { try Wardrobe(folder: closet.wardrobe) }

    /// The hash of item `id`'s photo.
    func photo(of id: Int64) throws -> String { try XCTUnwrap(try wardrobe().item(id).photo) }

    func testImportCutsOutOnceThePhotosAreStoredAndCutoutAllGoesOn() throws {
        var result = try closet.run(["import", "--category", "hat"] + photos(2))
        XCTAssertEqual(result.status, 0, result.stderr)
        for id: Int64 in [1, 2] {
            let stored = try XCTUnwrap(try wardrobe().mask(photo: photo(of: id)), "item \(id) has its mask")
            XCTAssertEqual(stored.model, "u2netp@32")
        }
        result = try closet.run(["import", "--no-cutouts", "--category", "hat"] + photos(1, from: 5))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertNil(try wardrobe().mask(photo: photo(of: 3)), "--no-cutouts leaves it to later")
        result = try closet.run(["cutout", "--all"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Cut out"), result.stdout)
        XCTAssertNotNil(try wardrobe().mask(photo: photo(of: 3)))
        XCTAssertEqual(try wardrobe().photosWithoutMask(model: "u2netp@32").count, 0)

        // Turned off, nothing is cut out and import still works.
        closet.environment["CLOSET_SEGMENT_MODEL"] = "none"
        result = try closet.run(["import", "--category", "hat"] + photos(1, from: 8))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertNil(try wardrobe().mask(photo: photo(of: 4)))
        result = try closet.run(["cutout", "--all"])
        XCTAssertEqual(result.status, 66, result.stderr)
        XCTAssertTrue(result.stderr.contains("CLOSET_SEGMENT_MODEL=none"), result.stderr)
        XCTAssertEqual(try closet.run(["cutout", "--all", "1"]).status, 64)
    }

    func testCutoutOfAnItemReadsTheStoredMaskAndMakesAMissingOrDamagedOne() throws {
        let file = try photos(1)[0]
        XCTAssertEqual(try closet.run(["add", file, "--category", "hat"]).status, 0)
        let hash = try photo(of: 1)
        XCTAssertNil(try wardrobe().mask(photo: hash))
        var result = try closet.run(["cutout", "1", "--mask", "-o", dir.path("made.png").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try wardrobe().mask(photo: hash)?.model, "u2netp@32", "made and stored")

        // A mask stored by hand, unlike anything the network makes: the command reads it, at the photo's size.
        let left = GarmentMask(width: 4, height: 2, pixels: [255, 255, 0, 0, 255, 255, 0, 0], coverage: 0.5)
        try wardrobe().setMask(try left.png(), state: .garment, model: "u2netp@32", photo: hash)
        result = try closet.run(["cutout", "1", "--mask", "-o", dir.path("stored.png").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let written = try ImageDecoder().decode(Data(contentsOf: dir.path("stored.png"))).image
        XCTAssertEqual([written.width, written.height], [64, 48])
        XCTAssertEqual(
            stride(from: 0, to: written.pixels.count, by: 3).map { written.pixels[$0] }, left.resized(width: 64, height: 48).pixels)

        // Damaged (a PNG's first bytes, then junk): never used, made again from the photo, and said.
        try wardrobe().setMask(
            Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(count: 40), state: .garment, model: "x", photo: hash)
        result = try closet.run(["cutout", "1", "-o", dir.path("cut.png").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("damaged") && result.stderr.contains(hash), result.stderr)
        let remade = try XCTUnwrap(try wardrobe().mask(photo: hash))
        XCTAssertEqual(remade.model, "u2netp@32")
        XCTAssertNoThrow(try GarmentMask(stored: remade, photo: hash))
    }

    func testDoctorFindsADamagedMaskAndFixMakesItAgainLeavingThePhotoAlone() throws {
        XCTAssertEqual(try closet.run(["import", "--category", "hat"] + photos(2)).status, 0)
        var result = try closet.run(["doctor"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("Masks:      2 sound"), result.stdout)

        let hash = try photo(of: 2)
        let stored = try XCTUnwrap(try wardrobe().photo(hash))
        let file = try wardrobe().photos.url(hash: hash, ext: stored.ext)
        let original = try Data(contentsOf: file)
        // A grey PNG of the wrong kind: marked as a garment, but background everywhere.
        let empty = GarmentMask(width: 8, height: 8, pixels: [UInt8](repeating: 0, count: 64), coverage: 0)
        try wardrobe().setMask(try empty.png(), state: .garment, model: "u2netp@32", photo: hash)
        result = try closet.run(["doctor"])
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertTrue(result.stdout.contains("1 DAMAGED") && result.stdout.contains(String(hash.prefix(12))), result.stdout)
        XCTAssertTrue(result.stdout.contains("doctor --fix"), result.stdout)
        result = try closet.run(["doctor", "--json"])
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let masks = try XCTUnwrap(json["masks"] as? [String: Any])
        XCTAssertEqual((masks["damaged"] as? [[String: Any]])?.first?["photo"] as? String, hash)

        result = try closet.run(["doctor", "--fix"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("Made 1 damaged mask again"), result.stdout)
        XCTAssertNotEqual(try wardrobe().mask(photo: hash)?.png, try empty.png())
        XCTAssertEqual(try Data(contentsOf: file), original, "the photo is only read")
        XCTAssertEqual(try closet.run(["doctor"]).status, 0)
    }

    func testARestoredBackupSaysWhichMasksItLeftOut() throws {
        XCTAssertEqual(try closet.run(["import", "--category", "hat"] + photos(1)).status, 0)
        let hash = try photo(of: 1)
        XCTAssertEqual(try closet.run(["export", "--format", "closet", "-o", dir.path("b.closet").path]).status, 0)
        var other = ClosetProcess(wardrobe: dir.path("restored"))
        other.inProcess = true
        other.environment = closet.environment
        var result = try other.run(["restore", dir.path("b.closet").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try Wardrobe(folder: dir.path("restored")).mask(photo: hash), try wardrobe().mask(photo: hash))
        XCTAssertFalse(result.stderr.contains("damaged"), result.stderr)

        // The same backup as a JSON export whose mask is not a PNG: restored without it, and said.
        XCTAssertEqual(try closet.run(["export", "--format", "json", "-o", dir.path("w.json").path]).status, 0)
        var text = try String(contentsOf: dir.path("w.json"), encoding: .utf8)
        let mask = try XCTUnwrap(try wardrobe().mask(photo: hash)).png.base64EncodedString()
        text = text.replacingOccurrences(of: mask, with: Data("not a png".utf8).base64EncodedString())
        try text.write(to: dir.path("w.json"), atomically: true, encoding: .utf8)
        try wardrobe().exportPhotos(to: dir.path("photos"))
        other = ClosetProcess(wardrobe: dir.path("from-json"))
        other.inProcess = true
        other.environment = closet.environment
        result = try other.run(["restore", dir.path("w.json").path, "--photos", dir.path("photos").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("1 damaged cut-out masks were left out"), result.stderr)
        XCTAssertNil(try Wardrobe(folder: dir.path("from-json")).mask(photo: hash))
    }
}
