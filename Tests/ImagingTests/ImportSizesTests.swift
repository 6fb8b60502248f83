import Foundation
import Imaging
import TestSupport
import XCTest

/// One decode for every size import makes: the decode covers each box in `PhotoProcessor.sizes`, and what is
/// derived from it stays what it was.
final class ImportSizesTests: XCTestCase {
    /// The decode box holds every size: the thumbnail's, the preview's and the classifier's input today, and a
    /// box a later stage adds (a cut-out network's 320) makes the one decode larger, not a second decode.
    func testTheDecodeCoversEverySizeInTheList() throws {
        var processor = PhotoProcessor(modelInput: .mobileNetV2)
        XCTAssertEqual(processor.box, PixelSize(width: 240, height: 240))
        processor.sizes.append(PixelSize(width: 320, height: 320))
        XCTAssertEqual(processor.box, PixelSize(width: 320, height: 320))
        XCTAssertEqual(
            PhotoProcessor.box(covering: [PixelSize(width: 96, height: 128), PixelSize(width: 200, height: 50)]),
            PixelSize(width: 200, height: 128))
        // A 2000×1500 photo: 1/8 (250×188) covers 240 but not 320, so the decode is at 1/4.
        let jpeg = try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 2000, height: 1500, seed: 5), quality: 90)
        XCTAssertEqual(try PhotoProcessor(modelInput: .mobileNetV2).process(jpeg).decoded.image.width, 250)
        let larger = try processor.process(jpeg)
        XCTAssertEqual(larger.decoded.image.width, 500)
        for box in processor.sizes {
            let need = Resampler.fit(PixelSize(width: 2000, height: 1500), in: box)
            XCTAssertGreaterThanOrEqual(larger.decoded.image.width, need.width, "\(box)")
            XCTAssertGreaterThanOrEqual(larger.decoded.image.height, need.height, "\(box)")
        }
    }

    /// What import derives from the smaller decode and from a larger one (a size added to the list) is the same
    /// picture: thumbnails and previews of the same size within a small difference, and the same colours.
    func testThumbnailsPreviewsAndColoursStayTheSameFromALargerDecode() throws {
        let jpeg = try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 2000, height: 1500, color: (40, 90, 160), seed: 9), quality: 90)
        let small = try PhotoProcessor(modelInput: .mobileNetV2).process(jpeg)
        var processor = PhotoProcessor(modelInput: .mobileNetV2)
        processor.sizes.append(PixelSize(width: 320, height: 320))
        let large = try processor.process(jpeg)
        XCTAssertNotEqual(small.decoded.image.width, large.decoded.image.width, "two different decodes")
        for (a, b) in [(small.thumbnail.image, large.thumbnail.image), (small.preview.image, large.preview.image)] {
            XCTAssertEqual(a.width, b.width)
            XCTAssertEqual(a.height, b.height)
            let differences = zip(a.pixels, b.pixels).map { abs(Int($0) - Int($1)) }
            let mean = Double(differences.reduce(0, +)) / Double(differences.count)
            XCTAssertLessThan(mean, 3, "mean difference per channel, \(a.width)x\(a.height)")
        }
        XCTAssertEqual(small.colors.map(\.name), large.colors.map(\.name))
    }
}
