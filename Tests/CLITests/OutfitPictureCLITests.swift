import ClosetKit
import Cutouts
import Foundation
import Imaging
import Segmenter
import TestSupport
import XCTest

/// `closet outfit show ID -o outfit.png` and `closet profile --backdrop`, in-process.
final class OutfitPictureCLITests: XCTestCase {
    var dir: TemporaryDirectory!
    var closet: ClosetProcess!

    override func setUpWithError() throws {
        dir = TemporaryDirectory("closet-outfit-picture")
        closet = ClosetInProcess.withoutModel(in: dir)
    }

    /// Adds an item of `category` whose photo is one colour; returns its id.
    @discardableResult
    func add(_ category: String, _ colour: (UInt8, UInt8, UInt8), photo: Bool = true) throws -> Int {
        let name = "\(category) \(colour)"
        var arguments = ["add", "--category", category, "--name", name]
        if photo {
            let file = try dir.write("\(category).jpg", ImageEncoder.jpeg(RGBImage(width: 60, height: 80, fill: colour), quality: 95))
            arguments.insert(file.path, at: 1)
        } else {
            arguments.insert("--no-photo", at: 1)
        }
        let result = try closet.run(arguments)
        XCTAssertEqual(result.status, 0, result.stderr)
        let list = try JSONSerialization.jsonObject(with: try closet.run(["list", "--json"]).stdoutData) as! [[String: Any]]
        return try XCTUnwrap(list.first { $0["name"] as? String == name }?["id"] as? Int)
    }

