import Foundation

/// What may name a photo file in the store: the SHA-256 of its bytes (64 lowercase hex digits) and
/// one of the image extensions closet writes. Nothing else read from a database or an export ever
/// becomes part of a path, so a crafted `hash` or `ext` cannot reach outside `photos/`.
public enum PhotoAddress {
    /// The extensions the importer gives the photos it stores (`jpeg` from older exports; HEIC, HEIF, AVIF and
    /// WebP kept as they came, as `Imaging.ImageFormat.fileExtension` names them).
    public static let extensions: Set<String> = ["jpg", "jpeg", "png", "heic", "heif", "avif", "webp"]

    public static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    public static func isExtension(_ text: String) -> Bool { extensions.contains(text) }

    /// Throws a bad-data error naming the value at fault (escaped for the terminal) unless both are valid.
    public static func validate(hash: String, ext: String) throws {
        guard isHash(hash) else {
            throw ClosetError.badData("'\(SafeText.escaped(String(hash.prefix(80))))' is not a photo name (64 hex digits of SHA-256)")
        }
        guard isExtension(ext) else {
            throw ClosetError.badData(
                "photo \(hash): '\(SafeText.escaped(String(ext.prefix(40))))' is not an image extension (jpg, png, heic, heif, avif or webp)"
            )
        }
    }
}
