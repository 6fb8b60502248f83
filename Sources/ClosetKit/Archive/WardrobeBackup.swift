import Foundation

/// A one-file backup (`backup.closet`): a tar holding a manifest, the JSON export and every original
/// photo, so that one file brings the whole wardrobe back. Written and read as a stream: memory stays flat
/// whatever the number of photos.
///
/// Layout, in this order:
/// - `closet-backup.json`: the manifest (format, version, counts, the JSON's size and SHA-256, each
///   photo's name and size; a photo's name is its SHA-256, so it is its own checksum);
/// - `wardrobe.json`: what `closet export --format json` writes;
/// - `photos/<sha256>.<ext>`: the photo files.
public struct BackupManifest: Codable, Equatable, Sendable {
    public struct File: Codable, Equatable, Sendable {
        public var name: String
        public var bytes: Int
        public var sha256: String?
    }

    public var format = "closet-backup"
    public var version = 1
    public var created: String
    public var items: Int
    public var wardrobe: File
    public var photos: [File]

    static let fileName = "closet-backup.json"
    static let wardrobeName = "wardrobe.json"
    static let photoFolder = "photos/"
}

/// What a backup holds, for the words a front end prints.
public struct BackupSummary: Equatable, Sendable {
    public var items: Int
    public var photos: Int
    /// The backup file's size.
    public var bytes: Int
    /// Garment masks left out of a restore because they were damaged (made again from the photos later).
    public var damagedMasks = 0
}

extension Wardrobe {
    /// Writes a one-file backup to `url`: first to a temporary file beside it, synced and renamed into place
    /// when complete, so a failed backup never leaves a half file under the name (``writeExportFile(to:_:)``).
    @discardableResult
    public func writeBackup(to url: URL) throws -> BackupSummary {
        var summary: BackupSummary?
        try writeExportFile(to: url) { summary = try writeBackup(into: $0, name: url.path) }
        return summary!
    }

