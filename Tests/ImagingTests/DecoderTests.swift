import Foundation
import Imaging
import TestSupport
import XCTest

final class DecoderTests: XCTestCase {
    let decoder = ImageDecoder()

    func assertColor(
        _ image: RGBImage, _ x: Int, _ y: Int, _ expected: (Int, Int, Int), tolerance: Int = 12,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let p = image[x, y]
        let ok =
            abs(Int(p.r) - expected.0) <= tolerance && abs(Int(p.g) - expected.1) <= tolerance && abs(Int(p.b) - expected.2) <= tolerance
        XCTAssertTrue(ok, "pixel (\(x),\(y)) is \(p), expected \(expected)", file: file, line: line)
    }

    func testJPEGRoundTripAndScaledDecode() throws {
        let image = SyntheticPhoto.quadrants(width: 800, height: 600)
        let jpeg = try ImageEncoder.jpeg(image, quality: 95)
        let full = try decoder.decode(jpeg)
        XCTAssertEqual(full.image.width, 800)
        XCTAssertEqual(full.format, .jpeg)
        assertColor(full.image, 100, 100, (220, 30, 30))
        assertColor(full.image, 700, 500, (230, 220, 30))
        // Fitting 224×224 needs 224×168: 1/2 scale (400×300) covers it, 1/4 (200×150) does not.
        let scaled = try decoder.decode(jpeg, fitting: PixelSize(width: 224, height: 224))
        XCTAssertEqual(scaled.image.width, 400)
        XCTAssertEqual(scaled.originalWidth, 800)
        assertColor(scaled.image, 50, 50, (220, 30, 30))
        XCTAssertEqual(ImageDecoder.scaleNumerator(width: 4000, height: 3000, orientation: .up, box: PixelSize(width: 224, height: 224)), 1)
        XCTAssertEqual(ImageDecoder.scaleNumerator(width: 400, height: 534, orientation: .up, box: PixelSize(width: 224, height: 224)), 4)
    }

    func testAllEightEXIFOrientations() throws {
        // The stored pixels are the upright quadrant pattern transformed by the inverse of each orientation;
        // decoding must give back the upright pattern: red top-left, green top-right, blue bottom-left.
        let upright = SyntheticPhoto.quadrants(width: 64, height: 48)
        for orientation in Orientation.allCases {
            let stored = Self.inverse(upright, orientation)
            let jpeg = JPEGTools.withOrientation(
                try ImageEncoder.jpeg(stored, quality: 95), orientation.rawValue,
                bigEndian: orientation.rawValue % 2 == 0)
            let decoded = try decoder.decode(jpeg)
            XCTAssertEqual(decoded.orientation, orientation)
            XCTAssertEqual(decoded.image.width, 64, "orientation \(orientation.rawValue)")
            XCTAssertEqual(decoded.image.height, 48, "orientation \(orientation.rawValue)")
            assertColor(decoded.image, 8, 8, (220, 30, 30))
            assertColor(decoded.image, 56, 8, (30, 200, 30))
            assertColor(decoded.image, 8, 40, (30, 30, 220))
            assertColor(decoded.image, 56, 40, (230, 220, 30))
        }
    }

    /// The stored image that, turned by `orientation`, shows `upright`.
    static func inverse(_ upright: RGBImage, _ orientation: Orientation) -> RGBImage {
        let inverse: Orientation =
            switch orientation {
            case .right: .left
            case .left: .right
            default: orientation
            }
        return upright.oriented(inverse)
    }

    func testGrayscaleCMYKAndProgressiveJPEGs() throws {
        let (w, h) = (40, 30)
        let gray = try ImageEncoder.jpeg(pixels: [UInt8](repeating: 100, count: w * h), width: w, height: h, color: .gray)
        assertColor(try decoder.decode(gray).image, 5, 5, (100, 100, 100), tolerance: 3)
        // Adobe CMYK is stored inverted: pure red is C=0 M=255 Y=255 K=0, written as 255,0,0,255.
        var cmyk = [UInt8]()
        for _ in 0..<(w * h) { cmyk += [255, 0, 0, 255] }
        let cmykJPEG = try ImageEncoder.jpeg(pixels: cmyk, width: w, height: h, color: .cmyk, quality: 95)
        assertColor(try decoder.decode(cmykJPEG).image, 5, 5, (255, 0, 0), tolerance: 16)
        let progressive = try ImageEncoder.jpeg(SyntheticPhoto.quadrants(width: 64, height: 64), quality: 90, progressive: true)
        assertColor(try decoder.decode(progressive).image, 48, 48, (230, 220, 30))
    }

