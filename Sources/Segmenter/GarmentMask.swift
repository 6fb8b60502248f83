import ClosetKit
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

    /// Whether a garment was told apart from the background (false: an empty mask or the whole frame, and the photo
    /// is shown as it is). From `coverage` for a mask just made; the stored state for one read back.
    public let found: Bool

    /// `found` nil: by `coverage`, between ``emptyBelow`` and ``wholeFrame``.
    public init(width: Int, height: Int, pixels: [UInt8], coverage: Double, found: Bool? = nil) {
        precondition(pixels.count == width * height, "a mask's pixels do not match its size")
        (self.width, self.height, self.pixels, self.coverage) = (width, height, pixels, coverage)
        self.found = found ?? (coverage >= Self.emptyBelow && coverage <= Self.wholeFrame)
    }

    /// From the network's `side`×`side` map (0…1): stretched to 0…1 by its smallest and largest values (as
    /// rembg does), as 8-bit grey at `side`×`side` (the form the wardrobe stores), then resized bilinearly to
    /// `width`×`height` (half-pixel centres).
    init(map: [Float], side: Int, width: Int, height: Int) {
        self = GarmentMask(map: map, side: side).resized(width: width, height: height)
    }

    /// The network's `side`×`side` map stretched to 0…255: the mask as the wardrobe stores it.
    init(map: [Float], side: Int) {
        let low = map.min() ?? 0, high = map.max() ?? 1
        let range = high - low
        let coverage = Double(map.reduce(0) { $0 + ($1 > 0.5 ? 1 : 0) }) / Double(max(map.count, 1))
        let pixels = map.map { range > 1e-6 ? UInt8(min(max(($0 - low) / range * 255, 0), 255).rounded()) : 0 }
        self.init(width: side, height: side, pixels: pixels, coverage: coverage)
    }

    /// The mask resized bilinearly to `width`×`height` (half-pixel centres); itself at its own size.
    public func resized(width: Int, height: Int) -> GarmentMask {
        if width == self.width && height == self.height { return self }
        func taps(_ output: Int, _ side: Int) -> [(Int, Int, Float)] {
            let scale = Float(side) / Float(output)
            return (0..<output).map { o in
                let x = min(max((Float(o) + 0.5) * scale - 0.5, 0), Float(side - 1))
                let lo = min(Int(x), side - 1)
                return (lo, min(lo + 1, side - 1), x - Float(lo))
            }
        }
        let rows = taps(height, self.height), columns = taps(width, self.width)
        let source = self.pixels.map(Float.init), stride = self.width
        var pixels = [UInt8](repeating: 0, count: width * height)
        for (y, (y0, y1, wy)) in rows.enumerated() {
            for (x, (x0, x1, wx)) in columns.enumerated() {
                let top = source[y0 * stride + x0] * (1 - wx) + source[y0 * stride + x1] * wx
                let bottom = source[y1 * stride + x0] * (1 - wx) + source[y1 * stride + x1] * wx
                pixels[y * width + x] = UInt8(min(max(top * (1 - wy) + bottom * wy, 0), 255).rounded())
            }
        }
        return GarmentMask(width: width, height: height, pixels: pixels, coverage: coverage, found: found)
    }

    /// A mask the wardrobe stores read back, at its own size or at `width`×`height`: `found` is the stored state's.
    /// A damaged one throws ``ClosetKit/ClosetError/damagedMask(photo:problem:)`` (see ``init(png:width:height:photo:)``).
    public init(stored: StoredMask, width: Int? = nil, height: Int? = nil, photo: String) throws {
        let mask = try GarmentMask(png: stored.png, width: width, height: height, photo: photo)
        self.init(width: mask.width, height: mask.height, pixels: mask.pixels, coverage: mask.coverage, found: stored.state == .garment)
    }

    /// A stored mask's PNG (``ClosetKit/StoredMask/png``) read back, at its own size or resized to `width`×`height`.
    /// Its `coverage` and `found` are guessed from its pixels (the share at 128 or more): ``init(stored:width:height:photo:)``
    /// takes the stored state instead.
    /// A blob that is not an 8-bit grey PNG within ``ClosetKit/StoredMask``'s bounds throws
    /// ``ClosetKit/ClosetError/damagedMask(photo:problem:)`` naming `photo`: a damaged mask is never used.
    public init(png: Data, width: Int? = nil, height: Int? = nil, photo: String) throws {
        func damaged(_ problem: String) -> ClosetError { ClosetError.damagedMask(photo: photo, problem: problem) }
        if let width, let height, width <= 0 || height <= 0 { throw damaged("asked for a \(width)x\(height) mask") }
        if let problem = StoredMask.problem(png) { throw damaged(problem) }
        // IHDR: the size, a bit depth of 8 and colour type 0 (grey), read before anything is decoded.
        let header = [UInt8](png.prefix(26))
        guard header.count == 26, header[12...15] == [0x49, 0x48, 0x44, 0x52] else { throw damaged("no PNG header") }
        let side = { (at: Int) -> Int in header[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        let (w, h) = (side(16), side(20))
        guard (1...StoredMask.maxSide).contains(w), (1...StoredMask.maxSide).contains(h) else {
            throw damaged("a \(w)x\(h) mask (1 to \(StoredMask.maxSide) pixels a side)")
        }
        guard header[24] == 8, header[25] == 0 else { throw damaged("not an 8-bit grey PNG") }
        let decoded: DecodedImage
        do { decoded = try ImageDecoder().decode(png) } catch { throw damaged("\(error)") }
        let image = decoded.image
        guard decoded.format == .png, image.width == w, image.height == h else { throw damaged("its pixels do not match its header") }
        var pixels = [UInt8](repeating: 0, count: w * h)
        for i in 0..<(w * h) { pixels[i] = image.pixels[i * 3] }
        let coverage = Double(pixels.reduce(0) { $0 + ($1 >= 128 ? 1 : 0) }) / Double(w * h)
        self = GarmentMask(width: w, height: h, pixels: pixels, coverage: coverage).resized(width: width ?? w, height: height ?? h)
    }

    /// The mask as the wardrobe stores it (``ClosetKit/Wardrobe/setMask(_:state:model:photo:)``): the PNG, and
    /// whether a garment was found.
    public var stored: (png: Data, state: MaskState) {
        get throws { (try png(), found ? .garment : .nothing) }
    }

    /// The whole photo kept: every pixel 255 (what a cut-out shows where nothing was found).
    public var opaque: GarmentMask {
        GarmentMask(
            width: width, height: height, pixels: [UInt8](repeating: 255, count: pixels.count), coverage: coverage, found: found)
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
