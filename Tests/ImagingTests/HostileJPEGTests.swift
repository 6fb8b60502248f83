import CImageCodecs
import Foundation
import Imaging
import TestSupport
import XCTest

/// JPEGs that are valid or nearly so but cost or hide too much: many scans, a coefficient buffer larger than
/// the decode allows, a header promising more rows than the data holds.
final class HostileJPEGTests: XCTestCase {
    let decoder = ImageDecoder()

    /// A grey 64×32 photo whose header says 64×64: the data ends halfway down the picture.
    func shortJPEG(progressive: Bool) throws -> Data {
        let half = try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 64, height: 32), quality: 90, progressive: progressive)
        return JPEGTools.withHeaderSize(half, width: 64, height: 64)
    }

    func testAJPEGWithFewerRowsThanItsHeaderSaysIsDamagedNotGrey() throws {
        for progressive in [false, true] {
            let short = try shortJPEG(progressive: progressive)
            XCTAssertThrowsError(try decoder.decode(short), "progressive: \(progressive)") { error in
                guard case .damaged(let why) = error as? ImagingError else { return XCTFail("\(error)") }
                XCTAssertTrue(why.contains("damaged") && why.contains("missing"), why)
                if !progressive { XCTAssertTrue(why.contains("of 64 on"), why) }
            }
            // Asked to, the decoder gives the picture with the damage said.
            var lenient = ImageDecoder()
            lenient.acceptsDamaged = true
            let decoded = try lenient.decode(short)
            XCTAssertEqual(decoded.image.height, 64)
            XCTAssertNotNil(decoded.damage)
            // A whole photo is not damaged.
            let whole = try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 64, height: 64), quality: 90, progressive: progressive)
            XCTAssertNil(try decoder.decode(whole).damage)
        }
    }

    func testCuttingOnlyTheEndMarkerLosesNothingButCuttingScansIsDamage() throws {
        for progressive in [false, true] {
            let jpeg = try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 64, height: 48), quality: 90, progressive: progressive)
            XCTAssertEqual(Array(jpeg.suffix(2)), [0xFF, 0xD9])
            XCTAssertNil(try decoder.decode(jpeg.dropLast(2)).damage, "progressive: \(progressive)")
        }
        // A progressive file cut between two scans: every row comes out, but not every coefficient was sent.
        let scans = JPEGTools.progressive(pixels: [UInt8](repeating: 90, count: 32 * 32), width: 32, height: 32, components: 1, scans: 20)
        let lastScan = try XCTUnwrap((0..<(scans.count - 1)).last { scans[$0] == 0xFF && scans[$0 + 1] == 0xDA })
        XCTAssertThrowsError(try decoder.decode(scans.prefix(lastScan))) { error in
            guard case .damaged(let why) = error as? ImagingError else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("scans are missing"), why)
        }
    }

    func testScansAreCountedFromTheMarkers() throws {
        let pixels = [UInt8](repeating: 120, count: 32 * 32)
        for scans in [1, 7, 64] {
            let jpeg = JPEGTools.progressive(pixels: pixels, width: 32, height: 32, components: 1, scans: scans)
            let count = jpeg.withUnsafeBytes { closet_jpeg_count_scans($0.bindMemory(to: UInt8.self).baseAddress, $0.count) }
            XCTAssertEqual(count, Int32(scans))
            XCTAssertEqual(try decoder.decode(jpeg).image.width, 32, "\(scans) scans of a small image decode")
        }
        // An EXIF thumbnail's own scan inside APP1 is not one of the photo's.
        let baseline = try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 32, height: 32), quality: 90)
        var withThumbnail = Data(baseline.prefix(2))
        let thumbnail = [UInt8](baseline)
        withThumbnail.append(contentsOf: [0xFF, 0xE1, UInt8((thumbnail.count + 2) >> 8), UInt8((thumbnail.count + 2) & 255)] + thumbnail)
        withThumbnail.append(baseline.dropFirst(2))
        let count = withThumbnail.withUnsafeBytes { closet_jpeg_count_scans($0.bindMemory(to: UInt8.self).baseAddress, $0.count) }
        XCTAssertEqual(count, 1)
    }

    /// 495 scans of a 64×64 grey picture, its header saying 3000×3000: 4.5 billion pixels of entropy decoding
    /// (the hostile file's cost; encoding a real 9-megapixel one would take the test seconds).
    static func manyScans(_ scans: Int, side: Int) -> Data {
        let small = JPEGTools.progressive(
            pixels: [UInt8](repeating: 128, count: 64 * 64), width: 64, height: 64, components: 1, scans: scans)
        return JPEGTools.withHeaderSize(small, width: side, height: side)
    }

    func testHundredsOfTinyScansAreRefusedBeforeDecoding() throws {
        XCTAssertThrowsError(try decoder.decode(Self.manyScans(495, side: 3000))) { error in
            guard case .tooLarge(let why) = error as? ImagingError else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("495 scans") && why.contains("3000x3000"), why)
        }
        // Past libjpeg-turbo's own 500 scans, whatever the size.
        let tiny = JPEGTools.progressive(pixels: [UInt8](repeating: 9, count: 64), width: 8, height: 8, components: 1, scans: 600)
        XCTAssertThrowsError(try decoder.decode(tiny)) { error in
            guard case .tooLarge(let why) = error as? ImagingError else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("600 scans"), why)
        }
    }

    func testAProgressiveJPEGNeedingMoreMemoryThanAllowedIsRefusedAndABaselineOneIsNot() throws {
        var small = ImageDecoder()
        small.maxDecodeBytes = 2 << 20
        let (w, h) = (1024, 1024)
        let pixels = [UInt8](repeating: 77, count: w * h * 3)
        // Progressive: every coefficient is kept, 2 bytes a sample (3 MB at 4:2:0), before a row comes out.
        let progressive = try ImageEncoder.jpeg(pixels: pixels, width: w, height: h, color: .rgb, quality: 80, progressive: true)
        XCTAssertThrowsError(try small.decode(progressive, fitting: PixelSize(width: 128, height: 128))) { error in
            guard case .tooLarge(let why) = error as? ImagingError else { return XCTFail("\(error)") }
            XCTAssertTrue(why.contains("1024x1024") && why.contains("needs 3 MB") && why.contains("over the 2 MB"), why)
        }
        // Baseline: decoded row by row, within the limit.
        let baseline = try ImageEncoder.jpeg(pixels: pixels, width: w, height: h, color: .rgb, quality: 80)
        XCTAssertEqual(try small.decode(baseline, fitting: PixelSize(width: 128, height: 128)).originalWidth, 1024)
    }
}
