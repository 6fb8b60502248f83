import Foundation

/// The nearest chromatic palette colour (``ColorPalette/nearestChromatic(_:)``), looked up instead of computed
/// in CIEDE2000 for every pixel: a grid over L*a*b*, `step` units a side, whose corners' nearest colours are
/// computed once, the first time a colour falls in one of their cells. A cell whose eight corners agree answers
/// for every colour inside it; a cell whose corners disagree lies on a boundary between two names, and so does a
/// cell near the neutral axis (where hue turns quickly) or outside the grid: a colour there is computed in
/// CIEDE2000 as before. Checked against CIEDE2000 at every 8-bit sRGB colour (`NearestColourTableTests`, and
/// the README's colour section).
///
/// Thread-safe: import's workers share one table, filled as their photos need it (a few hundred cells a photo,
/// fewer as the table fills).
final class NearestColourTable: @unchecked Sendable {
    /// A cell's side, in L*, a* and b* units.
    let step: Float
    /// Cells this close (in chroma) to the neutral axis are computed, never looked up.
    let neutralRadius: Float
    /// The grid: L* 0…100, a* and b* −128…128.
    static let lRange: ClosedRange<Float> = 0...100
    static let abRange: ClosedRange<Float> = -128...128
    private let cellsL: Int, cellsAB: Int
    /// Each corner's nearest colour, as its index + 1; 0 until computed.
    private var corners: [UInt8]
    /// Each cell's colour when its corners agree, as its index + 1; 0 until known; `Self.boundary` when not.
    private var cells: [UInt8]
    private static let boundary: UInt8 = 255
    private let lock = NSLock()
    private let exact: @Sendable (Lab) -> Int

    /// - Parameter exact: the nearest colour's index for a colour, in CIEDE2000 (under 255 colours).
    init(step: Float = 2, neutralRadius: Float = 14, exact: @escaping @Sendable (Lab) -> Int) {
        self.step = step
        self.neutralRadius = neutralRadius
        self.exact = exact
        cellsL = Int(((Self.lRange.upperBound - Self.lRange.lowerBound) / step).rounded(.up))
        cellsAB = Int(((Self.abRange.upperBound - Self.abRange.lowerBound) / step).rounded(.up))
        corners = [UInt8](repeating: 0, count: (cellsL + 1) * (cellsAB + 1) * (cellsAB + 1))
        cells = [UInt8](repeating: 0, count: cellsL * cellsAB * cellsAB)
    }

    /// The nearest colour's index for `lab`: from its cell when the cell's corners agree, else computed.
    func nearest(_ lab: Lab) -> Int {
        guard let (i, j, k) = cell(of: lab) else { return exact(lab) }
        let index = (i * cellsAB + j) * cellsAB + k
        let known = lock.withLock { () -> UInt8 in
            if cells[index] == 0 { cells[index] = verdict(i, j, k) }
            return cells[index]
        }
        return known == Self.boundary ? exact(lab) : Int(known) - 1
    }

    /// The cell holding `lab` (a colour on a shared face belongs to the cell above it, the grid's last face to the
    /// last cell), or nil outside the grid or near the neutral axis.
    func cell(of lab: Lab) -> (Int, Int, Int)? {
        func index(_ v: Float, _ range: ClosedRange<Float>, _ count: Int) -> Int? {
            guard v.isFinite, range.contains(v) else { return nil }
            return min(Int(((v - range.lowerBound) / step).rounded(.down)), count - 1)
        }
        guard let i = index(lab.l, Self.lRange, cellsL), let j = index(lab.a, Self.abRange, cellsAB),
            let k = index(lab.b, Self.abRange, cellsAB)
        else { return nil }
        // The cell's nearest point to the neutral axis (a* = b* = 0).
        let (a0, b0) = (corner(j, Self.abRange), corner(k, Self.abRange))
        let da = max(a0, 0, -(a0 + step)), db = max(b0, 0, -(b0 + step))
        guard (da * da + db * db).squareRoot() >= neutralRadius else { return nil }
        return (i, j, k)
    }

    /// The colour all eight corners of cell (i, j, k) share, as its index + 1, or `boundary`. Under the lock.
    private func verdict(_ i: Int, _ j: Int, _ k: Int) -> UInt8 {
        var shared: UInt8 = 0
        for di in 0...1 {
            for dj in 0...1 {
                for dk in 0...1 {
                    let c = cornerColour(i + di, j + dj, k + dk)
                    if shared == 0 { shared = c } else if c != shared { return Self.boundary }
                }
            }
        }
        return shared
    }

    /// Corner (i, j, k)'s nearest colour as its index + 1, computed the first time. Under the lock.
    private func cornerColour(_ i: Int, _ j: Int, _ k: Int) -> UInt8 {
        let index = (i * (cellsAB + 1) + j) * (cellsAB + 1) + k
        if corners[index] == 0 {
            let lab = Lab(l: corner(i, Self.lRange), a: corner(j, Self.abRange), b: corner(k, Self.abRange))
            corners[index] = UInt8(exact(lab) + 1)
        }
        return corners[index]
    }

    /// The coordinate of grid line `n` along an axis spanning `range` (the last line clamped to the range).
    func corner(_ n: Int, _ range: ClosedRange<Float>) -> Float { min(range.lowerBound + Float(n) * step, range.upperBound) }
}
