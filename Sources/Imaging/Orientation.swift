/// The EXIF orientation of a photo (tag 0x0112): how the stored pixels must be turned to stand upright.
public enum Orientation: Int, CaseIterable, Sendable {
    case up = 1, upMirrored, down, downMirrored, leftMirrored, right, rightMirrored, left

    /// Whether applying it swaps width and height.
    public var swapsAxes: Bool { rawValue >= 5 }

    /// Reads the orientation from a JPEG's EXIF APP1 segment; `.up` when there is none or it is unreadable.
    public static func read(jpeg bytes: [UInt8]) -> Orientation {
        var i = 2
        while i + 4 <= bytes.count {
            guard bytes[i] == 0xFF else { return .up }
            let marker = bytes[i + 1]
            if marker == 0xFF { i += 1; continue }
            if marker == 0xD8 || (0xD0...0xD7).contains(marker) || marker == 0x01 { i += 2; continue }
            if marker == 0xDA || marker == 0xD9 { return .up }  // image data starts: no EXIF before it
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            guard length >= 2, i + 2 + length <= bytes.count else { return .up }
            if marker == 0xE1, length >= 8,
                Array(bytes[(i + 4)..<(i + 10)]) == [0x45, 0x78, 0x69, 0x66, 0, 0]  // "Exif\0\0"
            {
                return parseTIFF(bytes[(i + 10)..<(i + 2 + length)]) ?? .up
            }
            i += 2 + length
        }
        return .up
    }

    /// Reads the orientation from a WebP's `EXIF` chunk (a TIFF header, sometimes after "Exif\0\0"); `.up` when
    /// there is none. Every chunk's size is checked against the file before it is read.
    public static func read<C: RandomAccessCollection>(webp bytes: C) -> Orientation where C.Element == UInt8, C.Index == Int {
        let base = bytes.startIndex
        var at = 12
        while at + 8 <= bytes.count {
            let low = Int(bytes[base + at + 4]) | Int(bytes[base + at + 5]) << 8
            let size = low | Int(bytes[base + at + 6]) << 16 | Int(bytes[base + at + 7]) << 24
            let start = at + 8
            guard start + size <= bytes.count else { return .up }
            if bytes[(base + at)..<(base + at + 4)].elementsEqual("EXIF".utf8) {
                var tiff = Array(bytes[(base + start)..<(base + start + min(size, 1 << 20))])[...]
                if tiff.starts(with: [0x45, 0x78, 0x69, 0x66, 0, 0]) { tiff = tiff.dropFirst(6) }
                return parseTIFF(tiff) ?? .up
            }
            at = start + size + (size & 1)
        }
        return .up
    }

    /// Finds tag 0x0112 in IFD0 of a TIFF header, with bounds checked on every read.
    static func parseTIFF(_ tiff: ArraySlice<UInt8>) -> Orientation? {
        let t = Array(tiff)
        guard t.count >= 8 else { return nil }
        let little: Bool
        switch (t[0], t[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ o: Int) -> Int? {
            guard o >= 0, o + 2 <= t.count else { return nil }
            return little ? Int(t[o]) | Int(t[o + 1]) << 8 : Int(t[o]) << 8 | Int(t[o + 1])
        }
        func u32(_ o: Int) -> Int? {
            guard let a = u16(o), let b = u16(o + 2) else { return nil }
            return little ? a | b << 16 : a << 16 | b
        }
        guard u16(2) == 42, let ifd = u32(4), let count = u16(ifd) else { return nil }
        for entry in 0..<min(count, 512) {
            let at = ifd + 2 + entry * 12
            guard let tag = u16(at) else { return nil }
            if tag == 0x0112, let type = u16(at + 2), type == 3, let value = u16(at + 8) {
                return Orientation(rawValue: value)
            }
        }
        return nil
    }
}

extension RGBImage {
    /// The image turned upright according to `orientation`.
    public func oriented(_ orientation: Orientation) -> RGBImage {
        if orientation == .up { return self }
        let (w, h) = (width, height)
        let (ow, oh) = orientation.swapsAxes ? (h, w) : (w, h)
        var out = [UInt8](repeating: 0, count: ow * oh * 3)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<h {
                    for x in 0..<w {
                        // Destination of source pixel (x, y), per the EXIF definitions.
                        let (dx, dy): (Int, Int)
                        switch orientation {
                        case .up: (dx, dy) = (x, y)
                        case .upMirrored: (dx, dy) = (w - 1 - x, y)
                        case .down: (dx, dy) = (w - 1 - x, h - 1 - y)
                        case .downMirrored: (dx, dy) = (x, h - 1 - y)
                        case .leftMirrored: (dx, dy) = (y, x)
                        case .right: (dx, dy) = (h - 1 - y, x)
                        case .rightMirrored: (dx, dy) = (h - 1 - y, w - 1 - x)
                        case .left: (dx, dy) = (y, w - 1 - x)
                        }
                        let s = (y * w + x) * 3, d = (dy * ow + dx) * 3
                        dst[d] = src[s]; dst[d + 1] = src[s + 1]; dst[d + 2] = src[s + 2]
                    }
                }
            }
        }
        return RGBImage(width: ow, height: oh, pixels: out)
    }
}
