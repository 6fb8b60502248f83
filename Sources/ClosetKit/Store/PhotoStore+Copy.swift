import Foundation

/// Staging a photo from a stream (a backup's tar entry, an exported photo file) without holding it in memory:
/// the bytes go to a new file in `photos/.tmp/` in chunks of at most 1 MB, hashed as they pass, and the file
/// is synced before it is handed back, so that a commit never renames half a photo into place.
extension PhotoStore {
    /// A photo file staged by ``stage(limit:name:_:)``, not yet committed.
    struct StagedCopy {
        var url: URL
        /// The SHA-256 of its bytes, as hex.
        var sha256: String
        var bytes: Int
    }

    /// Writes what `fill` hands to its sink into a new staged file, refusing more than `limit` bytes (then
    /// nothing is left behind). `name` names the photo in messages. Call with the wardrobe's file lock held.
    func stage(limit: Int, name: String, _ fill: (_ sink: (Data) throws -> Void) throws -> Void) throws -> StagedCopy {
        var hash = SHA256()
        var written = 0
        let staged = try stage { writer in
            try fill { chunk in
                guard written + chunk.count <= limit else {
                    throw ClosetError.badData("photo \(name) is larger than \(Self.megabytes(limit)), the limit for a photo")
                }
                hash.update(chunk)
                try writer.write(chunk)
                written += chunk.count
            }
        }
        return StagedCopy(url: staged, sha256: hash.finalize().map { String(format: "%02x", $0) }.joined(), bytes: written)
    }

    /// Stages a copy of `file`, which must be a regular file (not a link, FIFO or device: refused without
    /// waiting on it) of at most `limit` bytes. Call with the wardrobe's file lock held.
    func stage(copying file: URL, limit: Int) throws -> StagedCopy {
        let fd = open(file.path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ELOOP { throw ClosetError.badData("\(file.path) is a symbolic link: give the exported photo files themselves") }
            if errno == ENOENT { throw ClosetError.photoNotInBackup(name: file.path) }
            throw ClosetError.noInput("cannot read \(file.path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw ClosetError.badData("\(file.path) is not a regular file: give the exported photo files themselves")
        }
        guard Int(info.st_size) <= limit else {
            throw ClosetError.badData(
                "\(file.path) is \(Self.megabytes(Int(info.st_size))), over the \(Self.megabytes(limit)) limit for a photo")
        }
        return try stage(limit: limit, name: file.path) { sink in
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                guard n >= 0 else { throw ClosetError.io("cannot read \(file.path): \(String(cString: strerror(errno)))") }
                if n == 0 { return }
                try sink(Data(buffer[0..<n]))
            }
        }
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : Words.count(bytes, "byte")
    }
}
