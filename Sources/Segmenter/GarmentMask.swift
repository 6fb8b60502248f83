import Foundation
import Imaging

/// A photo's garment mask: 8-bit grey at the photo's size, 255 for the garment, 0 for the background.
public struct GarmentMask: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public let pixels: [UInt8]
    /// The share of the network's map it was sure is garment (above 0.5), before stretching.
    public let coverage: Double

    /// Below this share of garment, or above `wholeFrame`, nothing was found: closet keeps the photo as it is.
    public static let emptyBelow = 0.005
    public static let wholeFrame = 0.97

    /// Nothing told apart from the background: an empty mask or the whole frame.
    public var found: Bool { coverage >= Self.emptyBelow && coverage <= Self.wholeFrame }

    public init(width: Int, height: Int, pixels: [UInt8], coverage: Double) {
        precondition(pixels.count == width * height, "a mask's pixels do not match its size")
        (self.width, self.height, self.pixels, self.coverage) = (width, height, pixels, coverage)
    }

    /// From the network's `side`×`side` map (0…1): stretched to 0…1 by its smallest and largest values (as
    /// rembg does) and resized bilinearly to `width`×`height` (half-pixel centres).
    init(map: [Float], side: Int, width: Int, height: Int) {
        let low = map.min() ?? 0, high = map.max() ?? 1
        let range = high - low
        let stretched = range > 1e-6 ? map.map { ($0 - low) / range } : [Float](repeating: 0, count: map.count)
        let coverage = Double(map.reduce(0) { $0 + ($1 > 0.5 ? 1 : 0) }) / Double(max(map.count, 1))
        func taps(_ output: Int) -> [(Int, Int, Float)] {
            let scale = Float(side) / Float(output)
            return (0..<output).map { o in
                let x = min(max((Float(o) + 0.5) * scale - 0.5, 0), Float(side - 1))
                let lo = min(Int(x), side - 1)
                return (lo, min(lo + 1, side - 1), x - Float(lo))
            }
        }
        let rows = taps(height), columns = taps(width)
        var pixels = [UInt8](repeating: 0, count: width * height)
        for (y, (y0, y1, wy)) in rows.enumerated() {
            for (x, (x0, x1, wx)) in columns.enumerated() {
                let top = stretched[y0 * side + x0] * (1 - wx) + stretched[y0 * side + x1] * wx
                let bottom = stretched[y1 * side + x0] * (1 - wx) + stretched[y1 * side + x1] * wx
                pixels[y * width + x] = UInt8(min(max((top * (1 - wy) + bottom * wy) * 255, 0), 255).rounded())
            }
        }
        self.init(width: width, height: height, pixels: pixels, coverage: coverage)
    }

    /// The whole photo kept: every pixel 255 (what a cut-out shows where nothing was found).
    public var opaque: GarmentMask {
        GarmentMask(width: width, height: height, pixels: [UInt8](repeating: 255, count: pixels.count), coverage: coverage)
    }

    /// The mask as an 8-bit grey PNG.
    public func png() throws -> Data { try ImageEncoder.png(pixels, width: width, height: height, channels: 1) }

    /// The photo with the mask as its alpha: an RGBA PNG. The photo must be the mask's size.
    public func cutout(_ photo: RGBImage) throws -> Data {
        precondition(photo.width == width && photo.height == height, "the cut-out's photo is not the mask's size")
        var rgba = [UInt8](repeating: 0, count: width * height * 4)
        for i in 0..<(width * height) {
            rgba[i * 4] = photo.pixels[i * 3]
            rgba[i * 4 + 1] = photo.pixels[i * 3 + 1]
            rgba[i * 4 + 2] = photo.pixels[i * 3 + 2]
            rgba[i * 4 + 3] = pixels[i]
        }
        return try ImageEncoder.png(rgba, width: width, height: height, channels: 4)
    }
}
