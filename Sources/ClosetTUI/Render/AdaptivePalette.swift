import Imaging
import TerminalGraphics

/// Colours 16…255 chosen for the photos on screen, for 256-colour terminals that can redefine their
/// colours (`ccc`, `initc`): the photos' colours (two a half-block cell), quantised in Lab when there
/// are more than 240 of them, instead of the fixed 6×6×6 cube. The UI itself uses only the terminal's
/// default colours, so redefining 16…255 changes nothing else; curses puts the colours back at exit (`oc`).
struct AdaptivePalette {
    static let first: Int32 = 16
    static let size = 240

    /// The palette's colours as 0xRRGGBB.
    private(set) var colours: [UInt32] = []
    private var index: [UInt32: Int32] = [:]

    /// The palette for `wanted` colours (0xRRGGBB): each exactly when there are at most 240, else their median-cut palette.
    init(_ wanted: [UInt32]) {
        let unique = Array(Set(wanted)).sorted()  // sorted: the same colours give the same palette
        if unique.count <= Self.size {
            colours = unique
            for (i, c) in unique.enumerated() { index[c] = Self.first + Int32(i) }
            return
        }
        var pixels: [UInt8] = []
        pixels.reserveCapacity(unique.count * 3)
        for c in unique { pixels += [UInt8(c >> 16 & 0xFF), UInt8(c >> 8 & 0xFF), UInt8(c & 0xFF)] }
        let quantized = ColorQuantizer(RGBImage(width: unique.count, height: 1, pixels: pixels), maxColors: Self.size)
        colours = quantized.palette.map { UInt32($0.r) << 16 | UInt32($0.g) << 8 | UInt32($0.b) }
        for (i, c) in unique.enumerated() { index[c] = Self.first + Int32(quantized.indices[i]) }
    }

    /// The terminal colour number that shows `rgb`.
    func number(_ rgb: UInt32) -> Int32? { index[rgb] }
}
