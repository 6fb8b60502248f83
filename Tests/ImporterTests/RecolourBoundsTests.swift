import ClosetKit
import Foundation
import Imaging
import Importer
import TestSupport
import XCTest

/// doctor --recolour decodes every stored photo again: the decoder's bounds hold there too, and a damaged
/// photo someone chose to keep is read as it was kept.
final class RecolourBoundsTests: XCTestCase {
    var dir: TemporaryDirectory!
    var wardrobe: Wardrobe!
    var template = ItemTemplate()

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        wardrobe = try Wardrobe(folder: dir.path("w"))
        template.category = "hoodie"
    }

    /// The stored file of the only item.
    func storedFile() throws -> URL {
        let item = try XCTUnwrap(try wardrobe.summaries().first?.item)
        let photo = try XCTUnwrap(try wardrobe.photo(XCTUnwrap(item.photo)))
        return try wardrobe.photos.url(hash: photo.hash, ext: photo.ext)
    }

    func testAManyScanBombInPlaceOfAStoredPhotoIsRefusedWithWords() throws {
        let file = try dir.write("in/a.jpg", ImageEncoder.jpeg(SyntheticPhoto.garment(width: 64, height: 64)))
        XCTAssertEqual(try PhotoImporter(wardrobe: wardrobe).importFiles([file], template: template).imported.count, 1)
        // A stored photo replaced behind closet's back (or stored before the bounds existed).
        let stored = try storedFile()
        let small = JPEGTools.progressive(pixels: [UInt8](repeating: 128, count: 64 * 64), width: 64, height: 64, components: 1, scans: 495)
        try? FileManager.default.removeItem(at: stored)
        try JPEGTools.withHeaderSize(small, width: 6000, height: 6000).write(to: stored)
        let outcome = try ColourRefresh(wardrobe: wardrobe).run()
        XCTAssertEqual(outcome.failed.count, 1)
        XCTAssertTrue(outcome.failed.first?.why.contains("495 scans") == true, "\(outcome.failed)")
    }

    func testADamagedPhotoKeptOnPurposeIsRecolouredAsKept() throws {
        let half = try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 64, height: 32))
        let file = try dir.write("in/short.jpg", JPEGTools.withHeaderSize(half, width: 64, height: 64))
        let importer = try PhotoImporter(wardrobe: wardrobe)
        importer.keepsDamaged = { _, _ in true }
        XCTAssertEqual(importer.importFiles([file], template: template).imported.count, 1)
        let outcome = try ColourRefresh(wardrobe: wardrobe).run()
        XCTAssertEqual(outcome.checked, 1)
        XCTAssertEqual(outcome.failed.count, 0, "\(outcome.failed)")
    }
}
