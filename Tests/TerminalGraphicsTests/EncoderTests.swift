import Foundation
import Imaging
import XCTest

@testable import TerminalGraphics

final class EncoderTests: XCTestCase {
    func gradient(_ w: Int, _ h: Int) -> RGBImage {
        var pixels: [UInt8] = []
        for y in 0..<h {
            for x in 0..<w { pixels += [UInt8(x * 255 / max(1, w - 1)), UInt8(y * 255 / max(1, h - 1)), UInt8((x + y) % 256)] }
        }
        return RGBImage(width: w, height: h, pixels: pixels)
    }

    /// Splits the output into (control, payload) per APC.
    func chunks(_ bytes: [UInt8]) -> [(control: String, payload: String)] {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.components(separatedBy: "\u{1B}\\").filter { !$0.isEmpty }.map { part in
            XCTAssertTrue(part.hasPrefix("\u{1B}_G"))
            let body = part.dropFirst(3)
            let pieces = body.split(separator: ";", maxSplits: 1).map(String.init)
            return (pieces[0], pieces.count > 1 ? pieces[1] : "")
        }
    }

    func testKittyChunksAreAtMost4096AndOnlyTheLastSaysM0() throws {
        let image = gradient(70, 60)  // 12,600 bytes → 16,800 base64: five chunks
        let out = KittyGraphics.transmit(id: 7, image: image, virtualColumns: 7, virtualRows: 3)
        let parts = chunks(out)
        XCTAssertEqual(parts.count, 5)
        XCTAssertTrue(parts[0].control.hasPrefix("a=T,f=24,s=70,v=60,i=7,q=2,U=1,c=7,r=3"))
        for (n, part) in parts.enumerated() {
            XCTAssertLessThanOrEqual(part.payload.utf8.count, 4096)
            XCTAssertTrue(part.control.hasSuffix(n == parts.count - 1 ? "m=0" : "m=1"), part.control)
            if n > 0 { XCTAssertEqual(part.control, n == parts.count - 1 ? "m=0" : "m=1") }
        }
        // The payloads joined are exactly the pixels in base64.
        let joined = parts.map(\.payload).joined()
        XCTAssertEqual(Data(base64Encoded: joined), Data(image.pixels))
        XCTAssertEqual(joined, Data(image.pixels).base64EncodedString())
        // Without a virtual placement it only transmits.
        XCTAssertTrue(chunks(KittyGraphics.transmit(id: 1, image: gradient(2, 2)))[0].control.hasPrefix("a=t,"))
    }

    func testTmuxPassthroughDoublesEveryEscape() {
        let wrapped = KittyGraphics.wrap(KittyGraphics.delete(id: 3), inTmux: true)
        let text = String(decoding: wrapped, as: UTF8.self)
        XCTAssertEqual(text, "\u{1B}Ptmux;\u{1B}\u{1B}_Ga=d,d=I,i=3,q=2\u{1B}\u{1B}\\\u{1B}\\")
        XCTAssertEqual(KittyGraphics.wrap([1, 2], inTmux: false), [1, 2])
    }

    func testPlaceholderCellsCarryRowAndColumnDiacritics() {
        XCTAssertEqual(KittyPlaceholder.cell(row: 0, column: 0), [0x10EEEE, 0x0305, 0x0305])
        XCTAssertEqual(KittyPlaceholder.cell(row: 2, column: 5), [0x10EEEE, 0x030E, 0x033D])
        XCTAssertEqual(KittyPlaceholder.cell(row: 128, column: 1), [0x10EEEE, 0x082D, 0x030D])
        XCTAssertNil(KittyPlaceholder.cell(row: 129, column: 0))
        XCTAssertNil(KittyPlaceholder.cell(row: 0, column: -1))
        // All distinct, all combining marks (zero width), in increasing order as the protocol lists them.
        let d = KittyPlaceholder.diacritics
        XCTAssertEqual(Set(d).count, d.count)
        XCTAssertEqual(d, d.sorted())
        for scalar in d.compactMap(Unicode.Scalar.init) {
            XCTAssertEqual(scalar.properties.generalCategory, .nonspacingMark)
            XCTAssertEqual(scalar.properties.canonicalCombiningClass.rawValue, 230)
        }
    }

