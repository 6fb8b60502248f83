import Imaging

/// One terminal cell of a half-block picture: `▀` with the top pixel's colour as foreground and the
/// bottom pixel's as background, so each cell shows two pixels.
public struct HalfBlockCell: Equatable, Sendable {
    public var top: (r: UInt8, g: UInt8, b: UInt8)
    public var bottom: (r: UInt8, g: UInt8, b: UInt8)

    public static func == (a: HalfBlockCell, b: HalfBlockCell) -> Bool {
        a.top == b.top && a.bottom == b.bottom
    }
}

/// Turns an image into half-block cells: fitted (aspect kept, cells are about twice as tall as wide,
/// which two pixels per cell cancels) into `columns`×`rows` cells, each half the mean of its pixels.
public enum HalfBlockRenderer {
    public static func cells(_ image: RGBImage, columns: Int, rows: Int) -> [[HalfBlockCell]] {
        guard columns > 0, rows > 0, image.width > 0, image.height > 0 else { return [] }
        let fitted = Resampler.fit(PixelSize(width: image.width, height: image.height), in: PixelSize(width: columns, height: rows * 2))
        // Area averaging gives each half-cell the mean of the pixels it covers.
        let pixels = Resampler.resize(image, width: fitted.width, height: fitted.height + fitted.height % 2)
        var out: [[HalfBlockCell]] = []
        for row in 0..<(pixels.height / 2) {
            var line: [HalfBlockCell] = []
            for x in 0..<pixels.width {
                line.append(HalfBlockCell(top: pixels[x, 2 * row], bottom: pixels[x, 2 * row + 1]))
            }
            out.append(line)
        }
        return out
    }
}
