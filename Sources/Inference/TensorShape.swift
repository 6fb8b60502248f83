/// The shape of an activation: height × width × channels (NHWC with batch 1; a vector is 1×1×c).
public struct TensorShape: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var height: Int
    public var width: Int
    public var channels: Int

    public init(height: Int, width: Int, channels: Int) {
        self.height = height; self.width = width; self.channels = channels
    }

    public var count: Int { height * width * channels }
    public var pixels: Int { height * width }
    public var description: String { "\(height)×\(width)×\(channels)" }
}