    func testSixelDecodesBackToThePhotoWithinTheQuantisersError() throws {
        // A photo-like picture: smooth gradients and a few flat patches, 61 rows (not a multiple of 6).
        var image = gradient(50, 61)
        for y in 20..<40 {
            for x in 10..<30 { let i = 3 * (y * 50 + x); image.pixels[i] = 200; image.pixels[i + 1] = 30; image.pixels[i + 2] = 40 }
        }
        let bytes = SixelEncoder.encode(image)
        let decoded = try XCTUnwrap(SixelDecoder.decode(bytes))
        XCTAssertEqual(decoded.width, 50)
        XCTAssertEqual(decoded.height, 61)
        var worst = 0, total = 0
        for i in 0..<image.pixels.count {
            let d = abs(Int(image.pixels[i]) - Int(decoded.pixels[i]))
            worst = max(worst, d); total += d
        }
        let mean = Double(total) / Double(image.pixels.count)
        XCTAssertLessThan(mean, 6, "mean channel error \(mean)")
        XCTAssertLessThan(worst, 48, "worst channel error \(worst)")
        // The flat red patch comes back red (one palette entry, within percent rounding).
        let red = decoded[20, 30]
        XCTAssertEqual(Int(red.r), 200, accuracy: 4)
        XCTAssertEqual(Int(red.g), 30, accuracy: 4)
    }

    func testABusyPictureIsBinnedCoarserAndStillComesBackClose() throws {
        // Tens of thousands of distinct colours spread over the whole cube (the hardest case for 256 entries):
        // binned at 4 bits a channel before the median cut.
        var pixels: [UInt8] = []
        for y in 0..<240 { for x in 0..<180 { pixels += [UInt8((x * 7 + y) % 256), UInt8((y * 3) % 256), UInt8((x + y * 5) % 256)] } }
        let image = RGBImage(width: 180, height: 240, pixels: pixels)
        let decoded = try XCTUnwrap(SixelDecoder.decode(SixelEncoder.encode(image)))
        var total = 0
        for i in image.pixels.indices { total += abs(Int(image.pixels[i]) - Int(decoded.pixels[i])) }
        let mean = Double(total) / Double(image.pixels.count)
        XCTAssertLessThan(mean, 16, "mean channel error \(mean)")
    }

    func testSixelRunsAndPaletteLimits() throws {
        // A flat image: one colour, each band one run.
        let flat = RGBImage(width: 40, height: 12, fill: (0, 0, 255))
        let text = String(decoding: SixelEncoder.encode(flat), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("\u{1B}P0;1;0q\"1;1;40;12#0;2;0;0;100"))
        XCTAssertTrue(text.contains("!40~"))
        XCTAssertTrue(text.hasSuffix("\u{1B}\\"))
        // Never more than 256 colours, and every pixel an index into the palette.
        let busy = gradient(64, 64)
        let q = ColorQuantizer(busy, maxColors: 300)
        XCTAssertLessThanOrEqual(q.palette.count, 256)
        XCTAssertGreaterThan(q.palette.count, 64)
        XCTAssertTrue(q.indices.allSatisfy { Int($0) < q.palette.count })
        XCTAssertEqual(ColorQuantizer(busy, maxColors: 4).palette.count, 4)
        XCTAssertEqual(try XCTUnwrap(SixelDecoder.decode(SixelEncoder.encode(RGBImage(width: 1, height: 1, fill: (9, 9, 9))))).width, 1)
        XCTAssertEqual(SixelEncoder.encode(RGBImage(width: 0, height: 0, pixels: [])), [])
    }
}
