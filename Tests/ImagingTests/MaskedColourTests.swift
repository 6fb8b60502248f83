import Imaging
import TestSupport
import XCTest

/// Colours through the garment's mask: the pixels the mask calls background do not count, whatever the
/// border model and the centre weighting make of them.
final class MaskedColourTests: XCTestCase {
    func testTheBackgroundWinsWithoutTheMaskAndTheGarmentWithIt() throws {
        let colours = DominantColors()
        XCTAssertNotEqual(
            colours.analyse(MaskedPhotoFixture.photo).first?.name, "green", "the made-up photo no longer fools the border model")
        XCTAssertEqual(colours.analyse(MaskedPhotoFixture.photo, mask: MaskedPhotoFixture.mask).first?.name, "green")
        XCTAssertEqual(colours.shares(MaskedPhotoFixture.photo, mask: MaskedPhotoFixture.mask)["green"] ?? 0, 1, accuracy: 0.001)
    }

    func testAMaskThatFoundNothingIsIgnored() throws {
        let colours = DominantColors()
        let whole = try XCTUnwrap(GarmentAlpha(width: 8, height: 8, values: [UInt8](repeating: 255, count: 64)))
        let empty = try XCTUnwrap(GarmentAlpha(width: 8, height: 8, values: [UInt8](repeating: 0, count: 64)))
        XCTAssertFalse(whole.found)
        XCTAssertFalse(empty.found)
        XCTAssertEqual(colours.shares(MaskedPhotoFixture.photo, mask: whole), colours.shares(MaskedPhotoFixture.photo))
        XCTAssertEqual(colours.shares(MaskedPhotoFixture.photo, mask: empty), colours.shares(MaskedPhotoFixture.photo))
    }

    func testAMaskIsAveragedOverEachCellAndRefusesAWrongSize() throws {
        XCTAssertNil(GarmentAlpha(width: 4, height: 4, values: [0, 255]))
        XCTAssertNil(GarmentAlpha(width: 0, height: 0, values: []))
        let mask = try XCTUnwrap(GarmentAlpha(width: 4, height: 2, values: [0, 255, 255, 255, 0, 0, 255, 255]))
        XCTAssertEqual(mask.cells(columns: 2, rows: 1), [0.25, 1])
        // A grid finer than the mask reads the nearest pixel.
        XCTAssertEqual(mask.cells(columns: 8, rows: 2).first, 0)
        XCTAssertEqual(mask.cells(columns: 8, rows: 2).last, 1)
    }
}
