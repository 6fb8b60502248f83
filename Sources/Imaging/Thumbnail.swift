import Foundation

/// The small picture of a photo the closet grid draws, made once at import and stored in the wardrobe.
public struct Thumbnail: Sendable {
    /// The box a thumbnail fits in (portrait 3:4, like most garment photos).
    public static let box = PixelSize(width: 96, height: 128)
    /// The box of the larger preview that terminals drawing real pixels (kitty, Sixel) use: 240 on the long side,
    /// a 24×12-cell grid picture at 10×20-pixel cells (and a 2000-pixel photo still decodes at 1/8 scale).
    public static let previewBox = PixelSize(width: 240, height: 240)

    public var image: RGBImage
    /// The JPEG bytes stored in the wardrobe.
    public var jpeg: Data

    /// Makes a thumbnail of an upright image: fitted inside `box`, aspect kept, never enlarged.
    public init(of image: RGBImage, box: PixelSize = Thumbnail.box, quality: Int = 85) throws {
        var size = Resampler.fit(PixelSize(width: image.width, height: image.height), in: box)
        if size.width > image.width || size.height > image.height { size = PixelSize(width: image.width, height: image.height) }
        self.image = Resampler.resize(image, width: size.width, height: size.height)
        self.jpeg = try ImageEncoder.jpeg(self.image, quality: quality)
    }

    /// Decodes a stored thumbnail.
    public static func decode(_ data: Data) throws -> RGBImage { try ImageDecoder().decode(data).image }
}
