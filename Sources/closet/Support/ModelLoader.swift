import Classifier
import Foundation

/// Finds the shipped classifier model, when one is installed.
enum ModelLoader {
    /// `$CLOSET_MODEL` (a manifest), else `models/clothing/manifest.json` in the source tree this
    /// binary was built from, else `../share/closet/models/clothing/manifest.json` beside the binary.
    static func installedManifest() -> URL? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["CLOSET_MODEL"] {
            return env.isEmpty || env == "none" ? nil : URL(fileURLWithPath: env)
        }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("models/clothing/manifest.json")
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("../share/closet/models/clothing/manifest.json")
        return [source, beside].first { fm.fileExists(atPath: $0.path) }
    }

    static func classifierIfInstalled() throws -> (any ClothingClassifier)? { nil }
}
