import ClosetKit
import Foundation

/// Thrown by every operation of a ``CrashSimulatingFileSystem`` from the moment its power went.
public struct SimulatedCrash: Error, CustomStringConvertible {
    public var description: String { "simulated power cut" }
}

/// The photo store's file system with power cuts, as SQLite tests its VFS: every operation is carried out on
/// the real files, and what has not been synced is remembered. At operation ``crashAt`` (or when ``powerCut()``
/// is called) the power goes: every later operation throws, and ``powerCut()`` undoes what a real disk could
/// lose — folder entries (files created, renamed in, removed, folders made) not followed by a sync of their
/// folder, and file bytes not followed by a sync of the file (cut to a random length, zero included).
public final class CrashSimulatingFileSystem: PhotoFileSystem, @unchecked Sendable {
    private let real = POSIXFileSystem()
    /// Where removed files wait until their folder is synced (so that an unsynced removal can come back).
    private let graveyard: URL
    /// The operation at which the power goes (1 = the first); nil: only when ``powerCut()`` is called.
    public let crashAt: Int?
    public private(set) var operations = 0
    public private(set) var crashed = false
    private var random: SplitMix

    private enum Entry {
        case created(URL)
        case madeFolder(URL)
        case renamed(from: URL, to: URL)
        case removed(URL, grave: URL)

        /// The folder whose sync makes this entry durable.
        var folder: String {
            switch self {
            case .created(let url), .madeFolder(let url), .removed(let url, _): url.deletingLastPathComponent().standardizedFileURL.path
            case .renamed(_, let to): to.deletingLastPathComponent().standardizedFileURL.path
            }
        }
    }
    private var entries: [(seq: Int, entry: Entry)] = []
    private var folderSynced: [String: Int] = [:]
    /// Per file path: the step of its last write, and of its last sync.
    private var written: [String: Int] = [:]
    private var synced: [String: Int] = [:]
    private var seq = 0
    private let mutex = NSRecursiveLock()

    public init(crashAt: Int?, seed: UInt64, graveyard: URL) {
        self.crashAt = crashAt
        self.random = SplitMix(seed: seed)
        self.graveyard = graveyard
        try? FileManager.default.createDirectory(at: graveyard, withIntermediateDirectories: true)
    }

    /// Counts an operation, and throws from the one at which the power goes.
    private func step() throws {
        if crashed { throw SimulatedCrash() }
        operations += 1
        seq += 1
        if operations == crashAt {
            crashed = true
            throw SimulatedCrash()
        }
    }

    private func key(_ url: URL) -> String { url.standardizedFileURL.path }

    public func makeDirectory(_ url: URL) throws {
        try mutex.withLock {
            try step()
            let existed = FileManager.default.fileExists(atPath: url.path)
            try real.makeDirectory(url)
            if !existed { entries.append((seq, .madeFolder(url))) }
        }
    }

    public func create(_ url: URL) throws -> PhotoFileWriter {
        try mutex.withLock {
            try step()
            let writer = try real.create(url)
            entries.append((seq, .created(url)))
            written[key(url)] = seq
            return Writer(inner: writer, url: url, owner: self)
        }
    }

    final class Writer: PhotoFileWriter {
        let inner: PhotoFileWriter
        let url: URL
        let owner: CrashSimulatingFileSystem
        init(inner: PhotoFileWriter, url: URL, owner: CrashSimulatingFileSystem) {
            self.inner = inner
            self.url = url
            self.owner = owner
        }
        func write(_ bytes: UnsafeRawBufferPointer) throws {
            try owner.mutex.withLock {
                try owner.step()
                try inner.write(bytes)
                owner.written[owner.key(url)] = owner.seq
            }
        }
        func close() throws { try inner.close() }
    }

    public func sync(_ url: URL) throws {
        try mutex.withLock {
            try step()
            synced[key(url)] = seq
        }
    }

    public func syncDirectory(_ url: URL) throws {
        try mutex.withLock {
            try step()
            folderSynced[key(url)] = seq
        }
    }

    public func rename(_ from: URL, to: URL) throws {
        try mutex.withLock {
            try step()
            try real.rename(from, to: to)
            entries.append((seq, .renamed(from: from, to: to)))
            move(key(from), to: key(to))
        }
    }

    public func remove(_ url: URL) throws {
        try mutex.withLock {
            try step()
            guard FileManager.default.fileExists(atPath: url.path) else { return }
            let grave = graveyard.appendingPathComponent(UUID().uuidString)
            try real.rename(url, to: grave)
            entries.append((seq, .removed(url, grave: grave)))
        }
    }

    private func move(_ from: String, to: String) {
        written[to] = written.removeValue(forKey: from)
        synced[to] = synced.removeValue(forKey: from)
    }

    /// The power goes now (if it has not already): undoes every folder entry not made durable, newest first,
    /// then cuts every file whose last bytes were not synced. Returns how many things were lost.
    @discardableResult
    public func powerCut() -> Int {
        mutex.withLock {
            crashed = true
            let fm = FileManager.default
            var lost = 0
            for (seq, entry) in entries.reversed() where (folderSynced[entry.folder] ?? 0) < seq {
                lost += 1
                switch entry {
                case .created(let url):
                    try? fm.removeItem(at: url)
                    written[key(url)] = nil
                    synced[key(url)] = nil
                case .madeFolder(let url):
                    try? fm.removeItem(at: url)
                case .renamed(let from, let to):
                    if fm.fileExists(atPath: to.path), fm.fileExists(atPath: from.deletingLastPathComponent().path) {
                        _ = Glibc.rename(to.path, from.path)
                        move(key(to), to: key(from))
                    } else {
                        try? fm.removeItem(at: to)
                    }
                case .removed(let url, let grave):
                    if fm.fileExists(atPath: url.deletingLastPathComponent().path) { _ = Glibc.rename(grave.path, url.path) }
                }
            }
            for (path, step) in written where (synced[path] ?? 0) < step && fm.fileExists(atPath: path) {
                let size = (try? fm.attributesOfItem(atPath: path))?[.size] as? Int ?? 0
                let keep = size == 0 ? 0 : Int(random.next() % UInt64(size))
                _ = truncate(path, off_t(keep))
                lost += 1
            }
            entries = []
            written = [:]
            return lost
        }
    }
}

/// A small seeded generator, so that each simulated crash can be repeated.
public struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension CrashSimulatingFileSystem {
    /// What breaks the invariant a power cut must keep: every item's photo file is there and whole (its bytes
    /// hash to its name). Empty when the wardrobe in `folder` keeps it.
    public static func brokenRows(in folder: URL) throws -> [String] {
        let wardrobe = try Wardrobe(folder: folder, mode: .recover)
        defer { try? wardrobe.close() }
        var broken: [String] = []
        for summary in try wardrobe.summaries(ItemFilter(status: nil)) {
            guard let hash = summary.item.photo else { continue }
            let id = summary.item.id
            guard let photo = try wardrobe.photo(hash) else {
                broken.append("item \(id) names photo \(hash) without its row")
                continue
            }
            guard let data = FileManager.default.contents(atPath: try wardrobe.photos.url(hash: hash, ext: photo.ext).path) else {
                broken.append("item \(id)'s photo file is gone")
                continue
            }
            if SHA256.hex(data) != hash { broken.append("item \(id)'s photo file is cut (\(data.count) bytes)") }
        }
        let report = try wardrobe.examine(checkingIntegrity: false)
        if !report.missingPhotos.isEmpty || !report.damagedPhotos.isEmpty { broken.append("doctor: \(report)") }
        return broken
    }
}
