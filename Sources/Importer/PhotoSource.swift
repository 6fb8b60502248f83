import ClosetKit
import Foundation
import Imaging

/// A photo to import: a file, read when its turn comes, or bytes already in memory (an upload, still in the body
/// it came in), which `file` then only names in the outcome.
public struct PhotoSource: Sendable {
    public var file: URL
    public var bytes: Data?

    public init(file: URL, bytes: Data? = nil) {
        self.file = file
        self.bytes = bytes
    }

    /// The photo's bytes, under the decoder's limits: the file read (``ImageDecoder/read(file:pieces:)``), or the
    /// bytes copied into a buffer of their own; `pieces` sees them as they come, a megabyte at most at a time.
    func read(with decoder: ImageDecoder, pieces: (UnsafeRawBufferPointer) -> Void) throws -> Data {
        guard let bytes else { return try withoutActuallyEscaping(pieces) { try decoder.read(file: file, pieces: $0) } }
        if bytes.count > decoder.maxFileBytes {
            throw ImagingError.tooLarge(
                "the file is \(bytes.count / 1_048_576) MB, over the \(PhotoLimits.megabytes(decoder.maxFileBytes)) limit")
        }
        if bytes.isEmpty { throw ImagingError.notAnImage("the file is empty") }
        var copy = Data(count: bytes.count)
        copy.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { source in
                var at = 0
                while at < source.count {
                    let piece = UnsafeRawBufferPointer(rebasing: source[at..<min(source.count, at + (1 << 20))])
                    UnsafeMutableRawBufferPointer(rebasing: target[at..<(at + piece.count)]).copyMemory(from: piece)
                    pieces(UnsafeRawBufferPointer(rebasing: target[at..<(at + piece.count)]))
                    at += piece.count
                }
            }
        }
        return copy
    }
}
