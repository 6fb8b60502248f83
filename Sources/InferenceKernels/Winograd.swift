/// 3×3 stride-1 convolutions through Winograd's F(4×4, 3×3) (Lavin and Gray, "Fast Algorithms for Convolutional
/// Neural Networks", 2016): each 4×4 tile of the output comes from the 6×6 tile of the input under it, transformed
/// (`Bᵀ d B`) into 36 points; at each point the tiles' `c` channels times that point's transformed weights
/// (`G g Gᵀ`, a `c × n` matrix packed for `GEMM`, made at load time) is one GEMM; the 36 products go back to the
/// 4×4 outputs (`Aᵀ m A`), with the bias and the activation. 36 multiply-adds a channel pair for 16 outputs, where
/// the direct convolution takes 144: a quarter, for the cost of the transforms (vectors of 8 channels) and a
/// larger rounding error (the transforms' coefficients reach 8; see `WinogradConvolutionTests`).
///
/// Tiles are taken `blockTiles` at a time (consecutive in raster order over the tile rows asked for): their 36
/// transformed inputs (`blockTiles × c` each) and 36 products (`blockTiles × n` each) live in the worker's scratch.
public struct WinogradParameters {
    /// The input window: `kh = kw = 3`, strides 1, any top and left padding; `ow` output columns.
    public var window: ConvolutionWindow
    /// Output rows and channels.
    public var oh: Int
    public var n: Int
    /// Tiles a block takes (at least 1).
    public var blockTiles: Int
    public var input: UnsafePointer<Float>
    /// The 36 transformed weight matrices, each packed by `GEMM.pack` (`Winograd.packedFloats(c:n:)` apart).
    public var weights: UnsafePointer<Float>
    /// `n` floats and 16 more readable.
    public var bias: UnsafePointer<Float>
    public var output: UnsafeMutablePointer<Float>
    public var activation: Activation
    /// `Winograd.scratchFloats(c:n:blockTiles:)` floats.
    public var scratch: UnsafeMutablePointer<Float>

    @inlinable
    public init(
        window: ConvolutionWindow, oh: Int, n: Int, blockTiles: Int, input: UnsafePointer<Float>, weights: UnsafePointer<Float>,
        bias: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, activation: Activation, scratch: UnsafeMutablePointer<Float>
    ) {
        (self.window, self.oh, self.n, self.blockTiles, self.input, self.weights) = (window, oh, n, blockTiles, input, weights)
        (self.bias, self.output, self.activation, self.scratch) = (bias, output, activation, scratch)
    }
}

public enum Winograd {
    /// Output tile side, input tile side, transform points.
    public static let tile = 4
    public static let span = 6
    public static let points = 36

    /// Tile rows for `oh` output rows (the unit of `KernelSet.winogradConvolution`'s row ranges).
    public static func tileRows(_ oh: Int) -> Int { (oh + tile - 1) / tile }

    /// Channels rounded up to whole vectors of 8, the row stride of the transformed tiles and the products.
    public static func stride(_ channels: Int) -> Int { (channels + 7) / 8 * 8 }

    /// Floats of one point's packed weights (`GEMM.pack` of a `c × n` matrix).
    public static func packedFloats(c: Int, n: Int) -> Int { (n + GEMM.panelWidth - 1) / GEMM.panelWidth * c * GEMM.panelWidth }

    /// Floats of a worker's scratch: the block's transformed inputs and products, 8 vectors between the transforms'
    /// two passes, and zeros for the GEMMs' bias.
    public static func scratchFloats(c: Int, n: Int, blockTiles: Int) -> Int {
        points * blockTiles * (stride(c) + stride(n)) + points * 8 + stride(n) + 16
    }

    /// Tiles a block takes: about 384 KB of transformed inputs and products (they stay in Zen 3's 512 KB L2), in
    /// whole 6-row GEMM tiles.
    public static func blockTiles(c: Int, n: Int) -> Int {
        max(GEMM.tileRows, min(96, 98_304 / (points * (stride(c) + stride(n))) / GEMM.tileRows * GEMM.tileRows))
    }

    /// `G` of F(4×4, 3×3): the weights' transform.
    public static let g: [[Double]] = [
        [1.0 / 4, 0, 0], [-1.0 / 6, -1.0 / 6, -1.0 / 6], [-1.0 / 6, 1.0 / 6, -1.0 / 6], [1.0 / 24, 1.0 / 12, 1.0 / 6],
        [1.0 / 24, -1.0 / 12, 1.0 / 6], [0, 0, 1],
    ]

