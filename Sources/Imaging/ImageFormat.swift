/// The image formats closet reads, recognised by their magic bytes, never by the file name.
public enum ImageFormat: String, Sendable {
    case jpeg, png

    /// The format of `bytes`, or nil when they start like neither a JPEG nor a PNG.
    public static func sniff<C: Collection>(_ bytes: C) -> ImageFormat? where C.Element == UInt8 {
        let head = Array(bytes.prefix(8))
        if head.count >= 3, head[0] == 0xFF, head[1] == 0xD8, head[2] == 0xFF { return .jpeg }
        if head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
        return nil
    }

    /// The file extension a stored photo of this format gets.
    public var fileExtension: String { self == .jpeg ? "jpg" : "png" }
}
