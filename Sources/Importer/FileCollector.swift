import ClosetKit
import Foundation

/// Expands the paths a person gives into the photo files to import: files as they are, folders
/// searched recursively for `.jpg`, `.jpeg` and `.png` in any case, in a stable order.
public enum FileCollector {
    public static let extensions: Set<String> = ["jpg", "jpeg", "png"]

    public static func isPhotoName(_ url: URL) -> Bool { extensions.contains(url.pathExtension.lowercased()) }

    public static func collect(_ paths: [String]) throws -> [URL] {
        var files: [URL] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw ClosetError.noInput("\(SafeText.escaped(path)) does not exist: check the path")
            }
            let url = URL(fileURLWithPath: path)
            if !isDir.boolValue { files.append(url); continue }
            var visited = Set<FileIdentity>()
            var found: [URL] = []
            try walk(url, visited: &visited, found: &found, top: true)
            files += found.sorted { $0.path < $1.path }
        }
        return files
    }

    /// A folder's identity, so that a symbolic link back up the tree is not walked twice.
    struct FileIdentity: Hashable { let device: UInt64, inode: UInt64 }

    /// Walks `folder` depth first, following symbolic links to folders and files (each folder once),
    /// skipping hidden names; photo files by extension.
    static func walk(_ folder: URL, visited: inout Set<FileIdentity>, found: inout [URL], top: Bool) throws {
        var info = stat()
        guard stat(folder.path, &info) == 0 else { return }
        guard visited.insert(FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted else { return }
        let entries: [String]
        do { entries = try FileManager.default.contentsOfDirectory(atPath: folder.path) } catch {
            if top { throw ClosetError.io("cannot read the folder \(SafeText.escaped(folder.path)): check its permissions") }
            return
        }
        for name in entries.sorted() where !name.hasPrefix(".") {
            let entry = folder.appendingPathComponent(name)
            var entryInfo = stat()
            guard stat(entry.path, &entryInfo) == 0 else { continue }  // a dangling link
            switch entryInfo.st_mode & S_IFMT {
            case S_IFDIR: try walk(entry, visited: &visited, found: &found, top: false)
            case S_IFREG where isPhotoName(entry): found.append(entry)
            default: continue
            }
        }
    }
}
