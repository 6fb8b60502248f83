/// How the terminal shows colour.
public enum ColorMode: Equatable, Sendable {
    /// 24-bit colour (`COLORTERM=truecolor|24bit`, or a `*-direct` TERM) where the terminal database allows it.
    case trueColor
    /// The 6×6×6 cube and the grey ramp of 256-colour terminals (colours 16…255; the first 16 differ between terminals).
    case palette256
    /// No colour: `NO_COLOR`, `TERM=dumb`, or a terminal without colours.
    case monochrome

    /// Decides from the environment and what ncurses reports (`COLORS`).
    public static func detect(environment: [String: String], colors: Int, hasColors: Bool) -> ColorMode {
        if environment["NO_COLOR"] != nil || environment["TERM"] == "dumb" || !hasColors { return .monochrome }
        let term = environment["TERM"] ?? ""
        let wantsTrue = ["truecolor", "24bit"].contains(environment["COLORTERM"]?.lowercased() ?? "") || term.hasSuffix("-direct")
        // ncurses can send 24-bit colours only through a terminfo entry that has them (COLORS ≥ 2^24).
        if wantsTrue && colors >= 1 << 24 { return .trueColor }
        return colors >= 256 ? .palette256 : .monochrome
    }

    /// The terminal colour number for an RGB colour.
    public func color(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int32 {
        switch self {
        // Direct-colour values 0…7 are the terminal's own eight colours: the darkest blues step up to 8.
        case .trueColor: return max(8, Int32(r) << 16 | Int32(g) << 8 | Int32(b))
        case .palette256: return Int32(Self.nearest256(r, g, b))
        case .monochrome: return -1
        }
    }

    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The nearest colour among the 240 of the cube (16…231) and the grey ramp (232…255).
    public static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        func level(_ v: UInt8) -> Int {
            var best = 0
            for (i, l) in cubeLevels.enumerated() where abs(l - Int(v)) < abs(cubeLevels[best] - Int(v)) { best = i }
            return best
        }
        let (lr, lg, lb) = (level(r), level(g), level(b))
        let cube = 16 + 36 * lr + 6 * lg + lb
        let cubeDistance = distance(r, g, b, cubeLevels[lr], cubeLevels[lg], cubeLevels[lb])
        let mean = (Int(r) + Int(g) + Int(b)) / 3
        let greyIndex = max(0, min(23, (mean - 8 + 5) / 10))
        let grey = 8 + 10 * greyIndex
        let greyDistance = distance(r, g, b, grey, grey, grey)
        return greyDistance < cubeDistance ? 232 + greyIndex : cube
    }

    static func distance(_ r: UInt8, _ g: UInt8, _ b: UInt8, _ r2: Int, _ g2: Int, _ b2: Int) -> Int {
        // Weighted for the eye (2, 4, 3).
        let dr = Int(r) - r2, dg = Int(g) - g2, db = Int(b) - b2
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }
}
