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
/// smallest DCT scale that still covers every size import makes (``sizes``), and deriving each from that one
/// bitmap.
public struct PhotoProcessor: Sendable {
    public var decoder = ImageDecoder()
    public var colors = DominantColors()
    /// Every box import fits the upright photo into: the thumbnail's, the preview's and the classifier's input
    /// square. A stage that needs another size (a cut-out network's input) adds its box here, and the one
    /// decode grows to cover it.
    public var sizes: [PixelSize]
    /// The box the decode must cover: the smallest that holds each of ``sizes`` (what fits a box fits any
    /// larger one, so one fit inside it covers them all).
    public var box: PixelSize { Self.box(covering: sizes) }

    public init(modelInput: ModelInput? = .mobileNetV2) {
        sizes = [Thumbnail.box, Thumbnail.previewBox]
        if let side = modelInput?.size { sizes.append(PixelSize(width: side, height: side)) }
    }

    /// The smallest box holding each of `boxes`.
    public static func box(covering boxes: [PixelSize]) -> PixelSize {
        PixelSize(width: boxes.map(\.width).max() ?? 0, height: boxes.map(\.height).max() ?? 0)
    }

    /// - Parameter garment: where the garment lies in the decoded upright image (the classifier's class
    ///   activation map), asked for before the colours so that they weigh its pixels; without it, or when it
    ///   gives none, the colours weigh the middle of the photo.
    /// - Parameter times: where the stages' time is added (`closet bench import`), or nil.
    public func process(
        _ data: Data, times: StageTimes? = nil, garment: ((RGBImage) throws -> GarmentMap?)? = nil
    ) throws -> ProcessedPhoto {
        let decoded = try times.measure(.decode) { try decoder.decode(data, fitting: box) }
        let (thumbnail, preview) = try times.measure(.sizes) {
            (try Thumbnail(of: decoded.image), try Thumbnail(of: decoded.image, box: Thumbnail.previewBox))
        }
        let map = try times.measure(.classify) { try garment?(decoded.image) }
        // Colours from the thumbnail-sized image: plenty of pixels, a fraction of the work.
        let shares = times.measure(.colours) { colors.shares(thumbnail.image, garment: map) }
        return ProcessedPhoto(
            decoded: decoded, thumbnail: thumbnail, preview: preview, colors: colors.rank(shares), colorShares: shares)
    }
}
