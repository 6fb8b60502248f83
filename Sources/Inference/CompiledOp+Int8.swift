import InferenceKernelsInt8

/// Values an int8 op holds (packed weights, folded biases, scales, a zero-point row) in one 64-byte-aligned
/// allocation, freed with the buffer.
final class RawBuffer: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    let byteCount: Int

    init<T>(_ values: [T]) {
        byteCount = values.count * MemoryLayout<T>.stride
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 64), alignment: 64)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: max(byteCount, 64))
        values.withUnsafeBytes { if let base = $0.baseAddress { pointer.copyMemory(from: base, byteCount: byteCount) } }
    }

    deinit { pointer.deallocate() }

    func typed<T>(_: T.Type) -> UnsafeMutablePointer<T> { pointer.assumingMemoryBound(to: T.self) }
}

/// A node run in int8 (`Int8Node`): a 1×1 convolution through `Int8Kernels.gemm` or a depthwise one through
/// `Int8Kernels.depthwise`, on u8 tensors in the arena. Where its input is fp32 (the node before it is not int8,
/// or quantizes differently) it quantizes it first into a byte tensor of its own; where an fp32 node or the
/// caller reads its output, it also writes that output as floats after.
struct Int8Op {
    enum Kernel {
        case gemm(m: Int, n: Int, k: Int, packed: RawBuffer, narrow: Bool)
        case depthwise(Window, weights: RawBuffer, zeroRow: RawBuffer)
    }

    struct Window {
        var ih: Int, iw: Int, c: Int, kh: Int, kw: Int, strideH: Int, strideW: Int, padTop: Int, padLeft: Int
        var oh: Int, ow: Int
    }

    var kernel: Kernel
    /// Folded s32 biases and fp32 requantization multipliers, readable past the last channel for the vector loads.
    var bias: RawBuffer, scale: RawBuffer
    var input: Quantization, output: Quantization
    /// The output clamp: 0…255, or narrower for a fused ReLU or ReLU6.
    var outputMin: Int, outputMax: Int
    var inputCount: Int, outputCount: Int
    var weightBytes: Int
    var multiplyAdds: Int

    // Where it runs, in floats from the arena's start (`NetworkCompiler.placeInt8`).
    /// The fp32 input to quantize first, or nil when the bytes at `byteInput` are already its input.
    var quantizeFrom: Int?
    var byteInput = 0, byteOutput = 0
    /// Where the output is written as floats too, or nil when only int8 nodes read it.
    var dequantizeTo: Int?
}

extension Int8Op {
    /// x → `clamp(rint(x / s) + zp, 0, 255)`; NaN gives 0.
    static func quantize(_ x: UnsafePointer<Float>, _ q: UnsafeMutablePointer<UInt8>, count: Int, _ p: Quantization) {
        let s = p.scale, zp = Float(p.zeroPoint)
        for i in 0..<count {
            let v = (x[i] / s).rounded(.toNearestOrEven) + zp
            q[i] = UInt8(v >= 0 ? (v <= 255 ? v : 255) : 0)
        }
    }

    /// q → `(q − zp) · s`.
    static func dequantize(_ q: UnsafePointer<UInt8>, _ x: UnsafeMutablePointer<Float>, count: Int, _ p: Quantization) {
        let s = p.scale, zp = Float(p.zeroPoint)
        for i in 0..<count { x[i] = (Float(q[i]) - zp) * s }
    }
}

extension Network {
    /// Bytes at `offset` floats into the arena.
    @inline(__always)
    func bytes(_ base: UnsafeMutablePointer<Float>, _ offset: Int) -> UnsafeMutablePointer<UInt8> {
        UnsafeMutableRawPointer(base + offset).assumingMemoryBound(to: UInt8.self)
    }

    func executeInt8(_ q: Int8Op, _ base: UnsafeMutablePointer<Float>) {
        let input = bytes(base, q.byteInput), output = bytes(base, q.byteOutput)
        if let from = q.quantizeFrom {
            let chunk = 16_384
            parallel((q.inputCount + chunk - 1) / chunk, minimumPerThread: 4) { chunks in
                let lo = chunks.lowerBound * chunk, hi = min(q.inputCount, chunks.upperBound * chunk)
                Int8Op.quantize(base + from + lo, input + lo, count: hi - lo, q.input)
            }
        }
        let level = int8Level
        switch q.kernel {
        case .gemm(let m, let n, let k, let packed, let narrow):
            let call = closet_qgemm_params(
                n: Int32(n), k: Int32(k), a: input, lda: k, packed_b: packed.typed(Int8.self), bias: q.bias.typed(Int32.self),
                scale: q.scale.typed(Float.self), c: output, ldc: n, output_zero_point: Int32(q.output.zeroPoint),
                output_min: Int32(q.outputMin), output_max: Int32(q.outputMax), narrow_weights: narrow ? 1 : 0)
            parallel(m, minimumPerThread: 48) { rows in Int8Kernels.gemm(level, rows: rows, call) }
        case .depthwise(let w, let weights, let zeroRow):
            let call = closet_qdepthwise_params(
                ih: Int32(w.ih), iw: Int32(w.iw), c: Int32(w.c), kh: Int32(w.kh), kw: Int32(w.kw), stride_h: Int32(w.strideH),
                stride_w: Int32(w.strideW), pad_top: Int32(w.padTop), pad_left: Int32(w.padLeft), ow: Int32(w.ow), input: input,
                weights: weights.typed(Int8.self), bias: q.bias.typed(Int32.self), scale: q.scale.typed(Float.self),
                zero_row: zeroRow.typed(UInt8.self), output: output, output_zero_point: Int32(q.output.zeroPoint),
                output_min: Int32(q.outputMin), output_max: Int32(q.outputMax))
            parallel(w.oh, minimumPerThread: 4) { rows in Int8Kernels.depthwise(level, rows: rows, call) }
        }
        if let to = q.dequantizeTo {
            Int8Op.dequantize(output, base + to, count: q.outputCount, q.output)
        }
    }
}
