import ClosetKit
import Foundation

/// closet's version, and what `closet --version` says of the model it would load.
enum ClosetVersion {
    static let number = "0.9.0"

    /// "closet 0.9.0", then the model's name, where it was found and the SHA-256 of its weights.
    static func report() -> String {
        var lines = ["closet \(number)"]
        do {
            guard let manifest = try ModelLoader.installedManifest() else {
                return (lines + ["model: off (CLOSET_MODEL=none)"]).joined(separator: "\n")
            }
            let data = try Data(contentsOf: manifest)
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            let name = json?["name"] as? String ?? "unnamed"
            let weightsName = json?["weights"] as? String ?? "model.safetensors"
            let weights = manifest.deletingLastPathComponent().appendingPathComponent(weightsName)
            // Read in pieces and hashed as they come, as import hashes photos: memory stays flat for any weights.
            let checksum = SHA256.hex(file: weights) ?? "missing"
            lines.append("model: \(name)")
            lines.append("       \(manifest.deletingLastPathComponent().path)")
            lines.append("       sha256 \(checksum)  \(weightsName)")
        } catch {
            lines.append("model: none found (\((error as? ClosetError)?.message.components(separatedBy: "\n").first ?? "\(error)"))")
        }
        return lines.joined(separator: "\n")
    }
}
