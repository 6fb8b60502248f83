import Classifier
import ClosetKit
import Foundation
import Inference

/// Finds and loads the shipped classifier model.
enum ModelLoader {
    /// `$CLOSET_MODEL` (a manifest; `none` turns the classifier off), else `models/clothing/manifest.json`
    /// in the source tree this binary was built from, else `../share/closet/models/clothing/` beside the binary.
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

    /// The classifier, or nil when no model is installed.
    static func classifierIfInstalled() throws -> CNNClassifier? {
        guard let url = installedManifest() else { return nil }
        do { return try CNNClassifier(manifestURL: url) } catch let error as InferenceError {
            throw ClosetError.badData("\(url.path): \(error.description)")
        }
    }

    /// The classifier, or a clear error saying how to get one.
    static func classifier() throws -> CNNClassifier {
        guard let classifier = try classifierIfInstalled() else {
            throw ClosetError.noInput("no classifier model found: closet looks for models/clothing/manifest.json (or $CLOSET_MODEL)")
        }
        return classifier
    }
}
