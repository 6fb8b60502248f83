/// Why an image could not be read. Each message says what is wrong with the file.
public enum ImagingError: Error, Equatable, CustomStringConvertible {
    /// Not a JPEG or PNG, judged by its first bytes.
    case notAnImage(String)
    /// A JPEG or PNG that the decoder refused (truncated, corrupt).
    case corrupt(String)
    /// Larger than closet accepts (file size, pixel count, a progressive JPEG's scans or memory).
    case tooLarge(String)
    /// Decodable, but part of the picture is missing (the data ends early or is corrupt): what is missing.
    case damaged(String)
    /// An encoder failed.
    case encodeFailed(String)

    public var description: String {
        switch self {
        case .notAnImage(let m), .corrupt(let m), .tooLarge(let m), .damaged(let m), .encodeFailed(let m): m
        }
    }
}
