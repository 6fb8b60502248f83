/// Where the garment is in a photo, as a classifier saw it: a coarse map (its class activation map,
/// `side`×`side`, row-major) over the model's square input, and where the photo lay in that square
/// (the photo is fitted and centred on padding). Colour analysis weighs pixels by it.
public struct GarmentMap: Equatable, Sendable {
    public var values: [Float]
    public var side: Int
    /// The square input's side, and the photo's place in it, in input pixels.
    public var inputSize: Int
    public var x0: Int, y0: Int, width: Int, height: Int
    /// Input pixels per cell: the network's total stride (32 for MobileNetV2). A map of 7 cells over a 240-pixel
    /// input covers its first 224 pixels, not all 240.
    public var cellSize: Double

    /// `cellSize` defaults to the input's side over the map's (cells spanning the whole input).
    public init(values: [Float], side: Int, inputSize: Int, x0: Int, y0: Int, width: Int, height: Int, cellSize: Double? = nil) {
        self.values = values; self.side = side; self.inputSize = inputSize
        self.x0 = x0; self.y0 = y0; self.width = width; self.height = height
        self.cellSize = cellSize ?? Double(inputSize) / Double(max(side, 1))
    }

    /// How much the point at (u, v) of the photo (0…1 across and down) is garment, 0…1: the map, rectified
    /// and scaled to its maximum, sampled bilinearly.
    public func weight(u: Double, v: Double) -> Double {
        guard side > 0, cellSize > 0, values.count == side * side, let top = values.max(), top > 0 else { return 1 }
        let ix = Double(x0) + u * Double(width), iy = Double(y0) + v * Double(height)
        let mx = min(max(ix / cellSize - 0.5, 0), Double(side - 1))
        let my = min(max(iy / cellSize - 0.5, 0), Double(side - 1))
        let (x, y) = (Int(mx), Int(my))
        let (fx, fy) = (mx - Double(x), my - Double(y))
        func at(_ x: Int, _ y: Int) -> Double { Double(max(0, values[min(y, side - 1) * side + min(x, side - 1)])) }
        let value =
            at(x, y) * (1 - fx) * (1 - fy) + at(x + 1, y) * fx * (1 - fy) + at(x, y + 1) * (1 - fx) * fy + at(x + 1, y + 1) * fx * fy
        return value / Double(top)
    }
}
