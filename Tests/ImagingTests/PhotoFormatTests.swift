import Foundation
import Imaging
import XCTest

/// HEIC, AVIF and WebP, decoded with libheif and libwebp: recognised by their bytes, turned upright exactly once,
/// held to the same limits as JPEG, and an animation refused in words. The fixtures were made with the real encoders
/// (tools/receive/make-fixtures.sh): a 48x64 picture, red above and blue below, stored turned with orientation 6.
final class PhotoFormatTests: XCTestCase {
    static func fixture(_ name: String) throws -> Data {
        let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/formats"), name)
        return try Data(contentsOf: url)
    }

    /// Upright: 48 wide, 64 tall, red at the top, blue at the bottom.
    func assertUpright(_ decoded: DecodedImage, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let image = decoded.image
        XCTAssertEqual(image.width, 48, name, file: file, line: line)
        XCTAssertEqual(image.height, 64, name, file: file, line: line)
        guard image.width == 48, image.height == 64 else { return }
        let top = image[24, 8], bottom = image[24, 56]
        XCTAssertGreaterThan(Int(top.r), Int(top.b) + 100, "\(name): the top is red, not \(top)", file: file, line: line)
        XCTAssertGreaterThan(Int(bottom.b), Int(bottom.r) + 100, "\(name): the bottom is blue, not \(bottom)", file: file, line: line)
        XCTAssertEqual(decoded.uprightSize, PixelSize(width: 48, height: 64), name, file: file, line: line)
    }

    func testFormatsAreKnownByTheirBytes() throws {
        XCTAssertEqual(ImageFormat.sniff(try Self.fixture("portrait-o6.heic")), .heic)
        XCTAssertEqual(ImageFormat.sniff(try Self.fixture("portrait-o6.avif")), .avif)
        XCTAssertEqual(ImageFormat.sniff(try Self.fixture("portrait-o6.webp")), .webp)
        XCTAssertEqual(ImageFormat.sniff(try Self.fixture("portrait.png")), .png)
        // A RIFF that is not WebP (a WAV), an ftyp of a video (an MP4), text: none is a photo.
        XCTAssertNil(ImageFormat.sniff(Array("RIFF\u{24}\0\0\0WAVEfmt ".utf8)))
        XCTAssertNil(ImageFormat.sniff([0, 0, 0, 24] + Array("ftypisom\0\0\0\0isomiso2".utf8)))
        XCTAssertNil(ImageFormat.sniff(Array("hello, not a photo".utf8)))
        XCTAssertEqual(ImageFormat.heic.fileExtension, "heic")
        XCTAssertEqual(ImageFormat.jpeg.fileExtension, "jpg")
    }

    /// libheif applies the file's irot itself; the EXIF orientation 6 beside it must not turn it a second time.
    func testHEICAndAVIFStandUpOnceThoughTheirEXIFSaysToTurnThem() throws {
        for name in ["portrait-o6.heic", "portrait-o6.avif"] {
            let decoded = try ImageDecoder().decode(try Self.fixture(name))
            assertUpright(decoded, name)
            XCTAssertEqual(decoded.orientation, .up, name)
        }
    }

    func testWebPIsTurnedUprightByItsEXIFOrientation() throws {
        let decoded = try ImageDecoder().decode(try Self.fixture("portrait-o6.webp"))
        XCTAssertEqual(decoded.format, .webp)
        XCTAssertEqual(decoded.orientation, .right)
        XCTAssertEqual(decoded.originalWidth, 64)
        assertUpright(decoded, "webp")
    }

    func testAnAnimatedWebPIsRefusedInWords() throws {
        XCTAssertThrowsError(try ImageDecoder().decode(try Self.fixture("animated.webp"))) { error in
            guard case ImagingError.notAnImage(let why) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("animated"), why)
        }
    }

    /// A HEIF image sequence (a burst, an animation) is refused by its brand, never decoded halfway.
    func testAHEIFImageSequenceIsRefusedInWords() throws {
        var heic = try Self.fixture("portrait-o6.heic")
        heic.replaceSubrange(8..<12, with: Array("msf1".utf8))
        XCTAssertThrowsError(try ImageDecoder().decode(heic)) { error in
            guard case ImagingError.notAnImage(let why) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("image sequence"), why)
        }
    }

    /// The pixel limit is read from the header and applies before decoding, as for JPEG.
    func testThePixelLimitRefusesHEICAVIFAndWebPFromTheirHeaders() throws {
        var decoder = ImageDecoder()
        decoder.maxPixels = 1000
        for name in ["portrait-o6.heic", "portrait-o6.avif", "portrait-o6.webp"] {
            XCTAssertThrowsError(try decoder.decode(try Self.fixture(name)), name) { error in
                guard case ImagingError.tooLarge(let why) = error else { return XCTFail("\(name): \(error)") }
                XCTAssertTrue(why.contains("megapixels"), why)
            }
        }
    }

    /// A large picture is reduced while it is decoded, to the decoder's bound, and stays upright.
    func testALargePictureIsReducedToTheDecodedBound() throws {
        var decoder = ImageDecoder()
        decoder.maxDecodedPixels = 48 * 64 / 4
        for name in ["portrait-o6.heic", "portrait-o6.webp"] {
            let decoded = try decoder.decode(try Self.fixture(name))
            XCTAssertEqual(decoded.image.width, 24, name)
            XCTAssertEqual(decoded.image.height, 32, name)
            XCTAssertEqual(decoded.uprightSize, PixelSize(width: 48, height: 64), name)
        }
    }

    func testTruncatedHEICAndWebPAreRefusedNotCrashed() throws {
        for name in ["portrait-o6.heic", "portrait-o6.avif", "portrait-o6.webp"] {
            let whole = try Self.fixture(name)
            for cut in [20, whole.count / 2, whole.count - 10] {
                XCTAssertThrowsError(try ImageDecoder().decode(whole.prefix(cut)), "\(name) cut at \(cut)")
            }
        }
    }
}
