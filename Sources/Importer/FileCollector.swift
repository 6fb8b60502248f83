import ClosetKit
import Foundation
import Imaging

/// Expands the paths a person gives into the photo files to import: files as they are, folders
/// searched recursively for `.jpg`, `.jpeg`, `.png`, `.heic`, `.heif`, `.avif` and `.webp` in any case, in a stable order.
///
/// Names are bytes: folders are read with `opendir`/`readdir` and every path is kept as the bytes the file
/// system gave (`URL(filePathBytes:)`), so a name that is not UTF-8 is found and opened like any other.
/// Like `find -xdev`, a walk stays on the filesystem of the folder it started from (`/proc/*/root` leads to
/// `/`), unless asked; a folder reached twice (a symbolic link back up the tree) is walked once.
public enum FileCollector {
    public static let extensions: Set<String> = ImageFormat.fileExtensions

    public static func isPhotoName(_ url: URL) -> Bool { isPhotoName(bytes: url.filePathBytes) }

    /// Whether a name (or path) ends in a photo extension, in any case; compared as bytes.
    static func isPhotoName<C: BidirectionalCollection>(bytes: C) -> Bool where C.Element == UInt8 {
        guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")) else { return false }
        let tail = bytes[bytes.index(after: dot)...]
        guard !tail.contains(UInt8(ascii: "/")), let ext = String(validating: tail, as: UTF8.self) else { return false }
        return extensions.contains(ext.lowercased())
    }

    /// What a walk found, and what it left out and why, so that nothing is skipped without a word.
    public struct Collection: Sendable {
        public var files: [URL] = []
        /// Folders not entered because they are on another filesystem (a mount point, a link into /proc or /).
        public var otherFilesystems: [URL] = []
        /// Folders inside the ones given that could not be read (permissions).
        public var unreadable: [URL] = []
    }

    public static func collect(_ paths: [String], crossFilesystems: Bool = false) throws -> [URL] {
        try gather(paths.map { URL(fileURLWithPath: $0) }, crossFilesystems: crossFilesystems).files
    }

    /// - Parameter crossFilesystems: enter folders on other filesystems too (each folder still once).
    public static func gather(_ roots: [URL], crossFilesystems: Bool = false) throws -> Collection {
        var collection = Collection()
        for root in roots {
            let path = root.filePathBytes
            var info = stat()
            guard stat(cString(path), &info) == 0 else {
                throw ClosetError.noInput("\(SafeText.escaped(bytes: path)) does not exist: check the path")
            }
            // A file given by name is taken as it is; reading it refuses what is not a regular file.
            guard info.st_mode & S_IFMT == S_IFDIR else {
                collection.files.append(root)
                continue
            }
            var walk = Walk(device: info.st_dev, crossFilesystems: crossFilesystems)
            walk.visited.insert(FileIdentity(info))
            try walk.run(from: path)
            collection.files += walk.found.sorted { $0.lexicographicallyPrecedes($1) }.map { URL(filePathBytes: $0) }
            collection.otherFilesystems += walk.otherFilesystems.map { URL(filePathBytes: $0) }
            collection.unreadable += walk.unreadable.map { URL(filePathBytes: $0) }
        }
        return collection
    }

    /// The URL of a path typed on the command line. Swift's `CommandLine.arguments` holds text, where bytes that
    /// are not UTF-8 became U+FFFD; such an argument's bytes are found again among the process's own arguments.
    public static func url(argument: String) -> URL {
        var bytes = Array(argument.utf8)
        if argument.contains("\u{FFFD}") {
            for i in 0..<Int(CommandLine.argc) {
                guard let raw = CommandLine.unsafeArgv[i], String(cString: raw) == argument else { continue }
                bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self), count: strlen(raw)))
                break
            }
        }
        if bytes.first != UInt8(ascii: "/"), let cwd = getcwd(nil, 0) {
            defer { free(cwd) }
            let base = Array(UnsafeBufferPointer(start: UnsafeRawPointer(cwd).assumingMemoryBound(to: UInt8.self), count: strlen(cwd)))
            bytes = (base.last == UInt8(ascii: "/") ? base : base + [UInt8(ascii: "/")]) + bytes
        }
        return URL(filePathBytes: bytes)
    }

    /// A folder's identity, so that a symbolic link back up the tree is not walked twice.
    struct FileIdentity: Hashable {
        let device: UInt64, inode: UInt64
        init(_ info: stat) { (device, inode) = (UInt64(info.st_dev), UInt64(info.st_ino)) }
    }

    static func cString(_ bytes: [UInt8]) -> [CChar] { bytes.map { CChar(bitPattern: $0) } + [0] }

    /// One import root walked depth first with a stack of its own (a deep tree cannot exhaust the call
    /// stack), skipping hidden names, following symbolic links to files and, on the root's filesystem, to folders.
    struct Walk {
        let device: dev_t
        let crossFilesystems: Bool
        var visited = Set<FileIdentity>()
        var found: [[UInt8]] = []
        var otherFilesystems: [[UInt8]] = []
        var unreadable: [[UInt8]] = []

        init(device: dev_t, crossFilesystems: Bool) { (self.device, self.crossFilesystems) = (device, crossFilesystems) }

        mutating func run(from root: [UInt8]) throws {
            var folders = [root]
            while let folder = folders.popLast() {
                guard let names = Self.names(in: folder) else {
                    if folder == root {
                        throw ClosetError.io("cannot read the folder \(SafeText.escaped(bytes: folder)): check its permissions")
                    }
                    unreadable.append(folder)
                    continue
                }
                var subfolders: [[UInt8]] = []
                for (name, type) in names {
                    let path = folder.last == UInt8(ascii: "/") ? folder + name : folder + [UInt8(ascii: "/")] + name
                    // A regular file, FIFO, device or socket needs no stat unless its name is a photo's.
                    let isPhoto = isPhotoName(bytes: name)
                    if !isPhoto && [DT_REG, DT_FIFO, DT_CHR, DT_BLK, DT_SOCK].contains(Int(type)) { continue }
                    var info = stat()
                    guard stat(cString(path), &info) == 0 else { continue }  // a dangling link
                    if info.st_mode & S_IFMT == S_IFDIR {
                        if info.st_dev != device && !crossFilesystems {
                            otherFilesystems.append(path)
                        } else if visited.insert(FileIdentity(info)).inserted {
                            subfolders.append(path)
                        }
                    } else if isPhoto {
                        // Not only regular files: a FIFO or device named like a photo is listed, and refused
                        // with words when it is read (never opened in a way that waits).
                        found.append(path)
                    }
                }
                folders += subfolders.reversed()
            }
        }

        /// The folder's entries but `.`, `..` and hidden ones, in byte order, with readdir's type; nil when it
        /// cannot be opened.
        static func names(in folder: [UInt8]) -> [([UInt8], UInt8)]? {
            guard let dir = opendir(cString(folder)) else { return nil }
            defer { closedir(dir) }
            var names: [([UInt8], UInt8)] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix(while: { $0 != 0 })) }
                if name.first == UInt8(ascii: ".") { continue }
                names.append((name, entry.pointee.d_type))
            }
            return names.sorted { $0.0.lexicographicallyPrecedes($1.0) }
        }
    }
}
