import ClosetKit
import Foundation
import Inference
import Imaging
import TestSupport
import XCTest

/// Runs the real `closet` binary against a temporary wardrobe.
final class CLIWorkflowTests: XCTestCase {
    var dir: TemporaryDirectory!
    var closet: ClosetProcess!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        closet = ClosetInProcess.closet(wardrobe: dir.path("wardrobe"))
        XCTAssertTrue(
            FileManager.default.isExecutableFile(atPath: ClosetProcess.executable.path),
            "build the closet executable first: \(ClosetProcess.executable.path)")
    }

    func photo(_ name: String, color: (UInt8, UInt8, UInt8)) throws -> URL {
        let image = SyntheticPhoto.garment(width: 300, height: 400, color: color, seed: UInt32(name.count))
        return try dir.write(name, ImageEncoder.jpeg(image, quality: 90))
    }

    func listJSON(_ extra: [String] = []) throws -> [[String: Any]] {
        let result = try closet.run(["list", "--json"] + extra)
        XCTAssertEqual(result.status, 0, result.stderr)
        return try JSONSerialization.jsonObject(with: result.stdoutData) as! [[String: Any]]
    }

    func testAddListEditExportRestoreRoundTrip() throws {
        let navy = try photo("navy.jpg", color: (25, 35, 90))
        let add = try closet.run(["add", navy.path, "--category", "shortSleeve", "--style", "casual", "--price", "25", "--brand", "Uniq"])
        XCTAssertEqual(add.status, 0, add.stderr)
        let id = add.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(id, "1")
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "jeans", "--name", "Blue jeans"]).status, 0)

        let items = try listJSON()
        XCTAssertEqual(items.count, 2)
        let first = items[0]
        // The documented shape: every key present, even when null.
        for key in [
            "id", "name", "category", "group", "colors", "seasons", "styles", "thickness", "brand", "price", "size",
            "comment", "status", "photo", "created", "updated", "wears", "lastWorn",
        ] {
            XCTAssertTrue(first.keys.contains(key), "list --json lacks \(key)")
        }
        XCTAssertEqual(first["category"] as? String, "shortSleeve")
        XCTAssertEqual(first["group"] as? String, "top")
        XCTAssertEqual(first["colors"] as? [String], ["navy"])
        XCTAssertEqual(first["styles"] as? [String], ["casual"])
        XCTAssertEqual(first["name"] as? String, "Navy short-sleeve t-shirt")
        XCTAssertTrue(first["size"] is NSNull)

        let edit = try closet.run(["edit", id, "--name", "Navy tee", "--season", "summer", "--comment", "soft, \"old\""])
        XCTAssertEqual(edit.status, 0, edit.stderr)
        let shown = try JSONSerialization.jsonObject(with: try closet.run(["show", id, "--json"]).stdoutData) as! [String: Any]
        XCTAssertEqual(shown["name"] as? String, "Navy tee")
        XCTAssertEqual(shown["seasons"] as? [String], ["summer"])
        XCTAssertEqual(shown["comment"] as? String, "soft, \"old\"")

        let export = dir.path("export.json"), photos = dir.path("photos")
        let exported = try closet.run(["export", "--format", "json", "-o", export.path, "--photos", photos.path])
        XCTAssertEqual(exported.status, 0, exported.stderr)
        let fresh = ClosetInProcess.closet(wardrobe: dir.path("fresh"))
        let restored = try fresh.run(["restore", export.path, "--photos", photos.path])
        XCTAssertEqual(restored.status, 0, restored.stderr)
        let again = try fresh.run(["export", "--format", "json"])
        XCTAssertEqual(again.stdout, try String(contentsOf: export, encoding: .utf8), "a round trip loses nothing")
        XCTAssertEqual(try closet.run(["export", "--format", "csv"]).stdout, try fresh.run(["export", "--format", "csv"]).stdout)
    }

    /// A wardrobe whose embeddings an older model made (closet did not record which: NULL) has them computed
    /// again on first use, with a note (and a progress bar on a terminal), once; `similar` then compares them.
    func testAnOlderWardrobesEmbeddingsAreComputedAgainOnFirstUse() throws {
        let colours: [(UInt8, UInt8, UInt8)] = [(200, 30, 30), (190, 40, 35), (30, 40, 200)]
        for (n, colour) in colours.enumerated() {
            let add = try closet.run(["add", try photo("p\(n).jpg", color: colour).path, "--category", "shortSleeve"])
            XCTAssertEqual(add.status, 0, add.stderr)
        }
        do {
            let store = try Wardrobe(folder: dir.path("wardrobe"))
            let stored = try store.embeddings(confirmedOnly: false)
            XCTAssertEqual(stored.count, 3)
            for (item, vector) in stored { try store.setEmbedding(vector.map { -$0 }, photo: item.photo!, model: nil) }
        }
        let first = try closet.run(["similar", "1", "--json"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("Computing the embeddings of 3 photos again for this model (once)"), first.stderr)
        let nearest = try JSONSerialization.jsonObject(with: first.stdoutData) as! [[String: Any]]
        XCTAssertEqual(nearest.first?["id"] as? Int, 2, "the other red shirt is the closest: \(nearest)")
        let second = try closet.run(["similar", "1", "--json"])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertFalse(second.stderr.contains("Computing"), second.stderr)
        let store = try Wardrobe(folder: dir.path("wardrobe"))
        XCTAssertEqual(try store.photosWithStaleEmbeddings(model: "anything else").count, 3)
        XCTAssertTrue(
            try store.embeddings(confirmedOnly: false).allSatisfy { $0.embedding.reduce(0, +) > 0 },
            "the negated vectors were replaced (pooled ReLU6 features are never negative)")
    }

    func testListFiltersAndKorean() throws {
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "winterOuter", "--name", "Puffer"]).status, 0)
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "hat", "--name", "Cap", "--wishlist"]).status, 0)
        XCTAssertEqual(try listJSON(["--group", "outer"]).count, 1)
        XCTAssertEqual(try listJSON(["--group", "hat"]).count, 0)
        XCTAssertEqual(try listJSON(["--status", "wishlist"]).count, 1)
        XCTAssertEqual(try listJSON(["--status", "all"]).count, 2)
        XCTAssertTrue(try closet.run(["list", "--lang", "ko"]).stdout.contains("패딩"))
        XCTAssertTrue(try closet.run(["categories", "--lang", "ko"], withWardrobe: false).stdout.contains("원피스/세트"))
    }

    func testRemoveAsksOrNeedsYesAndMovesThePhotoFileToTheTrash() throws {
        let p = try photo("p.jpg", color: (200, 30, 40))
        XCTAssertEqual(try closet.run(["add", p.path, "--category", "hoodie"]).status, 0)
        let photoHash = try listJSON()[0]["photo"] as! String
        let refused = try closet.run(["rm", "1"])
        XCTAssertEqual(refused.status, 64, "without a terminal, rm needs --yes")
        XCTAssertEqual(try listJSON().count, 1)
        XCTAssertEqual(try closet.run(["rm", "1", "--yes"]).status, 0)
        XCTAssertEqual(try listJSON().count, 0)
        let file = dir.path("wardrobe/photos/\(photoHash.prefix(2))/\(photoHash).jpg")
        XCTAssertFalse(FileManager.default.fileExists(atPath: file.path))
        let trashed = dir.path("wardrobe/photos/.trash/\(Day.string(Date()))/\(photoHash).jpg")
        XCTAssertEqual(try Data(contentsOf: trashed), try Data(contentsOf: p), "the photo waits in the trash")
    }

    func testBadInputGivesClearErrorsAndSysexits() throws {
        let missing = try closet.run(["add", dir.path("nope.jpg").path, "--category", "hat"])
        XCTAssertEqual(missing.status, 66)
        XCTAssertTrue(missing.stderr.contains("nope.jpg"), missing.stderr)

        let folder = dir.path("folder")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        XCTAssertEqual(try closet.run(["add", folder.path, "--category", "hat"]).status, 64)

        let text = try dir.write("notes.jpg", Data("just text".utf8))
        let notImage = try closet.run(["add", text.path, "--category", "hat"])
        XCTAssertEqual(notImage.status, 65)
        XCTAssertTrue(notImage.stderr.contains("not a JPEG, PNG, HEIC, AVIF or WebP"), notImage.stderr)

        let p = try photo("ok.jpg", color: (10, 10, 10))
        let unknown = try closet.run(["add", p.path, "--category", "tuxedo"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.contains("shortSleeve"), "lists the valid categories: \(unknown.stderr)")

        XCTAssertEqual(try closet.run(["show", "42"]).status, 66)
        XCTAssertEqual(try closet.run(["edit", "42", "--name", "x"]).status, 66)
        XCTAssertEqual(try closet.run(["archive", "42", "--reason", "sold"]).status, 66)
        XCTAssertEqual(try closet.run(["list", "--status", "lost"]).status, 64)
        XCTAssertEqual(try closet.run(["list"]).status, 0)
        XCTAssertEqual(try listJSON().count, 0, "nothing was added by the failures")

        let badShape = try closet.run(["bench", "engine", "--kernel-peak", "--peak-shape", "49,0,1152"], withWardrobe: false)
        XCTAssertEqual(badShape.status, 64)
        XCTAssertTrue(badShape.stderr.contains("--peak-shape takes three whole numbers"), badShape.stderr)
        let shape = try closet.run(["bench", "engine", "--kernel-peak", "--peak-shape", "7,40,64"], withWardrobe: false)
        XCTAssertEqual(shape.status, 0, shape.stderr)
        XCTAssertTrue(shape.stdout.contains("7x40x64, hot:"), shape.stdout)
        let named = shape.stdout.split(separator: "\n").filter { $0.hasPrefix("GEMM kernel (") }
            .map { String($0.dropFirst("GEMM kernel (".count).prefix { $0 != ")" }) }
        let simdSets = KernelDispatch.usable.map { $0.name }.filter { $0 != KernelDispatch.portable.name }
        if ProcessInfo.processInfo.environment["CLOSET_KERNELS"] == nil {
            XCTAssertEqual(named, simdSets, "one line per SIMD kernel set this CPU runs")
        }
    }

    func testCorruptWardrobeIsRefusedUntouched() throws {
        let garbage = Data(repeating: 0x42, count: 2048)
        let file = try dir.write("wardrobe/wardrobe.sqlite", garbage)
        let result = try closet.run(["list"])
        XCTAssertEqual(result.status, 65)
        XCTAssertTrue(result.stderr.contains("wardrobe.sqlite"), result.stderr)
        XCTAssertEqual(try Data(contentsOf: file), garbage)
    }

    func testNoArgumentsPrintsTheCommandsWithoutATerminal() throws {
        let result = try closet.run([])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("import"), result.stdout)
    }
}
