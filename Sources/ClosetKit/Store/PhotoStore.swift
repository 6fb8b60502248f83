import Foundation

/// The wardrobe's photo files, named by the SHA-256 of their bytes: `photos/ab/abcdef….jpg`.
/// Files are written to `photos/.tmp/` first and renamed into place, so a reader never sees half a file.
public struct PhotoStore: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    var tmp: URL { root.appendingPathComponent(".tmp", isDirectory: true) }

    /// The path of a stored photo.
    public func url(hash: String, ext: String) -> URL {
        root.appendingPathComponent(String(hash.prefix(2)), isDirectory: true)
            .appendingPathComponent("\(hash).\(ext)")
    }

    /// Writes `data` to a temporary file; `commit` renames it into place.
    func stage(_ data: Data) throws -> URL {
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: tmp, withIntermediateDirectories: true)
            let staged = tmp.appendingPathComponent(UUID().uuidString)
            try data.write(to: staged)
            return staged
        } catch {
            throw ClosetError.cannotCreate("cannot write a photo into \(root.path): \(error.localizedDescription)")
        }
    }

    /// Moves a staged file to its content address. A file already there has the same bytes, so it stays.
    func commit(staged: URL, hash: String, ext: String) throws {
        let fm = FileManager.default
        let target = url(hash: hash, ext: ext)
        if fm.fileExists(atPath: target.path) {
            try? fm.removeItem(at: staged)
            return
        }
        do {
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            if rename(staged.path, target.path) != 0 {
                throw ClosetError.io("cannot move photo into \(target.path): \(String(cString: strerror(errno)))")
            }
        } catch let error as ClosetError {
            throw error
        } catch {
            throw ClosetError.cannotCreate("cannot create \(target.deletingLastPathComponent().path): \(error.localizedDescription)")
        }
    }

    func discard(staged: URL) { try? FileManager.default.removeItem(at: staged) }

    func remove(hash: String, ext: String) { try? FileManager.default.removeItem(at: url(hash: hash, ext: ext)) }

    /// Every stored photo's hash, read from the file names.
    func storedHashes() -> [(hash: String, url: URL)] {
        let fm = FileManager.default
        guard let shards = try? fm.contentsOfDirectory(at: root, includingPropertiesForKeys: nil) else { return [] }
        var found: [(String, URL)] = []
        for shard in shards where shard.lastPathComponent.count == 2 {
            for file in (try? fm.contentsOfDirectory(at: shard, includingPropertiesForKeys: nil)) ?? [] {
                found.append((file.deletingPathExtension().lastPathComponent, file))
            }
        }
        return found
    }

    /// Removes staged files left by an interrupted write.
    func clearStaging() { try? FileManager.default.removeItem(at: tmp) }
}
