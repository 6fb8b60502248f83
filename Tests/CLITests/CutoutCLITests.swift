import Foundation
import Imaging
import TestSupport
import XCTest

/// `closet cutout PHOTO|ID -o FILE.png`, in-process. The shipped U²-Netp runs at 32×32 here (a copy of its manifest
/// with a smaller input, through CLOSET_SEGMENT_MODEL): the debug build runs the full 320 too slowly for a test, and
/// what is tested is the command (files, sizes, formats, refusals), not the network (SegmentationNetworkTests).
final class CutoutCLITests: XCTestCase {
    var dir: TemporaryDirectory!
    var closet: ClosetProcess!

    override func setUpWithError() throws {
        dir = TemporaryDirectory("closet-cutout")
        closet = ClosetInProcess.withoutModel(in: dir)
        closet.environment["CLOSET_SEGMENT_MODEL"] = try SmallSegmentModel.make(in: dir).path
    }

    /// PNG's IHDR: width, height, bit depth and colour type (0 grey, 2 RGB, 6 RGBA).
    func header(_ url: URL) throws -> (width: Int, height: Int, depth: Int, colour: Int) {
        let d = [UInt8](try Data(contentsOf: url))
        XCTAssertEqual(Array(d.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "\(url.lastPathComponent) is not a PNG")
        func u32(_ i: Int) -> Int { d[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (u32(16), u32(20), Int(d[24]), Int(d[25]))
    }

    func photo(_ name: String = "shirt.jpg", width: Int = 90, height: Int = 120) throws -> URL {
        try dir.write(name, ImageEncoder.jpeg(SyntheticPhoto.garment(width: width, height: height), quality: 90))
    }

    func testMaskIsGreyAtThePhotosSizeAndTheCutoutIsRGBA() throws {
        let photo = try photo()
        let original = try Data(contentsOf: photo)
        var result = try closet.run(["cutout", photo.path, "--mask", "-o", dir.path("mask.png").path], withWardrobe: false)
        XCTAssertEqual(result.status, 0, result.stderr)
        let mask = try header(dir.path("mask.png"))
        XCTAssertEqual([mask.width, mask.height, mask.depth, mask.colour], [90, 120, 8, 0])
        let grey = try ImageDecoder().decode(Data(contentsOf: dir.path("mask.png"))).image
        // Stretched from the map's least to its most: near 0 somewhere and near 255 somewhere.
        let (low, high) = (grey.pixels.min() ?? 0, grey.pixels.max() ?? 0)
        XCTAssertTrue(low <= 40 && high >= 215, "the mask runs from \(low) to \(high)")

        result = try closet.run(["cutout", photo.path, "-o", dir.path("cut.png").path], withWardrobe: false)
        XCTAssertEqual(result.status, 0, result.stderr)
        let cut = try header(dir.path("cut.png"))
        XCTAssertEqual([cut.width, cut.height, cut.depth, cut.colour], [90, 120, 8, 6])
        XCTAssertEqual(try Data(contentsOf: photo), original, "the photo is never changed")
    }

    func testAnItemsPhotoByIdAndAnItemWithoutOne() throws {
        let photo = try photo(width: 64, height: 48)
        XCTAssertEqual(try closet.run(["add", photo.path, "--category", "hat", "--name", "Hat"]).status, 0)
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "hat", "--name", "Bare"]).status, 0)
        var result = try closet.run(["cutout", "1", "--mask", "-o", dir.path("one.png").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let mask = try header(dir.path("one.png"))
        XCTAssertEqual([mask.width, mask.height, mask.colour], [64, 48, 0])
        result = try closet.run(["cutout", "2", "-o", dir.path("two.png").path])
        XCTAssertEqual(result.status, 66, result.stderr)
        XCTAssertTrue(result.stderr.contains("item 2 has no photo"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.path("two.png").path))
    }

    func testAnExistingFileIsKeptUnlessForcedAndBadInputIsRefusedInWords() throws {
        let photo = try photo()
        let existing = try dir.write("keep.png", Data("mine".utf8))
        var result = try closet.run(["cutout", photo.path, "-o", existing.path], withWardrobe: false)
        XCTAssertEqual(result.status, 73, result.stderr)
        XCTAssertTrue(result.stderr.contains("--force"), result.stderr)
        XCTAssertEqual(try Data(contentsOf: existing), Data("mine".utf8))
        result = try closet.run(["cutout", photo.path, "-o", existing.path, "--force"], withWardrobe: false)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try header(existing).colour, 6)

        let text = try dir.write("notes.jpg", Data("not a photo".utf8))
        result = try closet.run(["cutout", text.path, "-o", dir.path("x.png").path], withWardrobe: false)
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(result.stderr.contains("notes.jpg"), result.stderr)
        result = try closet.run(["cutout", dir.path("missing.jpg").path, "-o", dir.path("y.png").path], withWardrobe: false)
        XCTAssertEqual(result.status, 66, result.stderr)
        for name in ["x.png", "y.png"] { XCTAssertFalse(FileManager.default.fileExists(atPath: dir.path(name).path)) }
        // Nothing half-written is left beside the output.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [])
    }
}
