/// Where the garment is in a photo, pixel by pixel, from its cut-out mask (the segmentation network's map at
/// the photo's upright size, as `closet cutout --mask` writes it: 0 background … 255 garment). Colour analysis
/// weighs pixels by it. Any size serves: it is read by position, as a share of the photo's width and height.
public struct GarmentAlpha: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public let values: [UInt8]

    /// Below this share of garment, or above `wholeFrame`, the mask found nothing (as ``found`` says): the
    /// same bounds as the cut-out's.
    public static let emptyBelow = 0.005
    public static let wholeFrame = 0.97

    /// Nil when `values` is not `width`×`height` or the size is empty.
    public init?(width: Int, height: Int, values: [UInt8]) {
        guard width > 0, height > 0, width <= 1 << 15, height <= 1 << 15, values.count == width * height else { return nil }
        (self.width, self.height, self.values) = (width, height, values)
    }

    /// The share of the photo that is garment (values above half).
    public var coverage: Double { Double(values.reduce(0) { $0 + ($1 > 127 ? 1 : 0) }) / Double(values.count) }

    /// Whether the mask tells a garment from its background: neither empty nor the whole frame.
    public var found: Bool { (Self.emptyBelow...Self.wholeFrame).contains(coverage) }

    /// The mask over a `columns`×`rows` grid laid on the photo, row-major, 0…1: each cell the mean of the
    /// mask's pixels it covers (at least the one nearest its centre).
    public func cells(columns: Int, rows: Int) -> [Double] {
        guard columns > 0, rows > 0 else { return [] }
        func span(_ cell: Int, _ cells: Int, _ size: Int) -> Range<Int> {
            let lower = min(cell * size / cells, size - 1)
            return lower..<max((cell + 1) * size / cells, lower + 1)
        }
        var result = [Double](repeating: 0, count: columns * rows)
        for row in 0..<rows {
            let ys = span(row, rows, height)
            for column in 0..<columns {
                let xs = span(column, columns, width)
                var sum = 0
                for y in ys { for x in xs { sum += Int(values[y * width + x]) } }
                result[row * columns + column] = Double(sum) / Double(255 * ys.count * xs.count)
            }
        }
        return result
    }
}
