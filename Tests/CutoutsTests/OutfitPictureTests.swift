import ClosetKit
import Cutouts
import Imaging
import XCTest

/// Where each piece of an outfit lands in its one picture: a golden check of the cells, not a pixel hash.
final class OutfitPictureTests: XCTestCase {
    let canvas = PixelSize(width: 600, height: 800)

    func cells(_ roles: [OutfitRole]) -> [OutfitRole: Cutout.Box] {
        Dictionary(uniqueKeysWithValues: zip(roles, OutfitPicture.layout(roles, canvas: canvas)))
    }

    func testOuterAndTopSideBySideAboveTheBottomAboveTheShoes() throws {
        let c = cells([.shoes, .bottom, .outer, .top])
        let top = try XCTUnwrap(c[.top]), outer = try XCTUnwrap(c[.outer])
        let bottom = try XCTUnwrap(c[.bottom]), shoes = try XCTUnwrap(c[.shoes])
        // Upper band: the top on the left, the outer beside it, the same height.
        XCTAssertEqual(top.y, 0)
        XCTAssertEqual(outer.y, 0)
        XCTAssertEqual(top.x + top.width, outer.x)
        XCTAssertEqual(outer.x + outer.width, 600)
        // Then the bottom across, then the shoes across.
        XCTAssertEqual(bottom.y, top.y + top.height)
        XCTAssertEqual(bottom.width, 600)
        XCTAssertEqual(shoes.y, bottom.y + bottom.height)
        XCTAssertEqual(shoes.y + shoes.height, 800)
        XCTAssertLessThan(shoes.height, bottom.height)
        XCTAssertEqual(
            OutfitPicture.layout([.shoes, .bottom, .outer, .top], canvas: canvas),
            [
                Cutout.Box(x: 0, y: 640, width: 600, height: 160), Cutout.Box(x: 0, y: 320, width: 600, height: 320),
                Cutout.Box(x: 300, y: 0, width: 300, height: 320), Cutout.Box(x: 0, y: 0, width: 300, height: 320),
            ])
    }

    func testAOnePieceTakesThePlaceOfTopAndBottom() throws {
        let c = cells([.onepiece, .shoes, .outer])
        let dress = try XCTUnwrap(c[.onepiece]), shoes = try XCTUnwrap(c[.shoes]), outer = try XCTUnwrap(c[.outer])
        XCTAssertEqual(dress.y, 0)
        XCTAssertEqual(dress.y + dress.height, shoes.y, "the one-piece reaches down to the shoes")
        XCTAssertEqual(outer.height, dress.height, "the outer beside it, as tall")
        XCTAssertEqual(dress.x + dress.width, outer.x)
        // As tall as a top and a bottom would be together.
        let twoPieces = cells([.top, .bottom, .shoes])
        XCTAssertEqual(dress.height, try XCTUnwrap(twoPieces[.top]).height + XCTUnwrap(twoPieces[.bottom]).height)
    }

    func testAHatAboveAndABagBeside() throws {
        let c = cells([.top, .bottom, .shoes, .hat, .bag])
        let hat = try XCTUnwrap(c[.hat]), top = try XCTUnwrap(c[.top]), bag = try XCTUnwrap(c[.bag])
        XCTAssertEqual(hat.y, 0)
        XCTAssertEqual(top.y, hat.y + hat.height)
        XCTAssertLessThan(hat.height, top.height)
        // The bag in a column to the right of the whole body, about its middle.
        for role in [OutfitRole.hat, .top, .bottom, .shoes] { XCTAssertLessThanOrEqual(c[role]!.x + c[role]!.width, bag.x) }
        XCTAssertEqual(bag.x + bag.width, 600)
        XCTAssertLessThan(bag.y, 400)
        XCTAssertGreaterThan(bag.y + bag.height, 400)
    }

    func testRolesComeFromTheTaxonomysGroups() throws {
        let taxonomy = Taxonomy.shared
        let roles = taxonomy.categories.map { OutfitRole(category: $0.id, in: taxonomy) }
        for group in ["top", "bottom", "outer", "onepiece", "shoes", "hat", "bag"] {
            let category = try XCTUnwrap(taxonomy.categories.first { $0.group.rawValue == group })
            XCTAssertEqual(OutfitRole(category: category.id, in: taxonomy).rawValue, group)
        }
        XCTAssertTrue(roles.contains(.accessory))
        XCTAssertEqual(OutfitRole(category: "no-such-kind", in: taxonomy), .accessory)
    }

    func testComposedPiecesLandInTheirCellsOnTheBackdrop() {
        let red = RGBImage(width: 40, height: 40, fill: (200, 0, 0)), blue = RGBImage(width: 40, height: 40, fill: (0, 0, 200))
        let picture = OutfitPicture.compose([(.top, red), (.bottom, blue)], canvas: PixelSize(width: 100, height: 200))
        XCTAssertEqual(picture.width, 100)
        XCTAssertEqual(picture.height, 200)
        XCTAssertEqual(picture[50, 50].r, 200, "the top in the upper half")
        XCTAssertEqual(picture[50, 150].b, 200, "the bottom in the lower half")
        let corner = picture[0, 0]
        XCTAssertEqual([corner.r, corner.g, corner.b], [Backdrop.colour.r, Backdrop.colour.g, Backdrop.colour.b])
        // Nothing at all, or no room: the backdrop, no crash.
        XCTAssertEqual(OutfitPicture.compose([], canvas: PixelSize(width: 3, height: 3)).width, 3)
        XCTAssertEqual(OutfitPicture.compose([(.bag, red)], canvas: PixelSize(width: 1, height: 1)).width, 1)
    }
}
