/// The classifier's preprocessing, defined once: the app and `tools/train/preprocess.py` do exactly this.
///
/// 1. Fit the upright photo inside `size`×`size`, keeping its aspect ratio (area downscale).
/// 2. Centre it on a white square (garment photos are taken whole; nothing is cropped away).
/// 3. Scale each channel as `x / 127.5 - 1` (MobileNetV2's ImageNet input range).
///
/// The output is NHWC float32, RGB.
public struct ModelInput: Equatable, Sendable, Codable {
    public var size: Int
    public var scale: Float
    public var offset: Float
    /// The padding colour, 0…255.
    public var pad: UInt8

    public static let mobileNetV2 = ModelInput(size: 224, scale: 1 / 127.5, offset: -1, pad: 255)

    public init(size: Int, scale: Float, offset: Float, pad: UInt8) {
        self.size = size; self.scale = scale; self.offset = offset; self.pad = pad
    }

    /// What a decoder must cover for this input: the long side must reach `size`.
    public func need(forUpright size: PixelSize) -> PixelSize {
        Resampler.fit(size, in: PixelSize(width: self.size, height: self.size))
    }

    /// The preprocessed tensor (`size*size*3` floats) for an upright image.
    public func tensor(_ image: RGBImage) -> [Float] {
        var out = [Float](repeating: 0, count: size * size * 3)
        write(image, into: &out)
        return out
    }

    /// Writes the preprocessed tensor into `out`, which holds `size*size*3` floats.
    public func write(_ image: RGBImage, into out: inout [Float]) {
        precondition(out.count == size * size * 3)
        let fitted = Resampler.fit(PixelSize(width: image.width, height: image.height), in: PixelSize(width: size, height: size))
        let resized = Resampler.resizeToFloats(image, width: fitted.width, height: fitted.height)
        let padValue = Float(pad) * scale + offset
        let x0 = (size - fitted.width) / 2, y0 = (size - fitted.height) / 2
        for i in 0..<out.count { out[i] = padValue }
        for y in 0..<fitted.height {
            for x in 0..<fitted.width {
                let s = (y * fitted.width + x) * 3, d = ((y + y0) * size + (x + x0)) * 3
                out[d] = resized[s] * scale + offset
                out[d + 1] = resized[s + 1] * scale + offset
                out[d + 2] = resized[s + 2] * scale + offset
            }
        }
    }
}
