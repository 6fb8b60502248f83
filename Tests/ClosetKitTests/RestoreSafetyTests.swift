import ClosetKit
import Foundation
import TestSupport
import XCTest

/// Restores on a bad day (issue faults 5, 11, 12, 15, 16, 19): empty and foreign files, FIFOs, oversized and
/// non-image photos, full disks, and what killed restores and exports leave behind.
final class RestoreSafetyTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws { dir = TemporaryDirectory() }

    /// A backup of one item whose photo is `bytes`.
    func backup(photo bytes: Data, name: String = "b.closet") throws -> URL {
        let source = try Wardrobe(folder: dir.path("source-\(UUID().uuidString.prefix(6))"))
        try source.add(Item(name: "Hat", category: "hat"), photo: PhotoUpload(data: bytes, ext: "jpg", width: 4, height: 4))
        let file = dir.path(name)
        try source.writeBackup(to: file)
        return file
    }

    func assertNothingWritten(_ target: Wardrobe, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try target.itemCount(), 0, file: file, line: line)
        XCTAssertEqual(target.photos.storedFiles().count, 0, file: file, line: line)
        let staged = (try? FileManager.default.contentsOfDirectory(atPath: target.photos.root.appendingPathComponent(".tmp").path)) ?? []
        XCTAssertEqual(staged, [], "no staged photo is left", file: file, line: line)
    }

    // Fault 5: an empty, zero-filled or foreign file is refused, not "restored" as 0 items.
    func testEmptyZeroFilledAndForeignFilesAreNoBackup() throws {
        let text = try dir.write("notes.txt", Data("my notes\n".utf8))
        XCTAssertEqual(try Shell.run(["tar", "cf", dir.path("other.tar").path, "-C", dir.url.path, "notes.txt"]).status, 0)
        XCTAssertEqual(try Shell.run(["tar", "cf", dir.path("empty.tar").path, "-T", "/dev/null"]).status, 0)
        let cases: [(String, Data)] = [
            ("empty", Data()), ("1 KB of zeros", Data(count: 1024)), ("10 KB of zeros", Data(count: 10 * 1024)),
            ("an empty tar", try Data(contentsOf: dir.path("empty.tar"))),
            ("a tar without the manifest", try Data(contentsOf: dir.path("other.tar"))),
            ("text", try Data(contentsOf: text)),
        ]
        for (why, data) in cases {
            let file = try dir.write("case.bin", data)
            XCTAssertThrowsError(try RestoreSource.kind(of: file), why) { XCTAssertEqual(($0 as? ClosetError)?.kind, .badData, why) }
            let target = try Wardrobe(folder: dir.path("t-\(UUID().uuidString.prefix(6))"))
            XCTAssertThrowsError(try target.restoreBackup(from: file), why) { XCTAssertEqual(($0 as? ClosetError)?.kind, .badData, why) }
        }
        XCTAssertEqual(try RestoreSource.kind(of: try backup(photo: Data([1, 2, 3]))), .backup)
        XCTAssertEqual(try RestoreSource.kind(of: try dir.write("w.json", Data(" {\"format\":1}".utf8))), .json)
        XCTAssertEqual(try RestoreSource.kind(of: try dir.write("w.csv", Data("id,name,category\n".utf8))), .csv)
    }

    // Fault 19: a FIFO (or a device, or a folder) is refused at once, never waited on.
    func testAFIFOADeviceAndAFolderAreRefusedWithoutReading() throws {
        let fifo = dir.path("pipe.closet")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        for url in [fifo, URL(fileURLWithPath: "/dev/zero"), dir.url] {
            XCTAssertThrowsError(try RestoreSource.kind(of: url), url.path) { XCTAssertEqual(($0 as? ClosetError)?.kind, .usage, url.path) }
            let target = try Wardrobe(folder: dir.path("t-\(UUID().uuidString.prefix(6))"))
            XCTAssertThrowsError(try target.restoreBackup(from: url), url.path) {
                XCTAssertEqual(($0 as? ClosetError)?.kind, .usage, url.path)
            }
        }
        XCTAssertThrowsError(try RestoreSource.kind(of: dir.path("missing.closet"))) {
            XCTAssertEqual(($0 as? ClosetError)?.kind, .noInput)
        }
    }

    // Fault 16: a photo over the size limit is refused from the manifest, before any of it is written.
    func testAPhotoOverTheLimitIsRefused() throws {
        let file = try backup(photo: Data(repeating: 7, count: 5000))
        let target = try Wardrobe(folder: dir.path("target"))
        XCTAssertThrowsError(try target.restoreBackup(from: file, photoCheck: PhotoCheck(maxBytes: 4999))) { error in
            XCTAssertEqual((error as? ClosetError)?.kind, .badData)
            XCTAssertTrue("\(error)".contains("limit"), "\(error)")
        }
        try assertNothingWritten(target)
        try target.restoreBackup(from: file, photoCheck: PhotoCheck(maxBytes: 5000))
        XCTAssertEqual(try target.photoCount(), 1)
    }

    // Fault 16: each photo is checked as an image (the front end's decoder) before anything is committed.
    func testAPhotoThePhotoCheckRefusesStopsTheRestore() throws {
        let file = try backup(photo: Data("not a photo at all".utf8))
        let target = try Wardrobe(folder: dir.path("target"))
        final class Seen: @unchecked Sendable { var files: [Data] = [] }
        let seen = Seen()
        let check = PhotoCheck(maxBytes: 1 << 20) { url in
            seen.files.append(try Data(contentsOf: url))
            throw ClosetError.badData("not a JPEG or PNG image")
        }
        XCTAssertThrowsError(try target.restoreBackup(from: file, photoCheck: check)) { error in
            XCTAssertEqual((error as? ClosetError)?.kind, .badData)
            XCTAssertTrue("\(error)".contains("not an image closet can read (not a JPEG or PNG image)"), "\(error)")
        }
        XCTAssertEqual(seen.files, [Data("not a photo at all".utf8)], "the check saw the staged bytes")
        try assertNothingWritten(target)
    }

    // Fault 15: a restore that cannot fit is refused before it writes, saying how much it needs and has.
    func testARestoreThatDoesNotFitIsRefusedBeforeWriting() throws {
        let mount = dir.path("small")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        guard getuid() == 0, (try? Shell.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.path]))?.status == 0 else {
            throw Requirement.missing("mounting a small tmpfs needs root")
        }
        defer { _ = try? Shell.run(["umount", mount.path]) }
        let source = try Wardrobe(folder: dir.path("source"))
        for n in 0..<3 {
            let bytes = Data((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ n) })
            try source.add(Item(name: "Hat \(n)", category: "hat"), photo: PhotoUpload(data: bytes, ext: "jpg", width: 4, height: 4))
        }
        try source.writeBackup(to: dir.path("b.closet"))
        let target = try Wardrobe(folder: mount.appendingPathComponent("wardrobe"))
        XCTAssertThrowsError(try target.restoreBackup(from: dir.path("b.closet"))) { error in
            XCTAssertEqual((error as? ClosetError)?.kind, .io)
            XCTAssertTrue("\(error)".contains("needs about 4.0 MB free in \(mount.path)/wardrobe"), "\(error)")
            XCTAssertTrue("\(error)".contains("and only 1.") && "\(error)".contains(" MB is free"), "\(error)")
        }
        try assertNothingWritten(target)
    }

    // Fault 11: a killed restore's folder is listed with its size and removed, and only a folder of photo files.
    func testAKilledRestoresFolderIsListedAndRemovedAndNothingElse() throws {
        let wardrobe = try Wardrobe(folder: dir.path("wardrobe"))
        let killed = try dir.write("wardrobe/.restore-\(UUID().uuidString)/\(String(repeating: "ab", count: 32)).jpg", Data(count: 1500))
        try dir.write(
            "wardrobe/\(killed.deletingLastPathComponent().lastPathComponent)/\(String(repeating: "cd", count: 32)).png", Data(count: 500))
        let foreign = try dir.write("wardrobe/.restore-\(UUID().uuidString)/notes.txt", Data("mine".utf8))
        let oddName = try dir.write("wardrobe/.restore-notes/\(String(repeating: "ab", count: 32)).jpg", Data(count: 10))
        let leftovers = wardrobe.archiveLeftovers()
        XCTAssertEqual(leftovers, [ArchiveLeftover(url: killed.deletingLastPathComponent(), bytes: 2000, kind: .restoreFolder)])
        XCTAssertEqual(try wardrobe.removeArchiveLeftovers(), leftovers)
        XCTAssertFalse(FileManager.default.fileExists(atPath: killed.deletingLastPathComponent().path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: foreign.path), "a folder with a file closet never writes stays")
        XCTAssertTrue(FileManager.default.fileExists(atPath: oddName.path))
        XCTAssertEqual(wardrobe.archiveLeftovers(), [])
    }

    // Fault 12: a live export's file is nobody's leftover; a recorded file of a dead export is; a record
    // naming a file closet never writes removes nothing.
    func testOnlyADeadExportsOwnTemporaryFileIsALeftover() throws {
        let wardrobe = try Wardrobe(folder: dir.path("wardrobe"))
        try wardrobe.add(Item(name: "Hat", category: "hat"))
        let target = dir.path("out/b.closet")
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        var during: [ArchiveLeftover] = [], removed: [ArchiveLeftover] = [], temps: [String] = []
        try wardrobe.writeExportFile(to: target) { handle in
            try handle.write(contentsOf: Data("{}".utf8))
            during = wardrobe.archiveLeftovers()
            removed = try wardrobe.removeArchiveLeftovers()
            temps = try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path)
        }
        XCTAssertEqual(during, [], "a running export's file is not a leftover")
        XCTAssertEqual(removed, [])
        XCTAssertEqual(temps.count, 1)
        XCTAssertTrue(temps[0].hasPrefix(".b.closet.") && temps[0].hasSuffix(".tmp"), temps[0])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path), ["b.closet"])
        XCTAssertEqual(try Data(contentsOf: target), Data("{}".utf8))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path("wardrobe/.exports").path), [], "its record is gone")

        // Hostile records: one naming someone's file, one naming a look-alike through a link.
        let notes = try dir.write("out/notes.txt", Data("keep".utf8))
        let lookAlike = dir.path("out/.notes.txt.12345678.tmp")
        try FileManager.default.createSymbolicLink(at: lookAlike, withDestinationURL: notes)
        try dir.write("wardrobe/.exports/A.export", Data((notes.path + "\n").utf8))
        try dir.write("wardrobe/.exports/B.export", Data((lookAlike.path + "\n").utf8))
        XCTAssertEqual(wardrobe.archiveLeftovers(), [])
        XCTAssertEqual(try wardrobe.removeArchiveLeftovers(), [])
        XCTAssertEqual(try Data(contentsOf: notes), Data("keep".utf8))
        XCTAssertNotNil(try? FileManager.default.destinationOfSymbolicLink(atPath: lookAlike.path))

        // A dead export's record and file (as kill -9 leaves them: the record unlocked).
        let dead = try dir.write("out/.b.closet.0A1B2C3D.tmp", Data(count: 4096))
        try dir.write("wardrobe/.exports/C.export", Data((dead.path + "\n").utf8))
        XCTAssertEqual(wardrobe.archiveLeftovers(), [ArchiveLeftover(url: dead, bytes: 4096, kind: .exportFile)])
        XCTAssertEqual(try wardrobe.removeArchiveLeftovers(), [ArchiveLeftover(url: dead, bytes: 4096, kind: .exportFile)])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dead.path))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path("wardrobe/.exports").path), [])
    }

    // Fault 11 ('the next run cleans'): a restore removes the folder a killed restore left.
    func testTheNextRestoreRemovesAKilledRestoresFolder() throws {
        let file = try backup(photo: Data(repeating: 9, count: 700))
        let target = try Wardrobe(folder: dir.path("target"))
        let killed = try dir.write("target/.restore-\(UUID().uuidString)/\(String(repeating: "ef", count: 32)).jpg", Data(count: 100))
        // What killed writes leave in photos/.tmp (the restore holds the writer lock, so none is live): an empty
        // one is removed, a copy goes to the trash; a file closet did not name stays.
        let empty = try dir.write("target/photos/.tmp/restore-\(UUID().uuidString)", Data())
        let copy = try dir.write("target/photos/.tmp/\(UUID().uuidString)", Data(count: 100))
        let foreign = try dir.write("target/photos/.tmp/notes.txt", Data(count: 10))
        try target.restoreBackup(from: file)
        XCTAssertFalse(FileManager.default.fileExists(atPath: killed.deletingLastPathComponent().path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: empty.path))
        XCTAssertEqual(try target.photoCount(), 1)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: target.photos.root.appendingPathComponent(".tmp").path),
            [foreign.lastPathComponent], "closet's own staged files go, and only those")
        XCTAssertEqual(target.photos.trashDays().flatMap(\.files).map(\.lastPathComponent), [copy.lastPathComponent])
    }
}
