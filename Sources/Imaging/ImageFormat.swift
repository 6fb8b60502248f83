/// The image formats closet reads, recognised by their magic bytes, never by the file name.
public enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg, png
    /// HEIF with HEVC pictures (an iPhone's photos), and plain HEIF (`mif1`): decoded with libheif.
    case heic, heif
    /// HEIF with AV1 pictures: decoded with libheif.
    case avif
    /// A RIFF `WEBP` file: decoded with libwebp.
    case webp

    /// The format of `bytes`, or nil when they start like none of them.
    public static func sniff<C: Collection>(_ bytes: C) -> ImageFormat? where C.Element == UInt8 {
        let head = Array(bytes.prefix(256))
        if head.count >= 3, head[0] == 0xFF, head[1] == 0xD8, head[2] == 0xFF { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        // RIFF, a size, WEBP.
        if head.count >= 16, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) { return .webp }
        if let brands = ftypBrands(head) {
            // The major brand first, then the compatible ones: the first that names a picture format wins.
            for brand in brands {
                switch brand {
                case "heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs": return .heic
                case "avif", "avis": return .avif
                default: continue
                }
            }
            if brands.contains(where: { ["mif1", "msf1", "mif2"].contains($0) }) { return .heif }
        }
        return nil
    }

    /// A HEIF file's brands (major first, then compatible) from its `ftyp` box, or nil when it has none.
    static func ftypBrands(_ head: [UInt8]) -> [String]? {
        guard head.count >= 16, Array(head[4..<8]) == Array("ftyp".utf8) else { return nil }
        let size = Int(head[0]) << 24 | Int(head[1]) << 16 | Int(head[2]) << 8 | Int(head[3])
        guard size >= 16, size <= 4096 else { return nil }
        let end = min(size, head.count)
        var brands = [String(decoding: head[8..<12], as: UTF8.self)]
        var at = 16
        while at + 4 <= end {
            brands.append(String(decoding: head[at..<(at + 4)], as: UTF8.self))
            at += 4
        }
        return brands
    }

    /// The reason `bytes` (a HEIF file) hold an image sequence or an animation rather than one picture, or nil:
    /// the major brand says so (`msf1`, `hevs`, `avis`). Such a file is refused with these words, never decoded halfway.
    public static func sequenceReason<C: Collection>(_ bytes: C) -> String? where C.Element == UInt8 {
        guard let major = ftypBrands(Array(bytes.prefix(256)))?.first else { return nil }
        guard ["msf1", "hevs", "hevc", "avis"].contains(major) else { return nil }
        return "an image sequence (a burst or an animation, brand '\(major)') is not a photo: closet takes still pictures"
    }

    /// The file extension a stored photo of this format gets.
    public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }

    /// Every extension a photo file of these formats may have, lower case (`jpeg` and `jpg` both).
    public static let fileExtensions: Set<String> = Set(allCases.map(\.fileExtension) + ["jpeg"])
}
