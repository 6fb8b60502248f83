import Foundation

extension Lab {
    /// The CIEDE2000 colour difference (Sharma, Wu and Dalal 2005), with kL = kC = kH = 1: what people see
    /// better than ΔE*76, notably in the blues and among greys.
    public func deltaE2000(_ other: Lab) -> Double {
        let (l1, a1, b1) = (Double(l), Double(a), Double(b))
        let (l2, a2, b2) = (Double(other.l), Double(other.a), Double(other.b))
        let c1 = (a1 * a1 + b1 * b1).squareRoot(), c2 = (a2 * a2 + b2 * b2).squareRoot()
        let cMean = (c1 + c2) / 2
        let c7 = pow(cMean, 7)
        let g = 0.5 * (1 - (c7 / (c7 + pow(25, 7))).squareRoot())
        let a1p = (1 + g) * a1, a2p = (1 + g) * a2
        let c1p = (a1p * a1p + b1 * b1).squareRoot(), c2p = (a2p * a2p + b2 * b2).squareRoot()
        func hue(_ b: Double, _ a: Double) -> Double {
            if a == 0 && b == 0 { return 0 }
            let h = atan2(b, a) * 180 / .pi
            return h >= 0 ? h : h + 360
        }
        let h1p = hue(b1, a1p), h2p = hue(b2, a2p)
        let dLp = l2 - l1, dCp = c2p - c1p
        var dhp = 0.0
        if c1p * c2p != 0 {
            dhp = h2p - h1p
            if dhp > 180 { dhp -= 360 } else if dhp < -180 { dhp += 360 }
        }
        let dHp = 2 * (c1p * c2p).squareRoot() * sin(dhp * .pi / 360)
        let lMean = (l1 + l2) / 2, cpMean = (c1p + c2p) / 2
        var hMean = h1p + h2p
        if c1p * c2p != 0 {
            if abs(h1p - h2p) <= 180 { hMean /= 2 } else { hMean = h1p + h2p < 360 ? (hMean + 360) / 2 : (hMean - 360) / 2 }
        }
        let t =
            1 - 0.17 * cos((hMean - 30) * .pi / 180) + 0.24 * cos(2 * hMean * .pi / 180)
            + 0.32 * cos((3 * hMean + 6) * .pi / 180) - 0.20 * cos((4 * hMean - 63) * .pi / 180)
        let dTheta = 30 * exp(-pow((hMean - 275) / 25, 2))
        let cp7 = pow(cpMean, 7)
        let rc = 2 * (cp7 / (cp7 + pow(25, 7))).squareRoot()
        let l50 = (lMean - 50) * (lMean - 50)
        let sl = 1 + 0.015 * l50 / (20 + l50).squareRoot()
        let sc = 1 + 0.045 * cpMean
        let sh = 1 + 0.015 * cpMean * t
        let rt = -sin(2 * dTheta * .pi / 180) * rc
        let (x, y, z) = (dLp / sl, dCp / sc, dHp / sh)
        return (x * x + y * y + z * z + rt * y * z).squareRoot()
    }

    /// Chroma C*ab.
    public var chroma: Float { (a * a + b * b).squareRoot() }

    /// Hue angle h_ab in degrees, 0…360.
    public var hue: Float {
        let h = atan2f(b, a) * 180 / .pi
        return h >= 0 ? h : h + 360
    }
}
