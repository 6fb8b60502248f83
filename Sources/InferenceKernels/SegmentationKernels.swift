#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The operators a salient-object network (U²-Netp) needs beyond the classifier's: a convolution whose taps are
/// `dilation` apart, max pooling whose last window may hang over the edge (ceil mode), bilinear resizing, a
/// concatenation along channels, and the logistic sigmoid. NHWC, float32. Each is `@inlinable` source that every
/// kernel set compiles with its own flags, as the classifier's operators are.

/// A dilated convolution to `n` channels over weights packed by `GEMM.pack` (`k = kh × kw × c` rows), taps
/// `dilationH`, `dilationW` apart: read in place where they all fall inside the input; the patches of pixels that
/// touch the padding are copied into `scratch` (`ow × k` floats), then a GEMM over them.
public struct DilatedConvolutionParameters {
    public var convolution: ConvolutionParameters
    public var dilationH: Int
    public var dilationW: Int

    @inlinable
    public init(_ convolution: ConvolutionParameters, dilationH: Int, dilationW: Int) {
        (self.convolution, self.dilationH, self.dilationW) = (convolution, dilationH, dilationW)
    }
}

/// Max pooling of a `kh × kw` window with strides over an NHWC input `ih × iw × c` to `oh × ow`: a window that
/// reaches past the input (the padding, or ceil mode's last window) takes the maximum of its taps inside it.
public struct MaxPoolParameters {
    public var window: ConvolutionWindow
    public var oh: Int
    public var input: UnsafePointer<Float>
    public var output: UnsafeMutablePointer<Float>

    @inlinable
    public init(window: ConvolutionWindow, oh: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        (self.window, self.oh, self.input, self.output) = (window, oh, input, output)
    }
}

/// Bilinear resizing of an NHWC input `ih × iw × c` to `oh × ow` (`oh` = `rows.count`), with the two source
/// indices and the weight of the second for every output row and column computed beforehand (`BilinearTaps`).
public struct BilinearResizeParameters {
    public var iw: Int
    public var c: Int
    public var ow: Int
    /// Per output row: first and second input row, and the second's weight.
    public var rowFirst: UnsafePointer<Int32>
    public var rowSecond: UnsafePointer<Int32>
    public var rowWeight: UnsafePointer<Float>
    /// Per output column, the same.
    public var columnFirst: UnsafePointer<Int32>
    public var columnSecond: UnsafePointer<Int32>
    public var columnWeight: UnsafePointer<Float>
    public var input: UnsafePointer<Float>
    public var output: UnsafeMutablePointer<Float>

    @inlinable
    public init(
        iw: Int, c: Int, ow: Int, rowFirst: UnsafePointer<Int32>, rowSecond: UnsafePointer<Int32>, rowWeight: UnsafePointer<Float>,
        columnFirst: UnsafePointer<Int32>, columnSecond: UnsafePointer<Int32>, columnWeight: UnsafePointer<Float>,
        input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>
    ) {
        (self.iw, self.c, self.ow, self.rowFirst, self.rowSecond, self.rowWeight) = (iw, c, ow, rowFirst, rowSecond, rowWeight)
        (self.columnFirst, self.columnSecond, self.columnWeight, self.input, self.output) =
            (columnFirst, columnSecond, columnWeight, input, output)
    }
}

/// How a resize maps an output coordinate to the input, as ONNX's `coordinate_transformation_mode` names them.
public enum ResizeCoordinates: String, Sendable, CaseIterable {
    /// `(x + 0.5) / scale - 0.5`: PyTorch's `align_corners=False`.
    case halfPixel = "half_pixel"
    /// The same, except that an output of length 1 reads input coordinate 0.
    case pytorchHalfPixel = "pytorch_half_pixel"
    /// `x * (in - 1) / (out - 1)`: corners on corners.
    case alignCorners = "align_corners"
    /// `x / scale`.
    case asymmetric
}

/// The taps of a bilinear resize along one axis.
public struct BilinearTaps: Sendable {
    public let first: [Int32]
    public let second: [Int32]
    public let weight: [Float]

    /// From `input` cells to `output` cells (both at least 1), in float32 as ONNX Runtime computes them.
    public init(input: Int, output: Int, coordinates: ResizeCoordinates) {
        precondition(input > 0 && output > 0, "BilinearTaps needs sizes of at least 1")
        let scale = Float(output) / Float(input)
        var first: [Int32] = [], second: [Int32] = [], weight: [Float] = []
        for o in 0..<output {
            var x: Float
            switch coordinates {
            case .halfPixel: x = (Float(o) + 0.5) / scale - 0.5
            case .pytorchHalfPixel: x = output > 1 ? (Float(o) + 0.5) / scale - 0.5 : 0
            case .alignCorners: x = output > 1 ? Float(o) * Float(input - 1) / Float(output - 1) : 0
            case .asymmetric: x = Float(o) / scale
            }
            x = min(max(x, 0), Float(input - 1))
            let lo = min(Int(x), input - 1)
            first.append(Int32(lo))
            second.append(Int32(min(lo + 1, input - 1)))
            weight.append(x - Float(lo))
        }
        (self.first, self.second, self.weight) = (first, second, weight)
    }
}

