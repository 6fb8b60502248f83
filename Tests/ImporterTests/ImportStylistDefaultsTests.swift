import ClosetKit
import Foundation
import Imaging
import Importer
import TestSupport
import XCTest

/// Import gives a new piece what the stylist reads (#36 §3, §5): its kind's styles, so that `--style` has
/// something to match, and a pattern estimated from its colours; what the person typed wins.
final class ImportStylistDefaultsTests: XCTestCase {
    func testAnImportedPieceGetsItsKindsStylesAndAnEstimatedPattern() throws {
        let dir = TemporaryDirectory()
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        try dir.write("in/a.jpg", ImageEncoder.jpeg(SyntheticPhoto.garment(width: 300, height: 300, color: (25, 35, 90)), quality: 90))
        var template = ItemTemplate()
        template.category = "blouseShirt"
        let report = try PhotoImporter(wardrobe: wardrobe).importFiles([dir.path("in/a.jpg")], template: template)
        let item = try XCTUnwrap(report.imported.first?.1)
        XCTAssertEqual(item.styles, Taxonomy.shared.category("blouseShirt")!.defaultStyles)
        XCTAssertTrue(item.styles.contains("office"))
        XCTAssertEqual(item.pattern, .solid, "one colour is solid")
        XCTAssertFalse(item.thicknessSet, "the kind's thickness, which follows a correction")

        try dir.write(
            "in/b.jpg", ImageEncoder.jpeg(SyntheticPhoto.garment(width: 300, height: 300, color: (200, 30, 40), seed: 2), quality: 90))
        template.styles = ["party"]
        template.pattern = .striped
        template.thickness = 4
        let typed = try XCTUnwrap(
            try PhotoImporter(wardrobe: wardrobe).importFiles([dir.path("in/b.jpg")], template: template).imported.first?.1)
        XCTAssertEqual(typed.styles, ["party"])
        XCTAssertEqual(typed.pattern, .striped)
        XCTAssertTrue(typed.thicknessSet)
    }

    func testThreeStrongColoursOfThreeFamiliesReadAsAPrint() {
        XCTAssertEqual(PatternEstimate.pattern([("yellow", 0.3), ("navy", 0.3), ("red", 0.25)]), .print)
        XCTAssertEqual(PatternEstimate.pattern([("navy", 0.5), ("black", 0.3), ("charcoal", 0.2)]), .solid, "shades of one dark")
        XCTAssertEqual(PatternEstimate.pattern([("red", 0.8), ("white", 0.1), ("blue", 0.1)]), .solid, "a logo")
    }
}
