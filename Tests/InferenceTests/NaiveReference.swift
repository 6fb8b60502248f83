import Foundation
import Inference

/// Straightforward loops that define what each operator computes, to check the optimised kernels.
enum NaiveReference {
    static func conv(
        _ x: [Float], h: Int, w: Int, cin: Int, weights: [Float], bias: [Float], cout: Int, kh: Int, kw: Int,
        stride: Int, pad: [Int], relu6: Bool
    ) -> (out: [Float], oh: Int, ow: Int) {
        let oh = (h + pad[0] + pad[2] - kh) / stride + 1, ow = (w + pad[1] + pad[3] - kw) / stride + 1
        var out = [Float](repeating: 0, count: oh * ow * cout)
        for oy in 0..<oh {
            for ox in 0..<ow {
                for co in 0..<cout {
                    var acc = Double(bias[co])
                    for ky in 0..<kh {
                        for kx in 0..<kw {
                            let iy = oy * stride - pad[0] + ky, ix = ox * stride - pad[1] + kx
                            guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                            for ci in 0..<cin {
                                acc += Double(x[(iy * w + ix) * cin + ci]) * Double(weights[((co * kh + ky) * kw + kx) * cin + ci])
                            }
                        }
                    }
                    out[(oy * ow + ox) * cout + co] = relu6 ? Float(min(max(acc, 0), 6)) : Float(acc)
                }
            }
        }
        return (out, oh, ow)
    }

    static func depthwise(
        _ x: [Float], h: Int, w: Int, c: Int, weights: [Float], bias: [Float], k: Int, stride: Int,
        pad: [Int], relu6: Bool = true
    ) -> (out: [Float], oh: Int, ow: Int) {
        let oh = (h + pad[0] + pad[2] - k) / stride + 1, ow = (w + pad[1] + pad[3] - k) / stride + 1
        var out = [Float](repeating: 0, count: oh * ow * c)
        for oy in 0..<oh {
            for ox in 0..<ow {
                for ch in 0..<c {
                    var acc = Double(bias[ch])
                    for ky in 0..<k {
                        for kx in 0..<k {
                            let iy = oy * stride - pad[0] + ky, ix = ox * stride - pad[1] + kx
                            guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                            acc += Double(x[(iy * w + ix) * c + ch]) * Double(weights[(ky * k + kx) * c + ch])
                        }
                    }
                    out[(oy * ow + ox) * c + ch] = Float(relu6 ? min(max(acc, 0), 6) : acc)
                }
            }
        }
        return (out, oh, ow)
    }
}

/// A deterministic generator for test data.
struct SeededRandom {
    var state: UInt64
    mutating func next() -> Float {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(state >> 40) / Float(1 << 24) * 2 - 1
    }
    mutating func array(_ n: Int, scale: Float = 1) -> [Float] { (0..<n).map { _ in next() * scale } }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return range.lowerBound + Int((state >> 33) % UInt64(range.count))
    }
}

func assertClose(
    _ a: [Float], _ b: [Float], relative: Float, absolute: Float = 1e-5, _ message: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    guard a.count == b.count else { return XCTFail("\(message): \(a.count) values, expected \(b.count)", file: file, line: line) }
    for i in a.indices {
        let tolerance = max(absolute, relative * max(abs(a[i]), abs(b[i])))
        if abs(a[i] - b[i]) > tolerance {
            return XCTFail("\(message): value \(i) is \(a[i]), expected \(b[i])", file: file, line: line)
        }
    }
}

import XCTest
