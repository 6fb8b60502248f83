import Foundation

/// How a restore checks each photo it takes from a backup or an exported photo folder: a size limit, applied
/// before the bytes are written (a backup's entry says its size), and a check that the staged file is an image.
///
/// ClosetKit cannot decode images (Imaging depends on nothing of it, and it on nothing of Imaging), so the
/// decoding is a seam: the command line passes Imaging's decoder, with its import limit, so that restore takes
/// exactly what import would. The library's default applies the same 64 MB limit and no decoding.
public struct PhotoCheck: Sendable {
    /// The largest photo file taken, in bytes.
    public var maxBytes: Int
    /// Throws when the file is not an image closet can read; its error's words are kept in the message.
    public var decodes: (@Sendable (URL) throws -> Void)?

    public init(maxBytes: Int, decodes: (@Sendable (URL) throws -> Void)? = nil) {
        self.maxBytes = maxBytes
        self.decodes = decodes
    }

    /// The import limit, without decoding.
    public static let sizeOnly = PhotoCheck(maxBytes: 64 << 20)

    /// Runs the decoding check on a staged file, naming the photo (`name`, as the backup or folder gives it).
    func check(_ staged: URL, name: String, source: String) throws {
        guard let decodes else { return }
        do { try decodes(staged) } catch {
            let reason = (error as? ClosetError)?.reason ?? "\(error)"
            throw ClosetError.badData("\(source): photo \(SafeText.escaped(name)) is not an image closet can read (\(reason))")
        }
    }
}

/// Free room on the file system holding the wardrobe, checked before a restore writes anything.
enum DiskSpace {
    /// Bytes an unprivileged writer may still use on the file system holding `url` (nil when unknown).
    static func available(at url: URL) -> Int? {
        var info = statvfs()
        guard statvfs(url.path, &info) == 0 else { return nil }
        let (bytes, overflow) = Int(info.f_bavail).multipliedReportingOverflow(by: Int(info.f_frsize))
        return overflow ? Int.max : bytes
    }

    /// Throws when the file system holding `folder` has less than `needed` bytes free, saying both.
    static func require(_ needed: Int, in folder: URL, for what: String) throws {
        guard let free = available(at: folder), free < needed else { return }
        throw ClosetError.io(
            "\(what) needs about \(size(needed)) free in \(folder.path), and only \(size(free)) is free: "
                + "make room (or restore into a --wardrobe on another disk) and run it again; nothing was written")
    }

    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 30 { return String(format: "%.1f GB", Double(bytes) / Double(1 << 30)) }
        if bytes >= 1 << 20 { return String(format: "%.1f MB", Double(bytes) / Double(1 << 20)) }
        return bytes >= 10 << 10 ? "\(bytes >> 10) KB" : Words.count(bytes, "byte")
    }
}

extension Wardrobe {
    /// Throws when the disk lacks room for the archive's photos not yet stored, copied from `photoFolder`.
    func requireRoom(forPhotos names: Set<String>, from photoFolder: URL, limit: Int) throws {
        var bytes = 0, count = 0
        for name in names {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2, let stored = try? photos.url(hash: parts[0], ext: parts[1]),
                !FileManager.default.fileExists(atPath: stored.path)
            else { continue }
            count += 1
            bytes += min(PhotoStore.size(of: photoFolder.appendingPathComponent(name)), limit)
        }
        try DiskSpace.require(bytes + (1 << 20), in: folder, for: "restoring \(Words.count(count, "photo")) from \(photoFolder.path)")
    }
}
