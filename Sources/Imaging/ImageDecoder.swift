import CImageCodecs
import Foundation

/// A decoded photo, upright, with what is known of the original.
public struct DecodedImage: Sendable {
    /// The pixels, upright, possibly reduced in the DCT domain to the smallest size that covers the need.
    public var image: RGBImage
    public var format: ImageFormat
    /// The original's size as stored (before orientation).
    public var originalWidth: Int
    public var originalHeight: Int
    public var orientation: Orientation
    /// Set when part of the picture is missing and was padded (only with `ImageDecoder.acceptsDamaged`): what is missing.
    public var damage: String? = nil
    /// The original's size once turned upright.
    public var uprightSize: PixelSize {
        orientation.swapsAxes
            ? PixelSize(width: originalHeight, height: originalWidth)
            : PixelSize(width: originalWidth, height: originalHeight)
    }
}

/// Decodes JPEG and PNG with libjpeg-turbo and libpng, HEIC and AVIF with libheif, WebP with libwebp, safely: limits are checked before any large
/// allocation, and every decoder error comes back as an `ImagingError`.
public struct ImageDecoder: Sendable {
    /// Files larger than this are refused unread (``PhotoLimits/maxFileBytes``).
    public var maxFileBytes = PhotoLimits.maxFileBytes
    /// Images with more pixels than this are refused from their header (decompression bombs).
    public var maxPixels = 100_000_000
    /// Larger PNGs are reduced as their rows are read, so that no accepted image needs more memory
    /// than this many pixels' worth (16 MP: 48 MB of RGB).
    public var maxDecodedPixels = 16_000_000
    /// A progressive JPEG is decoded scan by scan over the whole image: its scans times its pixels are refused
    /// past this (10 scans of a 100-megapixel photo, as a camera's or libjpeg's progressive JPEG has; about 2.5 s
    /// of decoding at worst; the 495-scan file that cost 30–40 s was many times over).
    public var maxScanPixels = 1_000_000_000
    /// Scans in one JPEG (libjpeg-turbo's own limit, tjLimitScans, is 500).
    public var maxScans = 500
    /// Memory one JPEG decode may take for its coefficients (a progressive or multi-scan JPEG keeps them all:
    /// 2 bytes a sample, 300 MB for 100 megapixels in 4:2:0).
    public var maxDecodeBytes = 320 * 1024 * 1024
    /// A JPEG whose data ends early or is corrupt decodes with grey where data is missing. By default that is
    /// an error (`ImagingError.damaged`); with this set, the image comes back with `DecodedImage.damage`.
    public var acceptsDamaged = false

    public init() {}

    /// Reads a photo file, refusing an empty one or one over the size limit before reading it. Only a regular
    /// file is read: it is opened without blocking and checked from the open descriptor, so a FIFO, a device or
    /// a socket (or a file swapped for one meanwhile) is refused and never waited on. The path's bytes are used
    /// as they are (`URL.filePathBytes`), so a name that is not UTF-8 opens too. `pieces`, when given, sees the
    /// bytes as they are read, a megabyte at most at a time (to hash them while they are in the cache).
    public func read(file url: URL, pieces: ((UnsafeRawBufferPointer) -> Void)? = nil) throws -> Data {
        let path = url.filePathBytes.map { CChar(bitPattern: $0) } + [0]
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw ImagingError.corrupt("cannot read it: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ImagingError.corrupt("cannot read it: \(String(cString: strerror(errno)))") }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw ImagingError.notAnImage("it is a folder, not a photo file")
        case S_IFIFO: throw ImagingError.notAnImage("it is a FIFO (named pipe), not a photo file: closet reads only regular files")
        case S_IFSOCK: throw ImagingError.notAnImage("it is a socket, not a photo file: closet reads only regular files")
        default: throw ImagingError.notAnImage("it is a device, not a photo file: closet reads only regular files")
        }
        let size = Int(info.st_size)
        if size > maxFileBytes { throw ImagingError.tooLarge("the file is \(size / 1_048_576) MB, over the \(PhotoLimits.megabytes(maxFileBytes)) limit") }
        if size == 0 { throw ImagingError.notAnImage("the file is empty") }
        return try Self.readAll(fd, size: size, pieces: pieces)
    }

