/// An 8-bit RGB image, rows packed, 3 bytes a pixel, top row first.
public struct RGBImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height * 3, "pixel count does not match the size")
        self.width = width; self.height = height; self.pixels = pixels
    }

    /// A solid image.
    public init(width: Int, height: Int, fill: (UInt8, UInt8, UInt8) = (255, 255, 255)) {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for i in stride(from: 0, to: pixels.count, by: 3) { pixels[i] = fill.0; pixels[i + 1] = fill.1; pixels[i + 2] = fill.2 }
        self.init(width: width, height: height, pixels: pixels)
    }

    public subscript(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        get { let i = (y * width + x) * 3; return (pixels[i], pixels[i + 1], pixels[i + 2]) }
        set { let i = (y * width + x) * 3; pixels[i] = newValue.r; pixels[i + 1] = newValue.g; pixels[i + 2] = newValue.b }
    }
}

/// A width and a height in pixels.
public struct PixelSize: Equatable, Hashable, Sendable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) { self.width = width; self.height = height }
}
