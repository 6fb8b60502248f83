import CImageCodecs
import Foundation

/// JPEG and PNG encoding through the C shim (thumbnails, exports, and the images tests write).
public enum ImageEncoder {
    /// JPEG colour models the encoder writes.
    public enum JPEGColor: Int32, Sendable { case gray = 1, rgb = 3, cmyk = 4 }

    /// Encodes an RGB image as a JPEG.
    public static func jpeg(_ image: RGBImage, quality: Int = 85, progressive: Bool = false) throws -> Data {
        try jpeg(
            pixels: image.pixels, width: image.width, height: image.height, color: .rgb, quality: quality,
            progressive: progressive)
    }

    /// Encodes raw pixels (1, 3 or 4 bytes a pixel) as a JPEG; CMYK is written Adobe-style (YCCK, inverted).
    public static func jpeg(
        pixels: [UInt8], width: Int, height: Int, color: JPEGColor, quality: Int = 85,
        progressive: Bool = false
    ) throws -> Data {
        precondition(pixels.count == width * height * Int(color.rawValue))
        var out: UnsafeMutablePointer<UInt8>? = nil
        var size: UInt = 0
        var error = [CChar](repeating: 0, count: Int(CLOSET_ERROR_SIZE))
        let rc = pixels.withUnsafeBufferPointer {
            closet_jpeg_encode(
                $0.baseAddress, Int32(width), Int32(height), color.rawValue, Int32(quality),
                progressive ? 1 : 0, &out, &size, &error)
        }
        guard rc == 0, let out else {
            throw ImagingError.encodeFailed("JPEG encoding failed: \(String(cString: error))")
        }
        defer { closet_free(out) }
        return Data(bytes: out, count: Int(size))
    }

    /// Encodes an RGB image as an 8-bit PNG.
    public static func png(_ image: RGBImage) throws -> Data {
        try png(image.pixels, width: image.width, height: image.height, channels: 3)
    }

    /// 8-bit pixels of `channels` interleaved channels (1 grey, 3 RGB, 4 RGBA) as a PNG.
    public static func png(_ bytes: [UInt8], width: Int, height: Int, channels: Int32) throws -> Data {
        var out: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        var error = [CChar](repeating: 0, count: Int(CLOSET_ERROR_SIZE))
        let rc = bytes.withUnsafeBufferPointer {
            closet_png_encode($0.baseAddress, Int32(width), Int32(height), channels, &out, &size, &error)
        }
        guard rc == 0, let out else { throw ImagingError.encodeFailed("PNG encoding failed: \(String(cString: error))") }
        defer { closet_free(out) }
        return Data(bytes: out, count: size)
    }
}
