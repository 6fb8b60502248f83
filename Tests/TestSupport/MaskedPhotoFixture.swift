import Imaging

/// A photo whose background would name its colour without the garment's mask: a green garment in the top-left
/// corner of a red blanket that covers the middle inside a grey frame (the border model takes the frame for the
/// background, and the centre weighting favours the blanket), and the garment's mask, at twice the photo's size
/// and soft at its edge.
public enum MaskedPhotoFixture {
    public static let (width, height) = (96, 96)
    static func inGarment(_ x: Int, _ y: Int) -> Bool { (4..<36).contains(x) && (4..<36).contains(y) }

    public static var photo: RGBImage {
        var seed: UInt32 = 12345
        func noise() -> Int {
            seed = seed &* 1_664_525 &+ 1_013_904_223
            return Int(seed >> 24)
        }
        var image = RGBImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 3
                let n = noise()
                let frame = x < 3 || y < 3 || x >= width - 3 || y >= height - 3
                let rgb = inGarment(x, y) ? (40 + n / 16, 150 + n / 16, 60) : frame ? (128, 128, 128) : (200, 30, 40)
                image.pixels[i] = UInt8(rgb.0)
                image.pixels[i + 1] = UInt8(rgb.1)
                image.pixels[i + 2] = UInt8(rgb.2)
            }
        }
        return image
    }

    public static var mask: GarmentAlpha {
        let values = (0..<(width * 2 * height * 2)).map { i -> UInt8 in
            let (x, y) = (i % (width * 2) / 2, i / (width * 2) / 2)
            return inGarment(x, y) ? 255 : inGarment(x - 1, y) || inGarment(x, y - 1) ? 128 : 0
        }
        return GarmentAlpha(width: width * 2, height: height * 2, values: values)!
    }
}
