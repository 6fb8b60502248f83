import Foundation
import Imaging
import XCTest

final class LightnessAnchorTests: XCTestCase {
    let anchor = LightnessAnchor()

    func testTheAnchorIsTheLightestTwentiethOfThePhoto() throws {
        // 0…99: the 0.95 quantile interpolates between 94 and 95, as numpy's does.
        let ramp = (0..<100).map(Float.init)
        var lower = anchor
        lower.maximumSlope = 10
        let slope = try XCTUnwrap(lower.slope(lightness: ramp.shuffled()))
        XCTAssertEqual(slope, (96 - 35) / (94.05 - 35), accuracy: 1e-4)
    }

    func testAQuantileOutOfRangeIsClamped() throws {
        var odd = anchor
        for q: Float in [-1, 7, .nan, .infinity] {
            odd.percentile = q
            let slope = try XCTUnwrap(odd.slope(lightness: [45, 50, 60, 70]), "q \(q)")
            XCTAssertTrue(slope.isFinite && slope >= 1, "q \(q): \(slope)")
        }
    }

    func testALitPhotoOrADarkOneIsLeftAlone() {
        XCTAssertNil(anchor.slope(lightness: [20, 50, 97, 97, 98]), "something in it is white already")
        XCTAssertNil(anchor.slope(lightness: [10, 20, 30, 38]), "all dark: no surface to anchor on")
        XCTAssertNil(anchor.slope(lightness: []))
    }

    func testRelightingIsCappedAndSparesDarksAndColours() throws {
        let slope = try XCTUnwrap(anchor.slope(lightness: [30, 40, 60, 60, 60]))
        XCTAssertEqual(slope, anchor.maximumSlope, "a grey floor is not made white")
        let grey = anchor.relit(Lab(l: 70, a: 1, b: 2), slope: slope)
        XCTAssertEqual(grey.l, 35 + 35 * 1.3, accuracy: 1e-4)
        XCTAssertEqual(grey.a, 1)
        XCTAssertEqual(grey.b, 2)
        XCTAssertEqual(anchor.relit(Lab(l: 99, a: 0, b: 0), slope: slope).l, 100, "clamped")
        XCTAssertEqual(anchor.relit(Lab(l: 30, a: 0, b: 0), slope: slope), Lab(l: 30, a: 0, b: 0), "a dark stays dark")
        let pink = Lab(r: 230, g: 160, b: 180)
        XCTAssertEqual(anchor.relit(pink, slope: slope), pink, "a colour keeps its lightness")
    }

    /// A white T-shirt on a red blanket or in a dim room measures light grey; nothing in the photo is lighter,
    /// and a person calls it white. A light grey one on a white sheet stays light grey, and black stays black.
    func testAWhiteGarmentInADimOrColouredSceneIsWhite() {
        let measured: DominantColors = {
            var d = DominantColors()
            d.lightnessAnchor = nil
            return d
        }()
        let anchored = DominantColors()
        for background: (UInt8, UInt8, UInt8) in [(170, 25, 35), (70, 55, 45)] {
            let tee = SyntheticPhoto.garment(width: 240, height: 320, color: (185, 185, 185), background: background, noise: 3)
            XCTAssertEqual(measured.analyse(tee).first?.name, "light grey", "as measured, on \(background)")
            XCTAssertEqual(anchored.analyse(tee).first?.name, "white", "anchored, on \(background): \(anchored.analyse(tee))")
        }
        let onSheet = SyntheticPhoto.garment(width: 240, height: 320, color: (185, 185, 185), background: (248, 248, 246), noise: 3)
        XCTAssertEqual(anchored.analyse(onSheet).first?.name, "light grey", "the sheet is the white here")
        let black = SyntheticPhoto.garment(width: 240, height: 320, color: (22, 22, 22), background: (170, 25, 35), noise: 3)
        XCTAssertEqual(anchored.analyse(black).first?.name, "black")
    }
}
