import Foundation
import Imaging
import XCTest

@testable import Segmenter

/// The mask made from the network's map: stretched, resized to the photo, and "nothing found" when the map has
/// no garment or is garment everywhere.
final class GarmentMaskTests: XCTestCase {
    /// A `side`×`side` map with `value` inside the square `inside` and `background` elsewhere.
    func map(side: Int, inside: Range<Int>, value: Float, background: Float) -> [Float] {
        (0..<(side * side)).map { i in inside.contains(i / side) && inside.contains(i % side) ? value : background }
    }

    func testAGarmentInTheMiddleIsFoundAndStretchedToTheFullRange() {
        let mask = GarmentMask(map: map(side: 8, inside: 2..<6, value: 0.7, background: 0.1), side: 8, width: 80, height: 40)
        XCTAssertEqual([mask.width, mask.height, mask.pixels.count], [80, 40, 3200])
        XCTAssertEqual(mask.coverage, 0.25, accuracy: 1e-9)
        XCTAssertTrue(mask.found)
        // Stretched: the map's 0.1 … 0.7 becomes 0 … 255; the middle is garment, the corners background.
        XCTAssertEqual(mask.pixels[20 * 80 + 40], 255)
        XCTAssertEqual(mask.pixels[0], 0)
        XCTAssertEqual(mask.pixels[39 * 80 + 79], 0)
    }

    func testAnEmptyMapOrTheWholeFrameIsNothingFound() {
        for (value, background) in [(Float(0.3), Float(0.01)), (0.99, 0.98)] {
            let mask = GarmentMask(map: map(side: 8, inside: 3..<5, value: value, background: background), side: 8, width: 8, height: 8)
            XCTAssertFalse(mask.found, "map \(value) on \(background): coverage \(mask.coverage)")
        }
        // A flat map stretches to nothing rather than dividing by zero.
        let flat = GarmentMask(map: [Float](repeating: 0.5, count: 16), side: 4, width: 3, height: 5)
        XCTAssertFalse(flat.found)
        XCTAssertEqual(flat.pixels, [UInt8](repeating: 0, count: 15))
        XCTAssertEqual(flat.opaque.pixels, [UInt8](repeating: 255, count: 15))
    }

    func testTheCutoutCarriesThePhotoAndTheMaskAsAlpha() throws {
        let photo = RGBImage(width: 2, height: 1, pixels: [10, 20, 30, 40, 50, 60])
        let mask = GarmentMask(width: 2, height: 1, pixels: [0, 255], coverage: 0.5)
        let png = try mask.cutout(photo)
        XCTAssertEqual(png[25], 6, "colour type RGBA")
        XCTAssertEqual(try mask.png()[25], 0, "colour type grey")
    }
}
