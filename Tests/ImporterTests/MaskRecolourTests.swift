import ClosetKit
import Foundation
import Imaging
import Importer
import TestSupport
import XCTest

/// The background pass names an item's colours again once its photo has a mask: closet's colours follow the
/// garment's pixels, a person's colours are never changed.
final class MaskRecolourTests: XCTestCase {
    var dir: TemporaryDirectory!
    var wardrobe: Wardrobe!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        wardrobe = try Wardrobe(folder: dir.path("w"))
        let photo = MaskedPhotoFixture.photo
        let file = try dir.write("in/blanket.png", ImageEncoder.png(photo.pixels, width: photo.width, height: photo.height, channels: 3))
        var template = ItemTemplate()
        template.category = "hoodie"
        XCTAssertEqual(try PhotoImporter(wardrobe: wardrobe).importFiles([file], template: template).imported.count, 1)
    }

    func only() throws -> Item { try XCTUnwrap(try wardrobe.summaries(ItemFilter(status: nil)).first?.item) }

    func testClosetsColoursFollowTheGarmentThroughItsMask() throws {
        let before = try only()
        XCTAssertNotEqual(before.colors.first, "green", "the blanket no longer wins without the mask")
        let outcome = try ColourRefresh(wardrobe: wardrobe).recolour(photo: XCTUnwrap(before.photo), mask: MaskedPhotoFixture.mask)
        XCTAssertEqual(outcome.recoloured, 1)
        let after = try only()
        XCTAssertEqual(after.colors, ["green"])
        XCTAssertEqual(after.name, "Green hoodie")
    }

    func testAColourThePersonSetIsNeverChanged() throws {
        var item = try only()
        item.setColors(["purple"])
        _ = try wardrobe.update(item)
        let set = try only()
        let outcome = try ColourRefresh(wardrobe: wardrobe).recolour(photo: XCTUnwrap(set.photo), mask: MaskedPhotoFixture.mask)
        XCTAssertEqual(outcome.recoloured, 0)
        XCTAssertEqual(try only().colors, ["purple"])
        XCTAssertEqual(try only().name, set.name)
    }
}
