import Imaging

/// A small Sixel reader for the tests: palette (`#n;2;r;g;b` in percent), raster size, bands, runs.
enum SixelDecoder {
    static func decode(_ bytes: [UInt8]) -> RGBImage? {
        guard let q = bytes.firstIndex(of: UInt8(ascii: "q")) else { return nil }
        var i = q + 1
        func number() -> Int {
            var n = 0
            while i < bytes.count, (48...57).contains(bytes[i]) { n = n * 10 + Int(bytes[i] - 48); i += 1 }
            return n
        }
        var width = 0, height = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
            i += 1
            var values: [Int] = []
            while values.count < 4 {
                values.append(number())
                if i < bytes.count, bytes[i] == UInt8(ascii: ";") { i += 1 } else { break }
            }
            guard values.count == 4 else { return nil }
            (width, height) = (values[2], values[3])
        }
        guard width > 0, height > 0 else { return nil }
        var image = RGBImage(width: width, height: height, fill: (0, 0, 0))
        var palette: [Int: (UInt8, UInt8, UInt8)] = [:]
        var colour = 0, x = 0, band = 0
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case 0x1B: return image
            case UInt8(ascii: "#"):
                i += 1
                colour = number()
                if i < bytes.count, bytes[i] == UInt8(ascii: ";") {
                    i += 1
                    var values: [Int] = []
                    for _ in 0..<4 {
                        values.append(number())
                        if i < bytes.count, bytes[i] == UInt8(ascii: ";") { i += 1 }
                    }
                    func v(_ p: Int) -> UInt8 { UInt8((p * 255 + 50) / 100) }
                    palette[colour] = (v(values[1]), v(values[2]), v(values[3]))
                }
            case UInt8(ascii: "$"): x = 0; i += 1
            case UInt8(ascii: "-"): x = 0; band += 1; i += 1
            case UInt8(ascii: "!"):
                i += 1
                let run = number()
                guard i < bytes.count else { return nil }
                paint(bytes[i], run)
                i += 1
            case 63...126: paint(c, 1); i += 1
            default: i += 1
            }
        }
        func paint(_ ch: UInt8, _ run: Int) {
            let bits = ch - 63
            let rgb = palette[colour] ?? (0, 0, 0)
            for _ in 0..<run {
                for dy in 0..<6 where bits & (1 << dy) != 0 {
                    let y = band * 6 + dy
                    guard x < width, y < height else { continue }
                    let p = 3 * (y * width + x)
                    image.pixels[p] = rgb.0; image.pixels[p + 1] = rgb.1; image.pixels[p + 2] = rgb.2
                }
                x += 1
            }
        }
        return image
    }
}
