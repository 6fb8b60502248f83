/// The limits on one photo that every way into a wardrobe shares: `closet import` and `add` (``ImageDecoder``) and
/// `closet receive` (its per-photo limit) take them from here, so that a photo one accepts the other accepts too.
public enum PhotoLimits {
    /// One photo file's bytes: 64 MB, past any camera's JPEG or HEIC.
    public static let maxFileBytes = 64 * 1024 * 1024

    /// The limit as a person reads it, "64 MB".
    public static func megabytes(_ bytes: Int) -> String { "\(bytes / 1_048_576) MB" }
}
