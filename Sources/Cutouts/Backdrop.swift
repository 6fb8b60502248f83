import Imaging

/// The neutral a cut-out garment is shown on: a light warm grey, as a catalogue's studio backdrop. It is light
/// enough that dark garments stand out, not white, so that white garments keep their edge, and it reads as a
/// picture's tile on dark and on light terminals alike.
public enum Backdrop {
    /// sRGB (236, 234, 230), #ECEAE6.
    public static let colour: (r: UInt8, g: UInt8, b: UInt8) = (236, 234, 230)

    /// A picture of `size` filled with the backdrop.
    public static func canvas(_ size: PixelSize) -> RGBImage {
        RGBImage(width: max(1, size.width), height: max(1, size.height), fill: (colour.r, colour.g, colour.b))
    }
}
