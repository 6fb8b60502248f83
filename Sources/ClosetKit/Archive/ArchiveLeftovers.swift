import Foundation

/// What a killed restore or export left behind: a `.restore-UUID/` folder in the wardrobe (restores before
/// this version staged a backup's photos there; restores now stage them in `photos/.tmp/`, which `doctor`
/// lists with the store), or an export's temporary file beside its target (see ``Wardrobe/writeExportFile(to:_:)``).
public struct ArchiveLeftover: Equatable, Sendable {
    public enum Kind: String, Sendable {
        /// A `.restore-UUID/` folder of a killed restore, in the wardrobe folder.
        case restoreFolder
        /// A killed export's `.NAME.XXXXXXXX.tmp`, beside the file it was to become.
        case exportFile
    }

    public var url: URL
    /// The bytes it holds (a folder: its files together).
    public var bytes: Int
    public var kind: Kind

    public init(url: URL, bytes: Int, kind: Kind) {
        self.url = url
        self.bytes = bytes
        self.kind = kind
    }
}

extension Wardrobe {
    /// The leftovers of killed restores and exports, largest first. Lists only what is proved closet's own and
    /// stale: a `.restore-UUID` folder holding nothing but photo files, and an export file whose journal record
    /// is no longer locked by a running export. Changes nothing.
    public func archiveLeftovers() -> [ArchiveLeftover] {
        (restoreLeftovers() + exportLeftovers()).sorted { ($0.bytes, $1.url.path) > ($1.bytes, $0.url.path) }
    }

    /// Removes the leftovers ``archiveLeftovers()`` lists (proving each stale again), holding the writer lock;
    /// returns those removed. Nothing else is touched: a folder holding anything but photo files stays.
    @discardableResult
    public func removeArchiveLeftovers() throws -> [ArchiveLeftover] {
        try withFileLock {
            var removed: [ArchiveLeftover] = []
            for leftover in restoreLeftovers() where (try? FileManager.default.removeItem(at: leftover.url)) != nil {
                removed.append(leftover)
            }
            return removed + ExportRecord.sweep(folder.appendingPathComponent(Self.exportJournal, isDirectory: true))
        }
    }

    /// `.restore-UUID` folders of the wardrobe that hold only regular files named as photos (`HASH.EXT`).
    func restoreLeftovers() -> [ArchiveLeftover] {
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap { name -> ArchiveLeftover? in
            guard name.hasPrefix(".restore-"), UUID(uuidString: String(name.dropFirst(9))) != nil else { return nil }
            let dir = folder.appendingPathComponent(name, isDirectory: true)
            var info = stat()
            guard lstat(dir.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, let files = try? fm.contentsOfDirectory(atPath: dir.path)
            else { return nil }
            var bytes = 0
            for file in files {
                let parts = file.split(separator: ".", maxSplits: 1).map(String.init)
                var entry = stat()
                guard parts.count == 2, PhotoAddress.isHash(parts[0]), PhotoAddress.isExtension(parts[1]),
                    lstat(dir.appendingPathComponent(file).path, &entry) == 0, (entry.st_mode & S_IFMT) == S_IFREG
                else { return nil }
                bytes += Int(entry.st_size)
            }
            return ArchiveLeftover(url: dir, bytes: bytes, kind: .restoreFolder)
        }
    }

    /// Temporary files of exports that were killed, as the journal records them.
    func exportLeftovers() -> [ArchiveLeftover] {
        let journal = folder.appendingPathComponent(Self.exportJournal, isDirectory: true)
        guard !PhotoStore.isSymbolicLink(journal.path), let names = try? FileManager.default.contentsOfDirectory(atPath: journal.path)
        else {
            return []
        }
        return names.sorted().filter { $0.hasSuffix(".export") }.compactMap { name in
            let record = journal.appendingPathComponent(name)
            return ExportRecord.stale(record) { temp, bytes in
                temp.map { ArchiveLeftover(url: $0, bytes: bytes, kind: .exportFile) }
            } ?? nil
        }
    }
}
