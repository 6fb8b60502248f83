import Foundation

/// A colour in CIE L*a*b* (D65), where Euclidean distance roughly follows what people see.
public struct Lab: Equatable, Sendable {
    public var l: Float
    public var a: Float
    public var b: Float

    public init(l: Float, a: Float, b: Float) { self.l = l; self.a = a; self.b = b }

    /// Converts 8-bit sRGB.
    public init(r: UInt8, g: UInt8, b: UInt8) {
        let lin = Lab.linear
        let (rl, gl, bl) = (lin[Int(r)], lin[Int(g)], lin[Int(b)])
        let x = (0.4124 * rl + 0.3576 * gl + 0.1805 * bl) / 0.95047
        let y = 0.2126 * rl + 0.7152 * gl + 0.0722 * bl
        let z = (0.0193 * rl + 0.1192 * gl + 0.9505 * bl) / 1.08883
        func f(_ t: Float) -> Float { t > 0.008856 ? cbrtf(t) : 7.787 * t + 16 / 116 }
        let (fx, fy, fz) = (f(x), f(y), f(z))
        self.init(l: 116 * fy - 16, a: 500 * (fx - fy), b: 200 * (fy - fz))
    }

    /// sRGB 0…255 to linear light, tabulated.
    static let linear: [Float] = (0..<256).map { i in
        let c = Float(i) / 255
        return c <= 0.04045 ? c / 12.92 : powf((c + 0.055) / 1.055, 2.4)
    }

    /// ΔE*76, squared.
    public func distanceSquared(_ o: Lab) -> Float {
        let dl = l - o.l, da = a - o.a, db = b - o.b
        return dl * dl + da * da + db * db
    }
}
