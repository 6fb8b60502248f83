import Foundation

/// Everything closet derives from a photo at import, from one decode.
public struct ProcessedPhoto: Sendable {
    public var decoded: DecodedImage
    public var thumbnail: Thumbnail
    /// The larger picture for terminals that draw real pixels.
    public var preview: Thumbnail
    public var colors: [NamedColor]
    /// Every palette name's share of the garment before ranking (`DominantColors.shares`), which `colors` ranks.
    public var colorShares: [String: Double]
}

/// Turns a file's bytes into an upright image, its thumbnail, preview and colours, decoding once at the
/// smallest DCT scale that still covers the classifier's input and the preview.
public struct PhotoProcessor: Sendable {
    public var decoder = ImageDecoder()
    public var colors = DominantColors()
    /// The box the decode must cover: the classifier's input square, or the thumbnail's box.
    public var box: PixelSize

    public init(modelInput: ModelInput? = .mobileNetV2) {
        let side = max(modelInput?.size ?? 0, Thumbnail.previewBox.width, Thumbnail.previewBox.height)
        box = PixelSize(width: side, height: side)
    }

    /// - Parameter garment: where the garment lies in the decoded upright image (the classifier's class
    ///   activation map), asked for before the colours so that they weigh its pixels; without it, or when it
    ///   gives none, the colours weigh the middle of the photo.
    public func process(_ data: Data, garment: ((RGBImage) throws -> GarmentMap?)? = nil) throws -> ProcessedPhoto {
        let decoded = try decoder.decode(data, fitting: box)
        let thumbnail = try Thumbnail(of: decoded.image)
        let preview = try Thumbnail(of: decoded.image, box: Thumbnail.previewBox)
        let map = try garment?(decoded.image)
        // Colours from the thumbnail-sized image: plenty of pixels, a fraction of the work.
        let shares = colors.shares(thumbnail.image, garment: map)
        return ProcessedPhoto(
            decoded: decoded, thumbnail: thumbnail, preview: preview, colors: colors.rank(shares), colorShares: shares)
    }
}