    func testTruncatedJPEGsAreErrorsNotGreyImages() throws {
        let jpeg = try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 320, height: 240), quality: 90)
        for cut in [2, 20, 100, 300, jpeg.count / 2, jpeg.count - 10] {
            XCTAssertThrowsError(try decoder.decode(jpeg.prefix(cut)), "cut at \(cut)") { error in
                switch error as? ImagingError {
                case .corrupt?: break
                case .damaged? where cut >= jpeg.count / 2: break  // its header whole, its rows cut: damaged
                case .notAnImage? where cut < 3: break  // two bytes are not enough to tell it is a JPEG
                default: XCTFail("cut at \(cut): \(error)")
                }
            }
        }
        XCTAssertThrowsError(try decoder.decode(Data())) { XCTAssertEqual($0 as? ImagingError, .notAnImage("the file is empty")) }
    }

    func testGarbageTextAndBombsAreRefused() throws {
        let jpeg = try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 64, height: 64), quality: 90)
        var garbage = Data(jpeg.prefix(200))
        garbage.append(Data((0..<5000).map { UInt8(($0 * 7919) % 256) }))
        XCTAssertThrowsError(try decoder.decode(garbage))
        XCTAssertThrowsError(try decoder.decode(Data("hello, I am a text file".utf8))) {
            guard case .notAnImage = $0 as? ImagingError else { return XCTFail("\($0)") }
        }
        let bomb = JPEGTools.withHeaderSize(jpeg, width: 60000, height: 60000)
        XCTAssertThrowsError(try decoder.decode(bomb)) {
            guard case .tooLarge(let message) = $0 as? ImagingError else { return XCTFail("\($0)") }
            XCTAssertTrue(message.contains("60000x60000"), message)
        }
        let pngBomb = PNGWriter.png(width: 1, height: 1, colorType: .gray, samples: [0])
        var header = [UInt8](pngBomb)
        header[16...19] = [0, 0, 0xEA, 0x60]; header[20...23] = [0, 0, 0xEA, 0x60]  // 60000 × 60000
        XCTAssertThrowsError(try decoder.decode(Data(header)))
        var small = ImageDecoder()
        small.maxFileBytes = 100
        XCTAssertThrowsError(try small.decode(jpeg)) { guard case .tooLarge = $0 as? ImagingError else { return XCTFail("\($0)") } }
    }

    func testPNGVariants() throws {
        // 16-bit RGB.
        let rgb16 = PNGWriter.png(width: 2, height: 1, colorType: .rgb, bitDepth: 16, samples: [65535, 0, 0, 0, 32896, 65535])
        let a = try decoder.decode(rgb16).image
        assertColor(a, 0, 0, (255, 0, 0), tolerance: 0)
        assertColor(a, 1, 0, (0, 128, 255), tolerance: 1)
        // Palette with tRNS: index 1 is fully transparent and must become white.
        let palette = PNGWriter.png(
            width: 2, height: 1, colorType: .palette, samples: [0, 1],
            palette: [(0, 0, 200), (10, 10, 10)], transparency: [255, 0])
        let b = try decoder.decode(palette).image
        assertColor(b, 0, 0, (0, 0, 200), tolerance: 0)
        assertColor(b, 1, 0, (255, 255, 255), tolerance: 0)
        // Grey with half alpha over white.
        let ga = PNGWriter.png(width: 1, height: 1, colorType: .grayAlpha, samples: [0, 128])
        assertColor(try decoder.decode(ga).image, 0, 0, (127, 127, 127), tolerance: 3)
        // RGBA fully transparent → white; grey 16-bit.
        let rgba = PNGWriter.png(width: 1, height: 1, colorType: .rgba, samples: [200, 0, 0, 0])
        assertColor(try decoder.decode(rgba).image, 0, 0, (255, 255, 255), tolerance: 0)
        let g16 = PNGWriter.png(width: 1, height: 1, colorType: .gray, bitDepth: 16, samples: [257 * 60])
        assertColor(try decoder.decode(g16).image, 0, 0, (60, 60, 60), tolerance: 0)
    }

    func testInterlacedPNGMatchesTheSameImageNotInterlaced() throws {
        let image = SyntheticPhoto.quadrants(width: 37, height: 23)
        let samples = image.pixels.map(Int.init)
        let plain = try decoder.decode(PNGWriter.png(width: 37, height: 23, colorType: .rgb, samples: samples)).image
        let interlaced = try decoder.decode(PNGWriter.png(width: 37, height: 23, colorType: .rgb, samples: samples, interlaced: true)).image
        XCTAssertEqual(plain, image)
        XCTAssertEqual(interlaced, image)
    }

    func testAPNGWithFewerRowsThanItsHeaderSaysIsRefusedNotGrey() throws {
        // 8×2 grey rows, the header (with its CRC made right) saying 8×6: the data ends a third of the way down.
        var png = [UInt8](PNGWriter.png(width: 8, height: 2, colorType: .gray, samples: [Int](repeating: 200, count: 16)))
        png[23] = 6
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in png[12..<29] {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        crc = ~crc
        png[29...32] = [UInt8(crc >> 24), UInt8(crc >> 16 & 255), UInt8(crc >> 8 & 255), UInt8(crc & 255)]
        XCTAssertThrowsError(try decoder.decode(Data(png))) { error in
            guard case .corrupt(let why) = error as? ImagingError else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("PNG"), why)
        }
    }

    func testTruncatedPNGIsAnError() throws {
        let png = try ImageEncoder.png(SyntheticPhoto.garment(width: 50, height: 50))
        for cut in [8, 30, png.count / 2, png.count - 20] {
            XCTAssertThrowsError(try decoder.decode(png.prefix(cut)), "cut at \(cut)")
        }
        // Cut inside the final IEND chunk: every pixel is there, so a correct decode is fine too.
        if let image = try? decoder.decode(png.prefix(png.count - 5)).image {
            XCTAssertEqual(image, try decoder.decode(png).image)
        }
    }

    func testOrientationParserSurvivesHostileEXIF() {
        var bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x10] + Array("Exif".utf8) + [0, 0, 0x4D, 0x4D, 0, 42, 0xFF, 0xFF, 0xFF, 0xF0]
        XCTAssertEqual(Orientation.read(jpeg: bytes), .up)
        bytes = [0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF]
        XCTAssertEqual(Orientation.read(jpeg: bytes), .up)
    }
}
