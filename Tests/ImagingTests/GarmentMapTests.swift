import Imaging
import XCTest

/// Where a class activation map's cells lie over the photo: bilinear between cell centres, each cell `cellSize`
/// input pixels (the network's stride), the photo's place in the padded square taken into account.
final class GarmentMapTests: XCTestCase {
    /// Two columns of cells: the left one empty, the right one garment.
    func map(inputSize: Int, cellSize: Double? = nil, x0: Int = 0, width: Int? = nil) -> GarmentMap {
        GarmentMap(
            values: [0, 1, 0, 1], side: 2, inputSize: inputSize, x0: x0, y0: 0, width: width ?? inputSize, height: inputSize,
            cellSize: cellSize)
    }

    func testCellsSpanTheInputUnlessTheStrideSaysOtherwise() {
        // 2 cells over 64 pixels: centres at 16 and 48.
        let whole = map(inputSize: 64)
        XCTAssertEqual(whole.cellSize, 32)
        XCTAssertEqual(whole.weight(u: 16.0 / 64, v: 0.5), 0, accuracy: 1e-9)
        XCTAssertEqual(whole.weight(u: 32.0 / 64, v: 0.5), 0.5, accuracy: 1e-9)
        XCTAssertEqual(whole.weight(u: 48.0 / 64, v: 0.5), 1, accuracy: 1e-9)
        // The same 2 cells of 32 pixels over an 80-pixel input (a network run larger than its map covers): the
        // right cell's centre stays at pixel 48, not at 60.
        let larger = map(inputSize: 80, cellSize: 32)
        XCTAssertEqual(larger.weight(u: 48.0 / 80, v: 0.5), 1, accuracy: 1e-9)
        XCTAssertEqual(larger.weight(u: 32.0 / 80, v: 0.5), 0.5, accuracy: 1e-9)
        XCTAssertEqual(map(inputSize: 80).weight(u: 32.0 / 80, v: 0.5), 0.3, accuracy: 1e-9, "spanning 80: centres 20 and 60")
    }

    func testThePhotosPlaceInThePaddedSquareCounts() {
        // A photo 32 pixels wide centred at x0 = 16 of 64: its middle is input pixel 32, between the cells.
        XCTAssertEqual(map(inputSize: 64, x0: 16, width: 32).weight(u: 0.5, v: 0.5), 0.5, accuracy: 1e-9)
    }

    func testAnEmptyOrBrokenMapWeighsEveryPixelAlike() {
        XCTAssertEqual(
            GarmentMap(values: [0, 0, 0, 0], side: 2, inputSize: 64, x0: 0, y0: 0, width: 64, height: 64).weight(u: 0.3, v: 0.3), 1)
        XCTAssertEqual(GarmentMap(values: [1, 2], side: 2, inputSize: 64, x0: 0, y0: 0, width: 64, height: 64).weight(u: 0.3, v: 0.3), 1)
        XCTAssertEqual(map(inputSize: 64, cellSize: 0).weight(u: 0.9, v: 0.5), 1)
    }
}
