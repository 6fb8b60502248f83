import Foundation

/// A small tmpfs mounted for a test (a full disk made on purpose), unmounted when released. Needs root;
/// `mount` fails otherwise, and the test skips, saying so.
public final class Tmpfs {
    public let url: URL

    public init?(kilobytes: Int) {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("closet-tmpfs-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        guard (try? Shell.run(["mount", "-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", url.path]))?.status == 0 else {
            try? FileManager.default.removeItem(at: url)
            return nil
        }
    }

    deinit {
        _ = try? Shell.run(["umount", "-l", url.path])
        try? FileManager.default.removeItem(at: url)
    }

    public func path(_ component: String) -> URL { url.appendingPathComponent(component) }

    /// Bytes free for a writer.
    public var free: Int {
        var info = statvfs()
        guard statvfs(url.path, &info) == 0 else { return 0 }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    /// Fills the disk with a file of its own until at most `leaving` bytes are free (0: until a write fails).
    public func fill(leaving: Int = 0) throws {
        let filler = path(".filler-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: filler.path, contents: nil)
        let handle = try FileHandle(forWritingTo: filler)
        defer { try? handle.close() }
        for chunk in [65_536, 4_096, 512, 1] {
            let block = Data(count: chunk)
            while free - chunk >= leaving {
                do { try handle.write(contentsOf: block) } catch { break }
            }
        }
    }

    /// Removes what ``fill(leaving:)`` wrote.
    public func unfill() {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] where name.hasPrefix(".filler-") {
            try? FileManager.default.removeItem(at: path(name))
        }
    }
}
