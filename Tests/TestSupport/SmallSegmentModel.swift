import Foundation

/// The shipped U²-Netp (models/segment) with its input set to `side`×`side`, copied into a test's directory: the
/// graph follows its input's size, so the real weights run fast enough for a test (a debug build runs the full 320
/// too slowly). Returns the folder to name in `CLOSET_SEGMENT_MODEL`.
public enum SmallSegmentModel {
    public static var shipped: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models/segment")
    }

    public static func make(in dir: TemporaryDirectory, side: Int = 32) throws -> URL {
        let small = dir.path("segment")
        try FileManager.default.createDirectory(at: small, withIntermediateDirectories: true)
        let data = try Data(contentsOf: shipped.appendingPathComponent("manifest.json"))
        guard var manifest = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            var input = manifest["input"] as? [String: Any]
        else { throw CocoaError(.fileReadCorruptFile) }
        (input["height"], input["width"]) = (side, side)
        manifest["input"] = input
        try JSONSerialization.data(withJSONObject: manifest).write(to: small.appendingPathComponent("manifest.json"))
        try FileManager.default.copyItem(
            at: shipped.appendingPathComponent("model.safetensors"), to: small.appendingPathComponent("model.safetensors"))
        return small
    }
}
