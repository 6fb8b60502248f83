import CImageCodecs
import Foundation

/// Edits JPEG bytes for tests: add an EXIF orientation, fake a huge size in the header.
public enum JPEGTools {
    /// Inserts an APP1 EXIF segment with the given orientation right after SOI.
    public static func withOrientation(_ jpeg: Data, _ orientation: Int, bigEndian: Bool = true) -> Data {
        var tiff: [UInt8] = bigEndian ? [0x4D, 0x4D, 0, 42, 0, 0, 0, 8] : [0x49, 0x49, 42, 0, 8, 0, 0, 0]
        func u16(_ v: Int) -> [UInt8] { bigEndian ? [UInt8(v >> 8), UInt8(v & 255)] : [UInt8(v & 255), UInt8(v >> 8)] }
        func u32(_ v: Int) -> [UInt8] { bigEndian ? [0, 0] + u16(v) : u16(v) + [0, 0] }
        tiff += u16(1)  // one entry
        tiff += u16(0x0112) + u16(3) + u32(1) + u16(orientation) + [0, 0]
        tiff += u32(0)  // no next IFD
        let body: [UInt8] = Array("Exif".utf8) + [0, 0] + tiff
        let length = body.count + 2
        let segment: [UInt8] = [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 255)] + body
        var out = Data(jpeg.prefix(2))
        out.append(contentsOf: segment)
        out.append(jpeg.dropFirst(2))
        return out
    }

    /// Rewrites the SOF header's size (a decompression-bomb header with tiny data).
    public static func withHeaderSize(_ jpeg: Data, width: Int, height: Int) -> Data {
        var bytes = [UInt8](jpeg)
        var i = 2
        while i + 9 < bytes.count {
            guard bytes[i] == 0xFF else { break }
            let marker = bytes[i + 1]
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            if (0xC0...0xC2).contains(marker) {
                bytes[i + 5] = UInt8(height >> 8); bytes[i + 6] = UInt8(height & 255)
                bytes[i + 7] = UInt8(width >> 8); bytes[i + 8] = UInt8(width & 255)
                break
            }
            i += 2 + length
        }
        return Data(bytes)
    }

    /// A valid progressive JPEG of `scans` scans (a DC scan, then one coefficient at a time by successive
    /// approximation), grey or RGB: the many-tiny-scans file a hostile encoder sends.
    public static func progressive(pixels: [UInt8], width: Int, height: Int, components: Int, scans: Int) -> Data {
        var out: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        var error = [CChar](repeating: 0, count: Int(CLOSET_ERROR_SIZE))
        let status = closet_jpeg_encode_scans(pixels, Int32(width), Int32(height), Int32(components), Int32(scans), &out, &size, &error)
        precondition(status == 0, String(cString: error))
        defer { closet_free(out) }
        return Data(bytes: out!, count: Int(size))
    }
}
