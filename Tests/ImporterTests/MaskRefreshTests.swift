import ClosetKit
import Foundation
import Imaging
import Importer
import Segmenter
import TestSupport
import XCTest

/// The cut-outs' background pass: every item's photo gets a mask of the installed model, each stored on its own,
/// so that a pass stopped anywhere keeps what it stored and the next one goes on with the rest.
final class MaskRefreshTests: XCTestCase {
    var dir: TemporaryDirectory!
    var wardrobe: Wardrobe!

    /// The shipped U²-Netp at 32×32: the debug build runs the full 320 too slowly for a test; what is tested is the
    /// pass, not the network (SegmentationNetworkTests).
    static let manifest = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("models/segment/manifest.json")

    func segmenters(_ count: Int = 2) throws -> [Segmenter] {
        try (0..<count).map { _ in try Segmenter(manifestURL: Self.manifest, size: 32) }
    }

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        wardrobe = try Wardrobe(folder: dir.path("w"))
    }

    /// Imports `count` photos (category typed: no classifier); their hashes.
    func importPhotos(_ count: Int) throws -> [String] {
        let files = try (0..<count).map { n in
            try dir.write(
                "p\(n).jpg",
                ImageEncoder.jpeg(
                    SyntheticPhoto.garment(width: 60 + n, height: 80, color: (200, UInt8(30 * n % 256), 30), seed: UInt32(n)), quality: 90))
        }
        var template = ItemTemplate()
        template.category = "shortSleeve"
        let report = try PhotoImporter(wardrobe: wardrobe, classifier: nil).importFiles(files, template: template)
        XCTAssertEqual(report.imported.count, count)
        return report.imported.compactMap { $0.1.photo }
    }

    func testEveryPhotoGetsAMaskOnceAndEachIsAnnounced() throws {
        let hashes = try importPhotos(3)
        let refresh = MaskRefresh(wardrobe: wardrobe, segmenters: try segmenters())
        XCTAssertEqual(refresh.model, "u2netp@32")
        XCTAssertEqual(Set(try refresh.pending().map(\.hash)), Set(hashes))
        // The callbacks come one at a time (from the pass's threads).
        var announced: [String] = [], steps: [Int] = []
        let outcome = try refresh.run(
            progress: { done, total in
                XCTAssertEqual(total, 3)
                steps.append(done)
            }, stored: { announced.append($0.hash) })
        XCTAssertEqual(outcome.stored, 3)
        XCTAssertEqual(steps, [1, 2, 3])
        XCTAssertEqual(Set(announced), Set(hashes))
        for hash in hashes {
            let stored = try XCTUnwrap(try wardrobe.mask(photo: hash))
            XCTAssertEqual(stored.model, "u2netp@32")
            let mask = try GarmentMask(stored: stored, photo: hash)
            XCTAssertEqual([mask.width, mask.height], [32, 32], "stored at the network's size")
        }
        XCTAssertEqual(try refresh.pending().count, 0)
        XCTAssertEqual(try refresh.run(), MaskRefresh.Outcome(), "nothing left to do")
        // Another size is another model: its masks are made again.
        XCTAssertEqual(
            try MaskRefresh(wardrobe: wardrobe, segmenters: [Segmenter(manifestURL: Self.manifest, size: 48)]).pending().count, 3)
    }

    func testAStoppedPassKeepsWhatItStoredAndTheNextGoesOn() throws {
        let hashes = try importPhotos(4)
        let refresh = MaskRefresh(wardrobe: wardrobe, segmenters: try segmenters(1))
        var asked = 0
        let first = try refresh.run(shouldStop: {
            asked += 1
            return asked > 2
        })
        XCTAssertTrue(first.stopped)
        XCTAssertEqual(first.stored, 2)
        // Reopened, as after a kill: the two stored masks read whole, and only the other two are left.
        let reopened = try Wardrobe(folder: dir.path("w"))
        let done = try hashes.filter { try reopened.mask(photo: $0) != nil }
        XCTAssertEqual(done.count, 2)
        for hash in done { XCTAssertNoThrow(try GarmentMask(stored: XCTUnwrap(reopened.mask(photo: hash)), photo: hash)) }
        let rest = MaskRefresh(wardrobe: reopened, segmenters: try segmenters(1))
        XCTAssertEqual(Set(try rest.pending().map(\.hash)), Set(hashes).subtracting(done))
        XCTAssertEqual(try rest.run().stored, 2)
        XCTAssertEqual(try rest.pending().count, 0)
    }

    func testAnUnreadablePhotoIsReportedAndTheRestAreDone() throws {
        let hashes = try importPhotos(2)
        let ext = try XCTUnwrap(try wardrobe.photo(hashes[0])).ext
        // The photo file cut to nothing behind closet's back (it is only ever read: the pass leaves it as it is).
        let file = try wardrobe.photos.url(hash: hashes[0], ext: ext)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        try Data().write(to: file)
        let refresh = MaskRefresh(wardrobe: wardrobe, segmenters: try segmenters())
        let outcome = try refresh.run()
        XCTAssertEqual(outcome.failed.map(\.hash), [hashes[0]])
        XCTAssertEqual(outcome.stored, 1)
        XCTAssertNil(try wardrobe.mask(photo: hashes[0]))
        XCTAssertNotNil(try wardrobe.mask(photo: hashes[1]))
        XCTAssertEqual(try Data(contentsOf: file), Data(), "the photo file is left as it is")
        XCTAssertEqual(try refresh.pending().map(\.hash), [hashes[0]], "tried again by the next pass")
    }
}
