import Foundation
import Imaging

/// Reads an X window dump (`xwd -root`): the screenshot of a real terminal under Xvfb, as RGB.
/// Only what Xvfb writes is read: ZPixmap, 24 or 32 bits a pixel, true colour.
enum XWindowDump {
    static func read(_ data: Data) -> RGBImage? {
        let bytes = [UInt8](data)
        func field(_ n: Int) -> Int {
            guard bytes.count >= 4 * (n + 1) else { return 0 }
            return Int(bytes[4 * n]) << 24 | Int(bytes[4 * n + 1]) << 16 | Int(bytes[4 * n + 2]) << 8 | Int(bytes[4 * n + 3])
        }
        let headerSize = field(0), format = field(2), width = field(4), height = field(5), byteOrder = field(7)
        let bitsPerPixel = field(11), bytesPerLine = field(12), colours = field(19)
        let redMask = field(14), greenMask = field(15), blueMask = field(16)
        guard format == 2, bitsPerPixel == 32 || bitsPerPixel == 24, width > 0, height > 0, width < 10_000, height < 10_000 else {
            return nil
        }
        let start = headerSize + 12 * colours
        guard bytes.count >= start + bytesPerLine * height else { return nil }
        func shift(_ mask: Int) -> Int { mask == 0 ? 0 : mask.trailingZeroBitCount }
        var image = RGBImage(width: width, height: height)
        let step = bitsPerPixel / 8
        for y in 0..<height {
            for x in 0..<width {
                let p = start + y * bytesPerLine + x * step
                var value = 0
                for i in 0..<step { value |= Int(bytes[p + i]) << (byteOrder == 0 ? 8 * i : 8 * (step - 1 - i)) }
                let q = 3 * (y * width + x)
                image.pixels[q] = UInt8((value & redMask) >> shift(redMask))
                image.pixels[q + 1] = UInt8((value & greenMask) >> shift(greenMask))
                image.pixels[q + 2] = UInt8((value & blueMask) >> shift(blueMask))
            }
        }
        return image
    }
}