    /// The 36 matrices `U[ξ, ν] = (G g Gᵀ)[ξ, ν]` (`c × n` each, channel-major), packed by `GEMM.pack`, from OHWI
    /// weights `[n][3][3][c]`; computed in Double.
    public static func transformWeights(_ weights: UnsafePointer<Float>, n: Int, c: Int) -> [Float] {
        let size = packedFloats(c: c, n: n)
        var packed = [Float](repeating: 0, count: points * size)
        var u = [Float](repeating: 0, count: c * n)
        for xi in 0..<span {
            for nu in 0..<span {
                for co in 0..<n {
                    for ci in 0..<c {
                        var sum = 0.0
                        for ky in 0..<3 {
                            for kx in 0..<3 where g[xi][ky] != 0 && g[nu][kx] != 0 {
                                sum += g[xi][ky] * Double(weights[((co * 3 + ky) * 3 + kx) * c + ci]) * g[nu][kx]
                            }
                        }
                        u[ci * n + co] = Float(sum)
                    }
                }
                let one = u.withUnsafeBufferPointer { GEMM.pack($0.baseAddress!, k: c, n: n) }
                packed.replaceSubrange(((xi * span + nu) * size)..<((xi * span + nu + 1) * size), with: one)
            }
        }
        return packed
    }

