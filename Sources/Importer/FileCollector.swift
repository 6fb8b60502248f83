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
                throw ClosetError.noInput("\(path) does not exist: check the path")
            }
            let url = URL(fileURLWithPath: path)
            if !isDir.boolValue { files.append(url); continue }
            guard let walker = fm.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey],
                                             options: [.skipsHiddenFiles]) else {
                throw ClosetError.io("cannot read the folder \(path): check its permissions")
            }
            var found: [URL] = []
            for case let file as URL in walker where isPhotoName(file) {
                if (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { found.append(file) }
            }
            files += found.sorted { $0.path < $1.path }
        }
        return files
    }
}
