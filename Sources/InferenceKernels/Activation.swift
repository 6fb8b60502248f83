/// The activation fused into the kernel that produces a tensor.
public enum Activation: Int, Sendable, Codable {
    case none = 0, relu = 1, relu6 = 2

    @inlinable @inline(__always)
    public func apply(_ v: SIMD8<Float>) -> SIMD8<Float> {
        switch self {
        case .none: return v
        case .relu: return v.replacing(with: 0, where: v .< 0)
        case .relu6: return v.replacing(with: 0, where: v .< 0).replacing(with: 6, where: v .> 6)
        }
    }

    /// The activation as a clamp: `[lower, upper]`, so a kernel applies it branch-free.
    @inlinable @inline(__always)
    public var bounds: (lower: SIMD8<Float>, upper: SIMD8<Float>) {
        switch self {
        case .none: return (SIMD8(repeating: -.infinity), SIMD8(repeating: .infinity))
        case .relu: return (SIMD8(repeating: 0), SIMD8(repeating: .infinity))
        case .relu6: return (SIMD8(repeating: 0), SIMD8(repeating: 6))
        }
    }

    @inlinable @inline(__always)
    public func apply(_ v: Float) -> Float {
        switch self {
        case .none: return v
        case .relu: return max(v, 0)
        case .relu6: return min(max(v, 0), 6)
        }
    }
}

/// Clamps each lane to `[lower, upper]` (the fused activation).
@inlinable @inline(__always)
public func clamp(_ v: SIMD8<Float>, _ bounds: (lower: SIMD8<Float>, upper: SIMD8<Float>)) -> SIMD8<Float> {
    // Compare-and-blend compiles to vmaxps/vblendvps inline; the stdlib's pointwiseMin/Max and
    // clamped(lowerBound:upperBound:) become out-of-line scalar loops.
    let low = v.replacing(with: bounds.lower, where: v .< bounds.lower)
    return low.replacing(with: bounds.upper, where: low .> bounds.upper)
}

/// Loads and stores of eight floats at any alignment.
@inlinable @inline(__always)
public func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inlinable @inline(__always)
public func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}

/// `acc + a * b`, as one fused multiply-add when the build targets FMA hardware. The portable build
/// passes `fused: false`: without FMA instructions `addingProduct` becomes a libm call per lane.
@inlinable @inline(__always)
public func madd(_ acc: SIMD8<Float>, _ a: SIMD8<Float>, _ b: SIMD8<Float>, fused: Bool) -> SIMD8<Float> {
    fused ? acc.addingProduct(a, b) : acc + a * b
}

/// Stores the first `count` (1…8) lanes.
@inlinable @inline(__always)
public func storePartial(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, count: Int) {
    if count >= 8 { store8(v, p); return }
    for i in 0..<count { p[i] = v[i] }
}
