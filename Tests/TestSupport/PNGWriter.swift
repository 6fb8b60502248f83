import Foundation

/// Writes PNG files byte by byte, for tests that need variants the app's encoder never makes:
/// 16-bit, palette with tRNS, grey, grey+alpha, RGBA, and Adam7 interlacing. Deflate uses stored
/// blocks, which every decoder must accept.
public enum PNGWriter {
    public enum ColorType: UInt8 { case gray = 0, rgb = 2, palette = 3, grayAlpha = 4, rgba = 6 }

    /// `samples` holds one value a channel, row by row (0…255 for 8-bit, 0…65535 for 16-bit, palette indices for .palette).
    public static func png(
        width: Int, height: Int, colorType: ColorType, bitDepth: Int = 8, samples: [Int],
        palette: [(UInt8, UInt8, UInt8)] = [], transparency: [UInt8] = [], interlaced: Bool = false
    ) -> Data {
        let channels: Int =
            switch colorType {
            case .gray, .palette: 1;
            case .grayAlpha: 2;
            case .rgb: 3;
            case .rgba: 4
            }
        precondition(samples.count == width * height * channels)
        var out = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var ihdr = Data()
        ihdr.append(be32(width)); ihdr.append(be32(height))
        ihdr.append(contentsOf: [UInt8(bitDepth), colorType.rawValue, 0, 0, interlaced ? 1 : 0])
        out.append(chunk("IHDR", ihdr))
        if colorType == .palette { out.append(chunk("PLTE", Data(palette.flatMap { [$0.0, $0.1, $0.2] }))) }
        if !transparency.isEmpty { out.append(chunk("tRNS", Data(transparency))) }
        var raw = Data()
        func appendRows(_ xs: [Int], _ ys: [Int]) {
            guard !xs.isEmpty, !ys.isEmpty else { return }
            for y in ys {
                raw.append(0)  // filter: none
                for x in xs {
                    for c in 0..<channels {
                        let v = samples[(y * width + x) * channels + c]
                        if bitDepth == 16 { raw.append(UInt8(v >> 8)); raw.append(UInt8(v & 255)) } else { raw.append(UInt8(v)) }
                    }
                }
            }
        }
        if interlaced {
            let passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            for (x0, y0, dx, dy) in passes {
                appendRows(Array(stride(from: x0, to: width, by: dx)), Array(stride(from: y0, to: height, by: dy)))
            }
        } else {
            appendRows(Array(0..<width), Array(0..<height))
        }
        out.append(chunk("IDAT", zlibStored(raw)))
        out.append(chunk("IEND", Data()))
        return out
    }

    static func be32(_ v: Int) -> Data { Data([UInt8(v >> 24 & 255), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)]) }

    static func chunk(_ type: String, _ body: Data) -> Data {
        var c = be32(body.count)
        let typed = Data(type.utf8) + body
        c.append(typed)
        c.append(be32(Int(crc32(typed))))
        return c
    }

    static func zlibStored(_ data: Data) -> Data {
        var out = Data([0x78, 0x01])
        var offset = 0
        let bytes = [UInt8](data)
        repeat {
            let n = min(65_535, bytes.count - offset)
            let last: UInt8 = offset + n >= bytes.count ? 1 : 0
            out.append(last)
            out.append(contentsOf: [UInt8(n & 255), UInt8(n >> 8), UInt8(~n & 255), UInt8((~n >> 8) & 255)])
            out.append(contentsOf: bytes[offset..<(offset + n)])
            offset += n
        } while offset < bytes.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        out.append(be32(Int(b << 16 | a)))
        return out
    }

    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