    /// Reads an open regular file of `size` bytes to its end; one that grows meanwhile is refused.
    private static func readAll(_ fd: Int32, size: Int, pieces: ((UnsafeRawBufferPointer) -> Void)?) throws -> Data {
        var data = Data(count: size + 1)
        var count = 0
        while count < data.count {
            let n = data.withUnsafeMutableBytes { buffer -> Int in
                let want = pieces == nil ? buffer.count - count : min(buffer.count - count, 1 << 20)
                let n = Glibc.read(fd, buffer.baseAddress! + count, want)
                if n > 0, let pieces { pieces(UnsafeRawBufferPointer(start: buffer.baseAddress! + count, count: n)) }
                return n
            }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw ImagingError.corrupt("cannot read it: \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            count += n
        }
        if count > size { throw ImagingError.corrupt("the file grew while closet read it: import it again once it is written") }
        if count == 0 { throw ImagingError.notAnImage("the file is empty") }
        data.count = count
        return data
    }

    /// Decodes `data`. When `box` is given, a JPEG is reduced in the DCT domain to the smallest scale
    /// (1/8, 1/4, 1/2 or 1) whose upright image still covers the image fitted into `box`, so that
    /// every later downscale to that box has full detail.
    public func decode(_ data: Data, fitting box: PixelSize? = nil) throws -> DecodedImage {
        guard data.count <= maxFileBytes else {
            throw ImagingError.tooLarge("the file is \(data.count / 1_048_576) MB, over the \(PhotoLimits.megabytes(maxFileBytes)) limit")
        }
        guard !data.isEmpty else { throw ImagingError.notAnImage("the file is empty") }
        guard let format = ImageFormat.sniff(data) else {
            throw ImagingError.notAnImage("not a JPEG, PNG, HEIC, AVIF or WebP image (its first bytes say otherwise)")
        }
        if let sequence = ImageFormat.sequenceReason(data) { throw ImagingError.notAnImage(sequence) }
        return try data.withUnsafeBytes { raw -> DecodedImage in
            let base = raw.bindMemory(to: UInt8.self).baseAddress!
            switch format {
            case .jpeg: return try decodeJPEG(base, data.count, box: box, bytes: data)
            case .png: return try decodePNG(base, data.count)
            case .heic, .heif, .avif: return try decodeHEIF(base, data.count, format: format)
            case .webp: return try decodeWebP(base, data.count)
            }
        }
    }

    private func decodeJPEG(_ base: UnsafePointer<UInt8>, _ count: Int, box: PixelSize?, bytes: Data) throws -> DecodedImage {
        var info = closet_jpeg_info()
        guard closet_jpeg_read_info(base, count, &info) == 0 else {
            throw ImagingError.corrupt("not a readable JPEG: \(Self.message(&info.error))")
        }
        guard info.width > 0, info.height > 0 else { throw ImagingError.corrupt("the JPEG header has no size") }
        guard Int(info.width) * Int(info.height) <= maxPixels else {
            throw ImagingError.tooLarge("the image is \(info.width)x\(info.height), over the \(maxPixels / 1_000_000)-megapixel limit")
        }
        let orientation = Orientation.read(jpeg: Array(bytes.prefix(256 * 1024)))
        var scale =
            box.map { Self.scaleNumerator(width: Int(info.width), height: Int(info.height), orientation: orientation, box: $0) } ?? 8
        // Bounded memory whatever the request: the largest DCT scale within maxDecodedPixels.
        while scale > 1 && ((Int(info.width) * scale + 7) / 8) * ((Int(info.height) * scale + 7) / 8) > maxDecodedPixels { scale /= 2 }
        var out = closet_rgb_image()
        let limits = closet_jpeg_limits(
            max_pixels: maxPixels, max_scan_pixels: maxScanPixels, max_scans: Int32(maxScans), max_memory: maxDecodeBytes)
        guard closet_jpeg_decode(base, count, Int32(scale), limits, &out) == 0 else {
            if out.over_limit != 0 { throw ImagingError.tooLarge(Self.message(&out.error)) }
            throw ImagingError.corrupt("the JPEG cannot be decoded: \(Self.message(&out.error))")
        }
        defer { closet_free(out.pixels) }
        let damage = out.damaged != 0 ? Self.message(&out.damage) : nil
        if let damage, !acceptsDamaged { throw ImagingError.damaged(damage) }
        return DecodedImage(
            image: Self.image(out).oriented(orientation), format: .jpeg, originalWidth: Int(info.width),
            originalHeight: Int(info.height), orientation: orientation, damage: damage)
    }

    /// The shim's pixels copied into an image (the caller frees them).
    private static func image(_ out: closet_rgb_image) -> RGBImage {
        RGBImage(
            width: Int(out.width), height: Int(out.height),
            pixels: Array(UnsafeBufferPointer(start: out.pixels, count: Int(out.width) * Int(out.height) * 3)))
    }

    private func decodePNG(_ base: UnsafePointer<UInt8>, _ count: Int) throws -> DecodedImage {
        var out = closet_rgb_image()
        guard closet_png_decode(base, count, maxPixels, maxDecodedPixels, &out) == 0 else {
            let message = Self.message(&out.error)
            if out.over_limit != 0 || message.contains("megapixels") { throw ImagingError.tooLarge(message) }
            throw ImagingError.corrupt("the PNG cannot be decoded: \(message)")
        }
        defer { closet_free(out.pixels) }
        return DecodedImage(
            image: Self.image(out), format: .png, originalWidth: Int(out.source_width), originalHeight: Int(out.source_height),
            orientation: .up)
    }

    /// HEIC, HEIF and AVIF through libheif, which turns the picture upright itself (the file's irot and imir): the
    /// result is upright, so its orientation is `.up` and an EXIF orientation inside is not applied a second time.
    private func decodeHEIF(_ base: UnsafePointer<UInt8>, _ count: Int, format: ImageFormat) throws -> DecodedImage {
        var out = closet_rgb_image()
        guard closet_heif_decode(base, count, maxPixels, maxDecodeBytes, maxDecodedPixels, &out) == 0 else {
            if out.over_limit != 0 { throw ImagingError.tooLarge(Self.message(&out.error)) }
            throw ImagingError.corrupt("the \(format.rawValue.uppercased()) cannot be decoded: \(Self.message(&out.error))")
        }
        defer { closet_free(out.pixels) }
        return DecodedImage(
            image: Self.image(out), format: format, originalWidth: Int(out.source_width), originalHeight: Int(out.source_height),
            orientation: .up)
    }

    /// A still WebP through libwebp, turned upright by the EXIF orientation in its `EXIF` chunk; an animated one is refused.
    private func decodeWebP(_ base: UnsafePointer<UInt8>, _ count: Int) throws -> DecodedImage {
        var out = closet_rgb_image()
        guard closet_webp_decode(base, count, maxPixels, maxDecodedPixels, &out) == 0 else {
            if out.over_limit != 0 { throw ImagingError.tooLarge(Self.message(&out.error)) }
            if out.animated != 0 { throw ImagingError.notAnImage(Self.message(&out.error)) }
            throw ImagingError.corrupt("the WebP cannot be decoded: \(Self.message(&out.error))")
        }
        defer { closet_free(out.pixels) }
        let orientation = Orientation.read(webp: UnsafeBufferPointer(start: base, count: count))
        return DecodedImage(
            image: Self.image(out).oriented(orientation), format: .webp, originalWidth: Int(out.source_width),
            originalHeight: Int(out.source_height), orientation: orientation)
    }

    /// The smallest of 1/8, 1/4, 1/2, 1 (as n/8) at which the upright decoded image covers the image
    /// fitted into `box`. These are the scales PIL's `draft()` uses too, so training decodes the same way.
    public static func scaleNumerator(width: Int, height: Int, orientation: Orientation, box: PixelSize) -> Int {
        let (w, h) = orientation.swapsAxes ? (height, width) : (width, height)
        let need = Resampler.fit(PixelSize(width: w, height: h), in: box)
        for n in [1, 2, 4] {
            let sw = (w * n + 7) / 8, sh = (h * n + 7) / 8
            if sw >= need.width && sh >= need.height { return n }
        }
        return 8
    }

    /// The C string in a fixed-size C char array (imported as a tuple).
    static func message<T>(_ tuple: inout T) -> String {
        withUnsafeBytes(of: &tuple) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }
}
