import ClosetKit
import Foundation
import Imaging

/// A photo whose data ends early (or is corrupt) decodes with grey where the picture is missing. It is not
/// stored unasked: `keepsDamaged` is asked for each one, and without it each is refused.
extension PhotoImporter {
    /// The outcome of a damaged photo that is not kept, or nil to go on storing it (whole, or kept when asked).
    func refusal(of photo: PreparedPhoto) -> ImportOutcome? {
        guard let damage = photo.damage else { return nil }
        // One of the wardrobe's own photos (doctor --rebuild): it was asked about when it came in.
        if isStored(photo.file) { return nil }
        if let keep = keepsDamaged, keep(photo.file, damage) { return nil }
        return .damaged(file: photo.file, reason: damage + "; not imported")
    }

    /// Whether `file` lies in the wardrobe's photo folder.
    func isStored(_ file: URL) -> Bool {
        let root = wardrobe.photos.root.standardizedFileURL.path
        return file.pathIsText && file.standardizedFileURL.path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// The warnings an imported photo carries: its damage, kept on purpose, and a near-duplicate.
    static func warning(_ photo: PreparedPhoto, nearDuplicate: String?) -> String? {
        let all = [photo.damage.map { $0 + "; kept as asked" }, nearDuplicate].compactMap { $0 }
        return all.isEmpty ? nil : all.joined(separator: "; ")
    }
}
