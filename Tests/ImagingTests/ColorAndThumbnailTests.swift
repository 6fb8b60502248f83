import Foundation
import Imaging
import TestSupport
import XCTest

final class ColorAndThumbnailTests: XCTestCase {
    let analyser = DominantColors()

    func testGarmentColourIgnoresTheBackground() {
        let cases: [((UInt8, UInt8, UInt8), (UInt8, UInt8, UInt8), String)] = [
            ((25, 35, 90), (240, 240, 238), "navy"),
            ((200, 30, 40), (240, 240, 238), "red"),
            ((245, 215, 50), (40, 40, 40), "yellow"),
            ((20, 20, 20), (250, 250, 250), "black"),
            ((40, 140, 60), (220, 200, 165), "green"),
        ]
        for (garment, background, name) in cases {
            let image = SyntheticPhoto.garment(width: 240, height: 320, color: garment, background: background, noise: 3)
            let colors = analyser.analyse(image)
            XCTAssertEqual(colors.first?.name, name, "garment \(garment) on \(background): \(colors)")
            XCTAssertGreaterThan(colors.first?.share ?? 0, 0.8)
            XCTAssertFalse(
                colors.contains { $0.name == analyser.palette.nearest(Lab(r: background.0, g: background.1, b: background.2)).name },
                "the background must be left out: \(colors)")
        }
    }

    /// A white top with a small red print on a pale sheet, a few ΔE from it: the background fill must stop at
    /// the top. The looser fill used before (ΔE 14) swallowed the white and named the print.
    func testAWhiteGarmentOnAPaleSheetKeepsItsColour() {
        var image = SyntheticPhoto.garment(width: 240, height: 320, color: (250, 250, 248), background: (222, 222, 218), noise: 3)
        for y in 0..<320 where y % 24 < 8 {
            for x in 0..<240 where x % 24 < 8 && image[x, y].r > 236 { image[x, y] = (200, 30, 40) }
        }
        let colors = analyser.analyse(image)
        XCTAssertEqual(colors.first?.name, "white", "\(colors)")
        XCTAssertGreaterThan(colors.first?.share ?? 0, 0.4, "the print blurs pink at the analysis' size: \(colors)")
        var loose = analyser
        loose.backgroundTolerance = 14
        let swallowed = loose.analyse(image)
        XCTAssertFalse(swallowed.contains { $0.name == "white" }, "the case the tighter fill is for: \(swallowed)")
    }

    func testTwoColourGarmentReportsBothWithShares() {
        var image = SyntheticPhoto.garment(width: 200, height: 200, color: (200, 30, 40), background: (245, 245, 245), noise: 0)
        for y in 100..<160 { for x in 0..<200 where image[x, y] == (200, 30, 40) || image[x, y].r < 230 { image[x, y] = (28, 36, 72) } }
        let colors = analyser.analyse(image)
        XCTAssertEqual(Set(colors.prefix(2).map(\.name)), ["red", "navy"], "\(colors)")
        XCTAssertEqual(colors.reduce(0) { $0 + $1.share }, 1, accuracy: 0.1)
    }

    /// A stripe or print is named when it covers a fifth of the garment or more, and not below.
    func testASecondColourIsNamedFromATwentiethOfTheGarmentOnlyAboveAFifth() {
        func striped(every period: Int, navyRows: Int) -> [NamedColor] {
            var image = SyntheticPhoto.garment(width: 200, height: 200, color: (200, 30, 40), background: (245, 245, 245), noise: 0)
            for y in 0..<200 where y % period < navyRows {
                for x in 0..<200 where image[x, y].r < 230 { image[x, y] = (28, 36, 72) }
            }
            return analyser.analyse(image)
        }
        // Wide bands (fine stripes blend into one colour at the analysis' 64 px, as they do to the eye).
        let half = striped(every: 100, navyRows: 50)
        XCTAssertEqual(Set(half.map(\.name)), ["red", "navy"], "half navy: \(half)")
        let tenth = striped(every: 100, navyRows: 10)
        XCTAssertEqual(tenth.map(\.name), ["red"], "a tenth is not a second colour: \(tenth)")
        let third = striped(every: 100, navyRows: 33)
        XCTAssertEqual(Set(third.map(\.name)), ["red", "navy"], "a third is: \(third)")
    }

    func testAPhotoOfFabricOnlyStillHasAColour() {
        let image = RGBImage(width: 50, height: 50, fill: (135, 190, 235))
        XCTAssertEqual(analyser.analyse(image).first?.name, "sky blue")
    }

    func testThumbnailFitsTheBoxAndDecodes() throws {
        let t = try Thumbnail(of: SyntheticPhoto.garment(width: 1200, height: 1600, color: (200, 30, 40)))
        XCTAssertEqual(t.image.width, 96)
        XCTAssertEqual(t.image.height, 128)
        let decoded = try Thumbnail.decode(t.jpeg)
        XCTAssertEqual(decoded.width, 96)
        XCTAssertLessThan(t.jpeg.count, 12_000)
        let small = try Thumbnail(of: RGBImage(width: 20, height: 10))
        XCTAssertEqual(small.image.width, 20, "never enlarged")
    }

    func testProcessorDecodesOnceAtTheRightScale() throws {
        let jpeg = try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 2000, height: 1500, color: (40, 140, 60)), quality: 90)
        let processed = try PhotoProcessor().process(jpeg)
        XCTAssertEqual(processed.decoded.image.width, 250, "1/8 scale covers the 224 model input")
        XCTAssertEqual(processed.decoded.uprightSize, PixelSize(width: 2000, height: 1500))
        XCTAssertEqual(processed.thumbnail.image.width, 96)
        XCTAssertEqual(processed.colors.first?.name, "green")
    }
}