public enum SegmentationKernels {
    /// Output rows `rows` of a dilated convolution: `Convolution.run` with the taps `dilationH`, `dilationW` apart
    /// (read in place where they all fall inside the input, copied where some fall in the padding).
    @inlinable @inline(__always)
    public static func dilatedConvolution(fused: Bool, rows: Range<Int>, _ p: DilatedConvolutionParameters) {
        let w = p.convolution.window, q = p.convolution
        Convolution.run(
            fused: fused, rows: rows, input: q.input, ih: w.ih, iw: w.iw, c: w.c, kh: w.kh, kw: w.kw, strideH: w.strideH,
            strideW: w.strideW, padTop: w.padTop, padLeft: w.padLeft, ow: w.ow, n: q.n, packedB: q.packedB, bias: q.bias,
            output: q.output, activation: q.activation, scratch: q.scratch, dilationH: p.dilationH, dilationW: p.dilationW)
    }

    /// Output rows `rows` of a max pooling, eight channels at a time.
    @inlinable @inline(__always)
    public static func maxPool(rows: Range<Int>, _ p: MaxPoolParameters) {
        let w = p.window, c = w.c
        for oy in rows {
            let y0 = oy * w.strideH - w.padTop
            let ys = max(0, y0)..<min(w.ih, y0 + w.kh)
            for ox in 0..<w.ow {
                let x0 = ox * w.strideW - w.padLeft
                let xs = max(0, x0)..<min(w.iw, x0 + w.kw)
                let out = p.output + (oy * w.ow + ox) * c
                // A window wholly in the padding (not made by the lowering) would give -inf; it gives 0.
                if ys.isEmpty || xs.isEmpty {
                    for ch in 0..<c { out[ch] = 0 }
                    continue
                }
                let first = p.input + (ys.lowerBound * w.iw + xs.lowerBound) * c
                var ch = 0
                while ch + 8 <= c {
                    var m = load8(first + ch)
                    for y in ys {
                        for x in xs {
                            let v = load8(p.input + (y * w.iw + x) * c + ch)
                            m = m.replacing(with: v, where: v .> m)
                        }
                    }
                    store8(m, out + ch)
                    ch += 8
                }
                while ch < c {
                    var m = first[ch]
                    for y in ys { for x in xs { m = Swift.max(m, p.input[(y * w.iw + x) * c + ch]) } }
                    out[ch] = m
                    ch += 1
                }
            }
        }
    }

    /// Output rows `rows` of a bilinear resize: each output cell is its two input rows blended, then its two
    /// columns, as ONNX Runtime does (`top + (bottom − top)·wy` per column, then across).
    @inlinable @inline(__always)
    public static func resizeBilinear(rows: Range<Int>, _ p: BilinearResizeParameters) {
        let c = p.c, rowFloats = p.iw * c
        for oy in rows {
            let top = p.input + Int(p.rowFirst[oy]) * rowFloats, bottom = p.input + Int(p.rowSecond[oy]) * rowFloats
            let wy = p.rowWeight[oy]
            let out = p.output + oy * p.ow * c
            for ox in 0..<p.ow {
                let a = Int(p.columnFirst[ox]) * c, b = Int(p.columnSecond[ox]) * c
                let wx = p.columnWeight[ox]
                let cell = out + ox * c
                var ch = 0
                if c >= 8 {
                    let vy = SIMD8<Float>(repeating: wy), vx = SIMD8<Float>(repeating: wx)
                    let uy = SIMD8<Float>(repeating: 1 - wy), ux = SIMD8<Float>(repeating: 1 - wx)
                    while ch + 8 <= c {
                        let left = load8(top + a + ch) * uy + load8(bottom + a + ch) * vy
                        let right = load8(top + b + ch) * uy + load8(bottom + b + ch) * vy
                        store8(left * ux + right * vx, cell + ch)
                        ch += 8
                    }
                }
                while ch < c {
                    let left = top[a + ch] * (1 - wy) + bottom[a + ch] * wy
                    let right = top[b + ch] * (1 - wy) + bottom[b + ch] * wy
                    cell[ch] = left * (1 - wx) + right * wx
                    ch += 1
                }
            }
        }
    }

    /// Copies `pixels` pixels of `channels` channels into channels `offset..<offset + channels` of an output with
    /// `outputChannels` channels: one input of a concatenation along channels.
    @inlinable @inline(__always)
    public static func concatenate(
        _ input: UnsafePointer<Float>, channels: Int, pixels: Range<Int>, into output: UnsafeMutablePointer<Float>,
        outputChannels: Int, offset: Int
    ) {
        for px in pixels {
            let src = input + px * channels, dst = output + px * outputChannels + offset
            var ch = 0
            while ch + 8 <= channels { store8(load8(src + ch), dst + ch); ch += 8 }
            while ch < channels { dst[ch] = src[ch]; ch += 1 }
        }
    }

    /// `out = 1 / (1 + e^−x)` over `count` floats, in place allowed.
    @inlinable @inline(__always)
    public static func sigmoid(_ input: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { out[i] = 1 / (1 + expf(-input[i])) }
    }
}
