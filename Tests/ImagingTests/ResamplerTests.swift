import Foundation
import Imaging
import TestSupport
import XCTest

final class ResamplerTests: XCTestCase {
    func testIntegerFactorIsTheExactBoxMean() {
        var image = RGBImage(width: 4, height: 2)
        let values: [UInt8] = [0, 40, 80, 120, 160, 200, 240, 20]
        for x in 0..<4 { for y in 0..<2 { let v = values[y * 4 + x]; image[x, y] = (v, v / 2, 255 - v) } }
        let out = Resampler.resizeToFloats(image, width: 2, height: 1)
        XCTAssertEqual(out[0], (0 + 40 + 160 + 200) / 4, accuracy: 1e-4)
        XCTAssertEqual(out[3], (80 + 120 + 240 + 20) / 4, accuracy: 1e-4)
        XCTAssertEqual(out[5], Float(255 * 4 - 80 - 120 - 240 - 20) / 4, accuracy: 1e-4)
    }

    func testFractionalFactorWeighsPartialPixels() {
        // 3 → 2: output 0 covers input 0 fully and half of input 1.
        var image = RGBImage(width: 3, height: 1)
        image[0, 0] = (0, 0, 0); image[1, 0] = (90, 90, 90); image[2, 0] = (210, 210, 210)
        let out = Resampler.resizeToFloats(image, width: 2, height: 1)
        XCTAssertEqual(out[0], (0 * 1 + 90 * 0.5) / 1.5, accuracy: 1e-3)
        XCTAssertEqual(out[3], (90 * 0.5 + 210 * 1) / 1.5, accuracy: 1e-3)
    }

    func testNoAliasingOnAFineCheckerboard() {
        var image = RGBImage(width: 333, height: 250)
        for y in 0..<250 { for x in 0..<333 { let v: UInt8 = (x + y) % 2 == 0 ? 0 : 255; image[x, y] = (v, v, v) } }
        let out = Resampler.resize(image, width: 50, height: 37)
        for v in out.pixels { XCTAssertEqual(Int(v), 128, accuracy: 8, "a checkerboard must average to grey, not alias") }
    }

    func testFit() {
        XCTAssertEqual(
            Resampler.fit(PixelSize(width: 400, height: 534), in: PixelSize(width: 224, height: 224)), PixelSize(width: 168, height: 224))
        XCTAssertEqual(
            Resampler.fit(PixelSize(width: 4000, height: 3000), in: PixelSize(width: 96, height: 128)), PixelSize(width: 96, height: 72))
    }

    func testModelInputPadsWithWhiteAndNormalises() {
        let image = RGBImage(width: 100, height: 200, fill: (0, 255, 0))
        let tensor = ModelInput.mobileNetV2.tensor(image)
        XCTAssertEqual(tensor.count, 224 * 224 * 3)
        // Fitted to 112×224, centred: columns 56..<168 hold the image, the rest is white padding (+1).
        let centre = (112 * 224 + 112) * 3
        XCTAssertEqual(tensor[centre], -1, accuracy: 1e-5)
        XCTAssertEqual(tensor[centre + 1], 1, accuracy: 1e-5)
        let edge = (112 * 224 + 10) * 3
        XCTAssertEqual(tensor[edge], 1, accuracy: 1e-5)
    }

    /// `tools/train/preprocess.py` must compute the same tensor; the fixture was written by it.
    func testModelInputMatchesThePythonPreprocessing() throws {
        let url = Bundle.module.url(forResource: "preprocess_fixture", withExtension: "json", subdirectory: "Fixtures")!
        struct Fixture: Decodable {
            let width: Int; let height: Int; let pixels: [UInt8]; let size: Int; let checksum: [Double]; let samples: [[Double]]
        }
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        let image = RGBImage(width: fixture.width, height: fixture.height, pixels: fixture.pixels)
        var input = ModelInput.mobileNetV2
        input.size = fixture.size
        let tensor = input.tensor(image)
        for sample in fixture.samples {
            XCTAssertEqual(Double(tensor[Int(sample[0])]), sample[1], accuracy: 1e-5, "index \(Int(sample[0]))")
        }
        let sum = tensor.reduce(0.0) { $0 + Double($1) }
        XCTAssertEqual(sum, fixture.checksum[0], accuracy: 1e-2)
    }
}