    /// Writes a one-file backup to `handle` (`closet export -o -` gives stdout); `name` names it in messages.
    /// A failed write throws ``ClosetError/io(_:)``.
    @discardableResult
    public func writeBackup(into handle: FileHandle, name: String) throws -> BackupSummary {
        let encoder = JSONEncoder.closet
        // Compact, as `export --format json` writes it.
        let json = try exportJSON()
        let archive = try Self.archiveContents(json: json, name: "wardrobe.json")
        var photoFiles: [(name: String, url: URL, bytes: Int)] = []
        for name in archive.photos.sorted() {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            let file = try photos.url(hash: parts[0], ext: parts.count > 1 ? parts[1] : "")
            guard let size = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.size] as? Int else {
                throw ClosetError.noInput("the photo file \(file.path) is missing, so a backup would not be whole")
            }
            photoFiles.append((file.lastPathComponent, file, size))
        }
        let manifest = BackupManifest(
            created: Day.timestamp(Date()), items: archive.items,
            wardrobe: .init(name: BackupManifest.wardrobeName, bytes: json.count, sha256: SHA256.hex(json)),
            photos: photoFiles.map { .init(name: $0.name, bytes: $0.bytes, sha256: nil) })
        var tar = Tar.Writer(handle: handle, name: name)
        try tar.add(BackupManifest.fileName, data: try encoder.encode(manifest))
        try tar.add(BackupManifest.wardrobeName, data: json)
        for photo in photoFiles { try tar.add(BackupManifest.photoFolder + photo.name, copying: photo.url, size: photo.bytes) }
        try tar.finish()
        return BackupSummary(items: archive.items, photos: photoFiles.count, bytes: tar.written)
    }

    /// Restores a one-file backup into this wardrobe, which must be empty: all of it, or nothing. The
    /// manifest and the JSON are read and checked first; then, holding the writer lock, each photo streams
    /// from the backup into the photo store's staging folder (never whole in memory), checked against
    /// `photoCheck`'s size limit before it is written, against its name's SHA-256, and as an image; only when
    /// all are there is anything committed. The free room is checked before the first photo is written.
    @discardableResult
    public func restoreBackup(from url: URL, photoCheck: PhotoCheck = .sizeOnly) throws -> BackupSummary {
        let handle = try RestoreSource.open(url)
        defer { try? handle.close() }
        let path = url.path
        // Said before reading gigabytes (the restore checks again, inside its transaction).
        guard try itemCount() == 0, try outfits().isEmpty else { throw ClosetError.wardrobeNotEmpty(path: folder.path) }
        var tar = Tar.Reader(handle: handle, path: path)

        func small(_ expected: String, limit: Int) throws -> Data {
            guard let entry = try tar.next(), entry.name == expected else {
                throw ClosetError.badData("\(path) is not a closet backup: it does not start with \(expected)")
            }
            guard entry.size <= limit else {
                throw ClosetError.badData("\(path): \(expected) is \(entry.size) bytes, more than a backup holds")
            }
            var data = Data()
            try tar.read { data.append($0) }
            return data
        }
        let manifest: BackupManifest
        do { manifest = try JSONDecoder().decode(BackupManifest.self, from: try small(BackupManifest.fileName, limit: 64 << 20)) } catch let
            error as ClosetError
        {
            throw error
        } catch {
            throw ClosetError.badData("\(path): the manifest cannot be read (\(error.localizedDescription))")
        }
        guard manifest.format == "closet-backup", manifest.wardrobe.name == BackupManifest.wardrobeName, manifest.items >= 0 else {
            throw ClosetError.badData("\(path) is not a closet backup (its manifest is not one closet writes)")
        }
        guard manifest.version == 1 else {
            throw ClosetError.config(
                "\(path) is a backup of version \(manifest.version), written by a newer closet: update closet to restore it")
        }
        let json = try small(BackupManifest.wardrobeName, limit: 1 << 30)
        guard json.count == manifest.wardrobe.bytes, SHA256.hex(json) == manifest.wardrobe.sha256 else {
            throw ClosetError.badData("\(path): wardrobe.json does not match its checksum: the backup was changed or damaged")
        }
        // Read as a stream (here only counted; the restore reads it again): never a whole object graph.
        let archive = try Self.archiveContents(json: json, name: "\(path): wardrobe.json")
        guard archive.items == manifest.items else {
            throw ClosetError.badData("\(path): the manifest counts \(manifest.items) items and wardrobe.json holds \(archive.items)")
        }
        var expected: [String: Int] = [:]
        for file in manifest.photos {
            let parts = file.name.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2, PhotoAddress.isHash(parts[0]), PhotoAddress.isExtension(parts[1]), expected[file.name] == nil else {
                throw ClosetError.badData(
                    "\(path): the manifest names a photo '\(SafeText.escaped(String(file.name.prefix(80))))' closet never writes")
            }
            guard file.bytes >= 0, file.bytes <= photoCheck.maxBytes else {
                throw ClosetError.badData(
                    "\(path): photo \(file.name) is \(PhotoStore.megabytes(max(0, file.bytes))), over the "
                        + "\(PhotoStore.megabytes(photoCheck.maxBytes)) limit for a photo; nothing was restored")
            }
            expected[file.name] = file.bytes
        }
        guard archive.photos == Set(expected.keys) else {
            throw ClosetError.badData("\(path): the manifest and wardrobe.json list different photos: the backup was changed")
        }
        // Photos already in the store (a wardrobe whose database was lost) are not written again.
        let new = expected.filter { name, _ in
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            guard let stored = try? photos.url(hash: parts[0], ext: parts[1]) else { return true }
            return !FileManager.default.fileExists(atPath: stored.path)
        }
        try DiskSpace.require(
            new.values.reduce(0, +) + 2 * json.count + (1 << 20), in: folder, for: "restoring \(path) (\(Words.count(new.count, "photo")))")

        return try withFileLock {
            _ = try? removeArchiveLeftovers()
            sweepStagedOnce()
            // Each photo is staged in the store (same disk: committing it is a rename, never a second copy).
            var staged: [String: URL] = [:]
            defer { for url in staged.values { photos.discard(staged: url) } }
            var seen = Set<String>()
            while let entry = try tar.next() {
                guard entry.name.hasPrefix(BackupManifest.photoFolder) else {
                    throw ClosetError.badData("\(path) holds \(SafeText.escaped(entry.name)), which a closet backup does not")
                }
                let name = String(entry.name.dropFirst(BackupManifest.photoFolder.count))
                guard let bytes = expected[name], !seen.contains(name) else {
                    throw ClosetError.badData(
                        "\(path) holds a photo the manifest does not list: \(SafeText.escaped(String(name.prefix(80))))")
                }
                guard entry.size == bytes else {
                    throw ClosetError.badData("\(path): photo \(name) has \(entry.size) bytes, the manifest says \(bytes)")
                }
                seen.insert(name)
                guard new[name] != nil else { continue }
                let copy = try photos.stage(limit: photoCheck.maxBytes, name: name) { sink in try tar.read(sink) }
                staged[name] = copy.url
                guard copy.sha256 == String(name.prefix(64)) else {
                    throw ClosetError.badData("\(path): photo \(name) does not match its checksum: the backup was changed or damaged")
                }
                try photoCheck.check(copy.url, name: name, source: path)
            }
            if let missing = expected.keys.sorted().first(where: { !seen.contains($0) }) {
                throw ClosetError.badData("\(path) ends without photo \(missing): the backup is truncated")
            }
            let restored = try restore(
                json: json, name: "\(path): wardrobe.json", photoFolder: nil, photoCheck: photoCheck, prestaged: staged)
            let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0
            return BackupSummary(items: archive.items, photos: seen.count, bytes: size, damagedMasks: restored.damagedMasks)
        }
    }

    /// Whether `url` looks like a one-file backup (a tar: "ustar" at offset 257).
    public static func isBackup(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 263), head.count == 263 else { return false }
        return head[257..<262] == Data("ustar".utf8)
    }
}
