import Foundation
import GRDB

/// Which files a person is about to import the wardrobe holds already (the import browser marks them): a file
/// is known when its bytes are a stored photo's, by SHA-256 as the photo store names them. Only a file exactly
/// as large as some stored photo is read, so a folder of new photos costs one query and a `stat` a file.
extension Wardrobe {
    /// The paths among `paths` whose bytes are a stored photo's. A path that is not a regular file, or cannot
    /// be read, is not known (nothing is waited on: a FIFO is never opened for reading).
    public func storedAlready(_ paths: [String]) throws -> Set<String> {
        let sizes = try read { db in Set(try Int.fetchAll(db, sql: "SELECT DISTINCT bytes FROM \(StoredPhoto.databaseTableName)")) }
        var candidates: [(path: String, hash: String)] = []
        for path in paths {
            guard let hash = Self.sha256(ofFile: path, ifSizeIn: sizes) else { continue }
            candidates.append((path, hash))
        }
        guard !candidates.isEmpty else { return [] }
        let stored: Set<String> = try read { db in
            var found = Set<String>()
            for chunk in stride(from: 0, to: candidates.count, by: 500) {
                let hashes = candidates[chunk..<min(candidates.count, chunk + 500)].map(\.hash)
                let marks = Array(repeating: "?", count: hashes.count).joined(separator: ",")
                found.formUnion(
                    try String.fetchAll(
                        db, sql: "SELECT hash FROM \(StoredPhoto.databaseTableName) WHERE hash IN (\(marks))",
                        arguments: StatementArguments(hashes)))
            }
            return found
        }
        return Set(candidates.filter { stored.contains($0.hash) }.map(\.path))
    }

    /// The SHA-256 of a regular file whose size is one of `sizes`, read in pieces of 1 MB; nil otherwise.
    static func sha256(ofFile path: String, ifSizeIn sizes: Set<Int>) -> String? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { return nil }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, sizes.contains(Int(info.st_size)) else { return nil }
        var digest = SHA256()
        var read = 0
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            digest.update(chunk)
            read += chunk.count
            // A file that grows while it is read is not the stored photo.
            guard read <= Int(info.st_size) else { return nil }
        }
        guard read == Int(info.st_size) else { return nil }
        return SHA256.hex(digest.finalize())
    }
}
