import ClosetKit
import Foundation
import Imaging
import Importer
import TestSupport
import XCTest

/// A JPEG whose data ends before its picture does decodes with grey where it is missing: it is not stored
/// unless whoever imports says to keep it.
final class DamagedPhotoImportTests: XCTestCase {
    var dir: TemporaryDirectory!
    var wardrobe: Wardrobe!
    var template = ItemTemplate()

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        wardrobe = try Wardrobe(folder: dir.path("w"))
        template.category = "shortSleeve"
    }

    /// A 64×32 photo whose header says 64×64.
    func writeShortPhoto() throws -> URL {
        let half = try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 64, height: 32), quality: 90)
        return try dir.write("in/short.jpg", JPEGTools.withHeaderSize(half, width: 64, height: 64))
    }

    func testADamagedPhotoIsRefusedWithWordsWhenNobodyIsAsked() throws {
        let short = try writeShortPhoto()
        let whole = try dir.write("in/whole.jpg", ImageEncoder.jpeg(SyntheticPhoto.garment(width: 64, height: 64)))
        let report = try PhotoImporter(wardrobe: wardrobe).importFiles([short, whole], template: template)
        XCTAssertEqual(report.imported.map(\.0), [whole])
        XCTAssertEqual(report.damaged, [short])
        let why = report.failed.first?.1 ?? ""
        XCTAssertTrue(why.contains("damaged") && why.contains("not imported"), why)
        let failed = try XCTUnwrap(report.json["failed"] as? [[String: Any]])
        XCTAssertEqual(failed.first?["damaged"] as? Bool, true)
        XCTAssertEqual(try wardrobe.summaries().count, 1)
    }

    func testADamagedPhotoIsAskedAboutAndKeptWithAWarningOrRefused() throws {
        let short = try writeShortPhoto()
        for keep in [false, true] {
            let importer = try PhotoImporter(wardrobe: wardrobe)
            var asked: [(URL, String)] = []
            importer.keepsDamaged = { file, damage in
                asked.append((file, damage))
                return keep
            }
            let report = importer.importFiles([short], template: template)
            XCTAssertEqual(asked.map(\.0), [short])
            XCTAssertTrue(asked.first?.1.contains("missing") == true, "\(asked)")
            if keep {
                XCTAssertEqual(report.imported.count, 1)
                XCTAssertTrue(report.warnings.first?.1.contains("damaged") == true, "\(report.warnings)")
                XCTAssertEqual((report.json["warnings"] as? [[String: Any]])?.count, 1)
            } else {
                XCTAssertEqual(report.damaged, [short])
                XCTAssertEqual(report.imported.count, 0)
            }
        }
        XCTAssertEqual(try wardrobe.summaries().count, 1)
    }

    func testADamagedPhotoAlreadyInTheWardrobeIsNotAskedAboutAgain() throws {
        // Kept once; then the wardrobe's own copy is imported again (as doctor --rebuild does from photos/).
        let importer = try PhotoImporter(wardrobe: wardrobe)
        importer.keepsDamaged = { _, _ in true }
        XCTAssertEqual(importer.importFiles([try writeShortPhoto()], template: template).imported.count, 1)
        let item = try XCTUnwrap(try wardrobe.summaries().first?.item)
        let photo = try XCTUnwrap(try wardrobe.photo(XCTUnwrap(item.photo)))
        let stored = try wardrobe.photos.url(hash: photo.hash, ext: photo.ext)
        let again = try PhotoImporter(wardrobe: wardrobe).importFiles([stored], template: template)
        XCTAssertEqual(again.damaged, [], "the wardrobe's own photo is not refused as damaged")
        XCTAssertEqual(again.duplicates.map(\.1), [item.id])
    }
}