    /// `Bᵀ x` for one column (or row) of 6 vectors.
    @_transparent
    public static func inputRows(
        _ x0: SIMD8<Float>, _ x1: SIMD8<Float>, _ x2: SIMD8<Float>, _ x3: SIMD8<Float>, _ x4: SIMD8<Float>, _ x5: SIMD8<Float>,
        fused: Bool
    ) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
        let four = SIMD8<Float>(repeating: 4), minusFive = SIMD8<Float>(repeating: -5), two = SIMD8<Float>(repeating: 2)
        let o0 = madd(madd(x4, four, x0, fused: fused), minusFive, x2, fused: fused)
        let o5 = madd(madd(x5, four, x1, fused: fused), minusFive, x3, fused: fused)
        let s12 = x1 + x2, d12 = x1 - x2
        let o1 = madd(x3 + x4, -four, s12, fused: fused)
        let o2 = madd(x4 - x3, four, d12, fused: fused)
        let d42 = x4 - x2, d31 = x3 - x1
        let o3 = madd(d42, two, d31, fused: fused)
        let o4 = madd(d42, -two, d31, fused: fused)
        return (o0, o1, o2, o3, o4, o5)
    }

    /// `Aᵀ m` for one column (or row) of 6 vectors.
    @_transparent
    public static func outputRows(
        _ m0: SIMD8<Float>, _ m1: SIMD8<Float>, _ m2: SIMD8<Float>, _ m3: SIMD8<Float>, _ m4: SIMD8<Float>, _ m5: SIMD8<Float>,
        fused: Bool
    ) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
        let s12 = m1 + m2, d12 = m1 - m2, s34 = m3 + m4, d34 = m3 - m4
        let y0 = m0 + s12 + s34
        let y1 = madd(d12, SIMD8<Float>(repeating: 2), d34, fused: fused)
        let y2 = madd(s12, SIMD8<Float>(repeating: 4), s34, fused: fused)
        let y3 = madd(d12 + m5, SIMD8<Float>(repeating: 8), d34, fused: fused)
        return (y0, y1, y2, y3)
    }

    /// The first `count` floats at `p` (all 8 when `count` ≥ 8), zeros after.
    @inlinable @inline(__always)
    public static func load(_ p: UnsafePointer<Float>, _ count: Int) -> SIMD8<Float> {
        if count >= 8 { return load8(p) }
        var v = SIMD8<Float>(repeating: 0)
        for i in 0..<count { v[i] = p[i] }
        return v
    }

    /// Output tile rows `rows` (`tileRows(oh)` in all).
    @_transparent
    public static func run(fused: Bool, rows: Range<Int>, _ p: WinogradParameters) {
        let w = p.window, n = p.n, c = w.c
        let tilesWide = (w.ow + tile - 1) / tile
        let cs = stride(c), ns = stride(n), block = max(1, p.blockTiles)
        let v = p.scratch, m = v + points * block * cs, tmp = m + points * block * ns, zeros = tmp + points * 8
        zeros.initialize(repeating: 0, count: ns + 16)
        let size = packedFloats(c: c, n: n)
        let total = rows.count * tilesWide
        var first = 0
        while first < total {
            let count = min(block, total - first)
            for t in 0..<count {
                let index = first + t
                let iy0 = (rows.lowerBound + index / tilesWide) * tile - w.padTop, ix0 = (index % tilesWide) * tile - w.padLeft
                transformInput(fused: fused, p, iy0: iy0, ix0: ix0, v: v + t * cs, pointStride: block * cs, tmp: tmp)
            }
            for point in 0..<points {
                GEMM.panels(
                    fused: fused, count: count, n: n, k: c, a: v + point * block * cs, lda: cs, packedB: p.weights + point * size,
                    bias: zeros, c: m + point * block * ns, ldc: ns, activation: .none)
            }
            for t in 0..<count {
                let index = first + t
                let oy0 = (rows.lowerBound + index / tilesWide) * tile, ox0 = (index % tilesWide) * tile
                transformOutput(fused: fused, p, oy0: oy0, ox0: ox0, m: m + t * ns, pointStride: block * ns, tmp: tmp)
            }
            first += count
        }
    }

    /// One tile's 36 transformed inputs, vectors of 8 channels (zeros past `c` and outside the input): point `i`
    /// goes to `v + i × pointStride`.
    @_transparent
    public static func transformInput(
        fused: Bool, _ p: WinogradParameters, iy0: Int, ix0: Int, v: UnsafeMutablePointer<Float>, pointStride: Int,
        tmp: UnsafeMutablePointer<Float>
    ) {
        let w = p.window, c = w.c
        let inside = iy0 >= 0 && ix0 >= 0 && iy0 + span <= w.ih && ix0 + span <= w.iw
        var cg = 0
        while cg < c {
            let lanes = c - cg
            @inline(__always) func at(_ r: Int, _ col: Int) -> SIMD8<Float> {
                let y = iy0 + r, x = ix0 + col
                if inside && lanes >= 8 { return load8(p.input + (y * w.iw + x) * c + cg) }
                guard y >= 0, y < w.ih, x >= 0, x < w.iw else { return SIMD8(repeating: 0) }
                return load(p.input + (y * w.iw + x) * c + cg, lanes)
            }
            for col in 0..<span {
                let (o0, o1, o2, o3, o4, o5) = inputRows(
                    at(0, col), at(1, col), at(2, col), at(3, col), at(4, col), at(5, col), fused: fused)
                store8(o0, tmp + col * 8); store8(o1, tmp + (6 + col) * 8); store8(o2, tmp + (12 + col) * 8)
                store8(o3, tmp + (18 + col) * 8); store8(o4, tmp + (24 + col) * 8); store8(o5, tmp + (30 + col) * 8)
            }
            for row in 0..<span {
                let r = tmp + row * 48
                let (o0, o1, o2, o3, o4, o5) = inputRows(
                    load8(r), load8(r + 8), load8(r + 16), load8(r + 24), load8(r + 32), load8(r + 40), fused: fused)
                let out = v + row * span * pointStride + cg
                store8(o0, out); store8(o1, out + pointStride); store8(o2, out + 2 * pointStride)
                store8(o3, out + 3 * pointStride); store8(o4, out + 4 * pointStride); store8(o5, out + 5 * pointStride)
            }
            cg += 8
        }
    }

    /// One tile's 4×4 outputs from its 36 products (point `i` at `m + i × pointStride`), with the bias and the
    /// activation; pixels past the output's edge are not stored.
    @_transparent
    public static func transformOutput(
        fused: Bool, _ p: WinogradParameters, oy0: Int, ox0: Int, m: UnsafeMutablePointer<Float>, pointStride: Int,
        tmp: UnsafeMutablePointer<Float>
    ) {
        let w = p.window, n = p.n
        let bounds = p.activation.bounds
        let rows = min(tile, p.oh - oy0), columns = min(tile, w.ow - ox0)
        var ng = 0
        while ng < n {
            let lanes = min(8, n - ng)
            for col in 0..<span {
                let q = m + col * pointStride + ng
                let (y0, y1, y2, y3) = outputRows(
                    load8(q), load8(q + 6 * pointStride), load8(q + 12 * pointStride), load8(q + 18 * pointStride),
                    load8(q + 24 * pointStride), load8(q + 30 * pointStride), fused: fused)
                store8(y0, tmp + col * 8); store8(y1, tmp + (6 + col) * 8)
                store8(y2, tmp + (12 + col) * 8); store8(y3, tmp + (18 + col) * 8)
            }
            let bias = load8(p.bias + ng)
            for row in 0..<rows {
                let r = tmp + row * 48
                let (y0, y1, y2, y3) = outputRows(
                    load8(r), load8(r + 8), load8(r + 16), load8(r + 24), load8(r + 32), load8(r + 40), fused: fused)
                let out = p.output + ((oy0 + row) * w.ow + ox0) * n + ng
                storePartial(clamp(y0 + bias, bounds), out, count: lanes)
                if columns > 1 { storePartial(clamp(y1 + bias, bounds), out + n, count: lanes) }
                if columns > 2 { storePartial(clamp(y2 + bias, bounds), out + 2 * n, count: lanes) }
                if columns > 3 { storePartial(clamp(y3 + bias, bounds), out + 3 * n, count: lanes) }
            }
            ng += 8
        }
    }
}
