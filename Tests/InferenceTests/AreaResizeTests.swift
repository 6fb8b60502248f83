import Foundation
import Inference
import InferenceKernels
import XCTest

/// `resize_area` through the engine: each output cell the mean of the input area it covers, against a naive
/// double-precision integral of the input over that area, on odd and even sizes, channel counts other than
/// 3, downscales by whole and fractional factors, the identity and upscales.
final class AreaResizeTests: XCTestCase {
    func resize(_ x: [Float], h: Int, w: Int, c: Int, to size: [Int]) throws -> (out: [Float], shape: TensorShape?) {
        let manifest = ModelManifest(
            name: "t", weights: "-", input: .init(name: "input", height: h, width: w, channels: c), outputs: ["out": "y"],
            nodes: [.init(op: "resize_area", name: "r", inputs: ["input"], output: "y", size: size)])
        let net = try Network(manifest: manifest, tensor: { _ in throw InferenceError.badModel("no weights") })
        try net.run(x)
        return (net.output("out")!, net.shape(of: "y"))
    }

    /// The mean of the input over output cell (oy, ox)'s area, integrated exactly in doubles.
    func naive(_ x: [Float], h: Int, w: Int, c: Int, oh: Int, ow: Int) -> [Float] {
        func coverage(_ o: Int, _ n: Int, _ out: Int, _ i: Int) -> Double {
            let s = Double(n) / Double(out), lo = Double(o) * s, hi = Double(o + 1) * s
            return max(0, min(hi, Double(i + 1)) - max(lo, Double(i))) / s
        }
        var result = [Float](repeating: 0, count: oh * ow * c)
        for oy in 0..<oh {
            for ox in 0..<ow {
                for ch in 0..<c {
                    var sum = 0.0
                    for y in 0..<h {
                        let wy = coverage(oy, h, oh, y)
                        if wy == 0 { continue }
                        for x0 in 0..<w { sum += wy * coverage(ox, w, ow, x0) * Double(x[(y * w + x0) * c + ch]) }
                    }
                    result[(oy * ow + ox) * c + ch] = Float(sum)
                }
            }
        }
        return result
    }

    func testDownscalesOfManyShapesMatchTheAreaIntegral() throws {
        var rng = SeededRandom(state: 5)
        for _ in 0..<30 {
            let h = rng.int(1...40), w = rng.int(1...40), c = rng.int(1...5)
            let oh = rng.int(1...h), ow = rng.int(1...w)
            let x = rng.array(h * w * c)
            let (out, shape) = try resize(x, h: h, w: w, c: c, to: [oh, ow])
            XCTAssertEqual(shape, TensorShape(height: oh, width: ow, channels: c))
            assertClose(out, naive(x, h: h, w: w, c: c, oh: oh, ow: ow), relative: 1e-5, absolute: 1e-5, "\(h)x\(w)x\(c) -> \(oh)x\(ow)")
        }
    }

    /// The classifier's case: 240 to 224 (a fifteenth less), three channels, and the halving of 4 to 2.
    func testThePhotoSizesAndWholeFactors() throws {
        var rng = SeededRandom(state: 9)
        let x = rng.array(240 * 240 * 3)
        let (out, _) = try resize(x, h: 240, w: 240, c: 3, to: [224, 224])
        assertClose(out, naive(x, h: 240, w: 240, c: 3, oh: 224, ow: 224), relative: 1e-5, absolute: 1e-5, "240 -> 224")
        let square: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
        XCTAssertEqual(try resize(square, h: 4, w: 4, c: 1, to: [2, 2]).out, [3.5, 5.5, 11.5, 13.5])
    }

    func testTheSameSizeCopiesAndAnUpscaleRepeats() throws {
        var rng = SeededRandom(state: 3)
        let x = rng.array(5 * 7 * 2)
        XCTAssertEqual(try resize(x, h: 5, w: 7, c: 2, to: [5, 7]).out, x, "the identity is exact")
        // Up: each output cell lies in one input cell and takes it.
        XCTAssertEqual(try resize([1, 2], h: 1, w: 2, c: 1, to: [2, 4]).out, [1, 1, 2, 2, 1, 1, 2, 2])
        XCTAssertEqual(try resize([7], h: 1, w: 1, c: 1, to: [3, 1]).out, [7, 7, 7])
    }

    func testEveryTapListCoversItsAreaOnce() {
        for (input, output) in [(240, 224), (224, 240), (7, 3), (1, 1), (3, 7), (100, 1)] {
            let taps = AreaResize.Taps(input: input, output: output)
            XCTAssertEqual(taps.count, output)
            for o in 0..<output {
                let row = taps.weights[(o * taps.width)..<((o + 1) * taps.width)]
                XCTAssertEqual(Double(row.reduce(0, +)), 1, accuracy: 1e-5, "\(input)->\(output) output \(o) sums to one")
                XCTAssertTrue(
                    taps.indices[(o * taps.width)..<((o + 1) * taps.width)].allSatisfy { (0..<input).contains($0) },
                    "\(input)->\(output) output \(o) reads inside the input")
            }
        }
    }

    func testBadSizesAreRefusedWithAReason() {
        for size in [[0, 4], [4], [4, 4, 4], [-1, 2], [5000, 2]] {
            XCTAssertThrowsError(try resize([Float](repeating: 0, count: 16), h: 4, w: 4, c: 1, to: size), "\(size)") { error in
                XCTAssertTrue("\(error)".contains("resize_area needs a size"), "\(error)")
            }
        }
    }
}
