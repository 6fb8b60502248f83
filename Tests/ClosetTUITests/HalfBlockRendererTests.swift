import ClosetTUI
import Imaging
import XCTest

final class HalfBlockRendererTests: XCTestCase {
    func testTwoPixelsPerCellWithMeanColours() {
        // 4×4: top half red, bottom half blue; into 2 columns × 1 row → each cell covers 2×2 pixels per half.
        var image = RGBImage(width: 4, height: 4)
        for y in 0..<4 { for x in 0..<4 { image[x, y] = y < 2 ? (200, 0, 0) : (0, 0, 200) } }
        let cells = HalfBlockRenderer.cells(image, columns: 2, rows: 1)
        XCTAssertEqual(cells.count, 1)
        XCTAssertEqual(cells[0].count, 2)
        XCTAssertEqual(cells[0][0].top.r, 200)
        XCTAssertEqual(cells[0][0].bottom.b, 200)
    }

    func testCellColourIsTheMeanOfItsPixels() {
        var image = RGBImage(width: 2, height: 4)
        image[0, 0] = (0, 0, 0); image[1, 0] = (100, 100, 100); image[0, 1] = (200, 200, 200); image[1, 1] = (100, 100, 100)
        let cells = HalfBlockRenderer.cells(image, columns: 1, rows: 1)
        XCTAssertEqual(Int(cells[0][0].top.r), 100, accuracy: 1)
    }

    func testAspectIsKept() {
        let tall = RGBImage(width: 30, height: 60)
        let cells = HalfBlockRenderer.cells(tall, columns: 40, rows: 10)
        XCTAssertEqual(cells.count, 10)
        XCTAssertEqual(cells[0].count, 10, "a 1:2 picture in 20 pixel rows is 10 wide")
    }

    func testColourModes() {
        XCTAssertEqual(
            ColorMode.detect(environment: ["NO_COLOR": "1", "TERM": "xterm-256color"], colors: 256, hasColors: true), .monochrome)
        XCTAssertEqual(ColorMode.detect(environment: ["TERM": "dumb"], colors: 0, hasColors: false), .monochrome)
        XCTAssertEqual(ColorMode.detect(environment: ["TERM": "xterm-256color"], colors: 256, hasColors: true), .palette256)
        XCTAssertEqual(ColorMode.detect(environment: ["TERM": "xterm-direct"], colors: 1 << 24, hasColors: true), .trueColor)
        XCTAssertEqual(
            ColorMode.detect(environment: ["TERM": "xterm-256color", "COLORTERM": "truecolor"], colors: 256, hasColors: true),
            .palette256, "ncurses cannot send 24-bit colour without a direct-colour terminfo entry")
        XCTAssertEqual(ColorMode.trueColor.color(1, 2, 3), 0x010203)
    }

    func testThe256PaletteSkipsTheFirst16() {
        XCTAssertEqual(ColorMode.nearest256(255, 0, 0), 196)
        XCTAssertEqual(ColorMode.nearest256(0, 0, 0), 16)
        XCTAssertEqual(ColorMode.nearest256(128, 128, 128), 244)
        for r in stride(from: 0, through: 255, by: 15) {
            for g in stride(from: 0, through: 255, by: 51) {
                XCTAssertGreaterThanOrEqual(ColorMode.nearest256(UInt8(r), UInt8(g), 77), 16)
            }
        }
    }
}