    func save(_ ids: [Int]) throws -> String {
        let result = try closet.run(["outfit", "save", "Look"] + ids.map(String.init))
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func near(_ p: (r: UInt8, g: UInt8, b: UInt8), _ c: (UInt8, UInt8, UInt8), file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertLessThan(
            abs(Int(p.r) - Int(c.0)) + abs(Int(p.g) - Int(c.1)) + abs(Int(p.b) - Int(c.2)), 24, "\(p) is not \(c)", file: file, line: line)
    }

    func testEachPieceLandsInItsPlaceInThePicture() throws {
        let red: (UInt8, UInt8, UInt8) = (200, 30, 30), blue: (UInt8, UInt8, UInt8) = (30, 40, 190)
        let green: (UInt8, UInt8, UInt8) = (30, 160, 50), yellow: (UInt8, UInt8, UInt8) = (230, 200, 20)
        let purple: (UInt8, UInt8, UInt8) = (120, 30, 150)
        // Saved in a jumbled order: the picture is laid out by role, not by the order given.
        let ids = [
            try add("shoes", green), try add("bag", purple), try add("shortSleeve", red), try add("hat", yellow),
            try add("jeans", blue),
        ]
        let outfit = try save(ids)
        let file = dir.path("outfit.png")
        let result = try closet.run(["outfit", "show", outfit, "-o", file.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Look"), "the items are listed as before: \(result.stdout)")
        let picture = try ImageDecoder().decode(Data(contentsOf: file)).image
        XCTAssertEqual([picture.width, picture.height], [720, 960])
        let cells = OutfitPicture.layout([.shoes, .bag, .top, .hat, .bottom], canvas: PixelSize(width: 720, height: 960))
        for (cell, colour) in zip(cells, [green, purple, red, yellow, blue]) {
            near(picture[cell.x + cell.width / 2, cell.y + cell.height / 2], colour)
        }
        // The hat above the top above the bottom above the shoes; the bag to the right of them all.
        XCTAssertLessThan(cells[3].y, cells[2].y)
        XCTAssertLessThan(cells[2].y, cells[4].y)
        XCTAssertLessThan(cells[4].y, cells[0].y)
        XCTAssertGreaterThanOrEqual(cells[1].x, cells[2].x + cells[2].width)
        near(picture[0, 0], Backdrop.colour)
    }

    func testAnExistingFileIsKeptUnlessForcedAndAnOutfitWithoutPhotosIsSaidPlainly() throws {
        let outfit = try save([try add("shortSleeve", (200, 30, 30)), try add("jeans", (30, 40, 190))])
        let file = try dir.write("taken.png", Data("mine".utf8))
        var result = try closet.run(["outfit", "show", outfit, "-o", file.path])
        XCTAssertEqual(result.status, 73, result.stderr)
        XCTAssertTrue(result.stderr.contains("--force"), result.stderr)
        XCTAssertEqual(try Data(contentsOf: file), Data("mine".utf8), "the file is left as it was")
        result = try closet.run(["outfit", "show", outfit, "-o", file.path, "--force"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try ImageDecoder().decode(Data(contentsOf: file)).image.width, 720)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasSuffix(".tmp") }, [], "nothing left beside")

        let bare = try save([try add("hat", (1, 2, 3), photo: false)])
        result = try closet.run(["outfit", "show", bare, "-o", dir.path("bare.png").path])
        XCTAssertEqual(result.status, 66, result.stderr)
        XCTAssertTrue(result.stderr.contains("no item of outfit \(bare) has a photo"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.path("bare.png").path))
    }

    func testProfileBackdropIsSetShownAndCheckedAndStoredAsAWord() throws {
        var result = try closet.run(["profile"])
        XCTAssertTrue(result.stdout.contains("backdrop:    cutout"), result.stdout)
        result = try closet.run(["profile", "--backdrop", "photo"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("backdrop:    photo"), result.stdout)
        let json = try JSONSerialization.jsonObject(with: try closet.run(["profile", "--json"]).stdoutData) as! [String: Any]
        XCTAssertEqual(json["backdrop"] as? String, "photo")
        result = try closet.run(["profile", "--backdrop", "lace"])
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(result.stderr.contains("--backdrop takes cutout or photo"), result.stderr)
        XCTAssertTrue(try closet.run(["profile"]).stdout.contains("backdrop:    photo"), "a refused word changes nothing")
    }

    func testAPieceWithAStoredMaskIsCutOutAndOneWithoutIsThePhoto() throws {
        let bed: (UInt8, UInt8, UInt8) = (30, 150, 50), red: (UInt8, UInt8, UInt8) = (200, 30, 30)
        // The top: a red garment in the middle of a green bed, with its mask stored; the bottom a plain photo.
        var photo = RGBImage(width: 120, height: 160, fill: bed)
        for y in 40..<120 { for x in 30..<90 { photo[x, y] = (red.0, red.1, red.2) } }
        let file = try dir.write("top.png", ImageEncoder.png(photo))
        XCTAssertEqual(try closet.run(["add", file.path, "--category", "shortSleeve", "--name", "Top"]).status, 0)
        let blue: (UInt8, UInt8, UInt8) = (30, 40, 190)
        let outfit = try save([1, try add("jeans", blue)])
        let store = try Wardrobe(folder: closet.wardrobe)
        var pixels = [UInt8](repeating: 0, count: 320 * 320)
        for y in 80..<240 { for x in 80..<240 { pixels[y * 320 + x] = 255 } }
        let png = try GarmentMask(width: 320, height: 320, pixels: pixels, coverage: 0.25).png()
        let hash = try XCTUnwrap(try store.item(1).photo)
        XCTAssertTrue(try store.setMask(png, state: .garment, model: "test", photo: hash))

        let file2 = dir.path("outfit.png")
        XCTAssertEqual(try closet.run(["outfit", "show", outfit, "-o", file2.path]).status, 0)
        let picture = try ImageDecoder().decode(Data(contentsOf: file2)).image
        let cells = OutfitPicture.layout([.top, .bottom], canvas: PixelSize(width: 720, height: 960))
        var bedPixels = 0
        for y in cells[0].y..<(cells[0].y + cells[0].height) {
            for x in 0..<720 where picture[x, y].g > 120 && picture[x, y].r < 80 { bedPixels += 1 }
        }
        XCTAssertEqual(bedPixels, 0, "the top is cut out: no bed around it")
        near(picture[360, cells[0].y + cells[0].height / 2], red)
        near(picture[360, cells[1].y + cells[1].height / 2], blue)

        // --backdrop photo: the top as photographed, bed and all.
        XCTAssertEqual(try closet.run(["profile", "--backdrop", "photo"]).status, 0)
        XCTAssertEqual(try closet.run(["outfit", "show", outfit, "-o", file2.path, "--force"]).status, 0)
        let asTaken = try ImageDecoder().decode(Data(contentsOf: file2)).image
        near(asTaken[210, cells[0].y + cells[0].height / 2], bed)
    }
}
