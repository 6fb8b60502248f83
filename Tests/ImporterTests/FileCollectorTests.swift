import ClosetKit
import Foundation
import Imaging
import Importer
import TestSupport
import XCTest

/// Folders as people have them: names that are not UTF-8, FIFOs, links into other filesystems, loops.
final class FileCollectorTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUp() { dir = TemporaryDirectory() }

    var root: [UInt8] { Array(dir.url.path.utf8) }

    static func c(_ bytes: [UInt8]) -> [CChar] { bytes.map { CChar(bitPattern: $0) } + [0] }

    /// Writes `data` at a path given as bytes (Foundation cannot name a file that is not UTF-8).
    func write(_ path: [UInt8], _ data: Data) throws {
        let fd = open(Self.c(path), O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0, "open \(SafeText.escaped(bytes: path)): \(String(cString: strerror(errno)))")
        defer { close(fd) }
        let written = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        XCTAssertEqual(written, data.count)
    }

    func photo(_ seed: Int) throws -> Data {
        try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 48, height: 64, color: (200, 30, UInt8(40 + seed)), seed: UInt32(seed)))
    }

    func testNamesThatAreNotUTF8AreFoundImportedAndShownEscaped() throws {
        // A folder named in Latin-1 (café) with three photos, and beside it a photo whose own name is not UTF-8.
        let cafe = root + Array("/in/caf".utf8) + [0xE9]
        XCTAssertEqual(mkdir(Self.c(root + Array("/in".utf8)), 0o755), 0)
        XCTAssertEqual(mkdir(Self.c(cafe), 0o755), 0)
        for n in 1...3 { try write(cafe + Array("/shirt\(n).jpg".utf8), photo(n)) }
        try write(root + Array("/in/".utf8) + [0xFF] + Array("-coat.JPG".utf8), photo(9))
        try write(root + Array("/in/plain.jpg".utf8), photo(4))

        let files = try FileCollector.collect([dir.path("in").path])
        XCTAssertEqual(files.count, 5, files.map { SafeText.escaped(bytes: $0.filePathBytes) }.description)
        let shown = Set(files.map { SafeText.escaped(bytes: $0.filePathBytes).replacingOccurrences(of: dir.url.path, with: "") })
        XCTAssertEqual(
            shown, ["/in/caf\\xe9/shirt1.jpg", "/in/caf\\xe9/shirt2.jpg", "/in/caf\\xe9/shirt3.jpg", "/in/\\xff-coat.JPG", "/in/plain.jpg"])

        let wardrobe = try Wardrobe(folder: dir.path("w"))
        let importer = try PhotoImporter(wardrobe: wardrobe)
        var template = ItemTemplate()
        template.category = "shortSleeve"
        let report = importer.importFiles(files, template: template)
        XCTAssertEqual(report.imported.count, 5, "failed: \(report.failed)")
        XCTAssertEqual(report.failed.count, 0)
        let json = try XCTUnwrap(report.json["imported"] as? [[String: Any]]).compactMap { $0["file"] as? String }
        XCTAssertTrue(json.contains { $0.hasSuffix("/in/caf\\xe9/shirt2.jpg") }, "\(json)")
        // Read again by its bytes, the URL names the same file.
        XCTAssertEqual(try ImageDecoder().read(file: files[0]), try photo(1))
    }

    func testAFIFOOrDeviceNamedLikeAPhotoIsRefusedWithWordsNeverWaitedOn() throws {
        try dir.write("in/real.jpg", photo(1))
        XCTAssertEqual(mkfifo(dir.path("in/pipe.jpg").path, 0o644), 0)
        XCTAssertEqual(symlink("/dev/zero", dir.path("in/zero.jpg").path), 0)
        let files = try FileCollector.collect([dir.path("in").path])
        XCTAssertEqual(files.map(\.lastPathComponent), ["pipe.jpg", "real.jpg", "zero.jpg"])
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        let importer = try PhotoImporter(wardrobe: wardrobe)
        var template = ItemTemplate()
        template.category = "shortSleeve"
        // Nobody writes to the FIFO: opening it for reading the usual way would wait forever.
        let report = importer.importFiles(files, template: template)
        XCTAssertEqual(report.imported.count, 1)
        let failed = Dictionary(uniqueKeysWithValues: report.failed.map { ($0.0.lastPathComponent, $0.1) })
        XCTAssertTrue(failed["pipe.jpg"]?.contains("FIFO") == true, "\(failed)")
        XCTAssertTrue(failed["zero.jpg"]?.contains("device") == true, "\(failed)")
    }

    func testAWalkStaysOnItsFilesystemUnlessAskedAndWalksALoopOnce() throws {
        // A folder on another filesystem (tmpfs) holding a photo, linked from the folder imported.
        let other = URL(fileURLWithPath: "/dev/shm/closet-test-\(UUID().uuidString)")
        guard (try? FileManager.default.createDirectory(at: other, withIntermediateDirectories: false)) != nil else {
            throw Requirement.missing("no /dev/shm to hold a folder on another filesystem")
        }
        defer { try? FileManager.default.removeItem(at: other) }
        var here = stat(), there = stat()
        stat(dir.url.path, &here)
        stat(other.path, &there)
        guard here.st_dev != there.st_dev else { throw Requirement.missing("/dev/shm is on the temporary folder's filesystem") }
        try photo(2).write(to: other.appendingPathComponent("away.jpg"))
        try dir.write("in/home.jpg", photo(1))
        XCTAssertEqual(symlink(other.path, dir.path("in/elsewhere").path), 0)
        XCTAssertEqual(symlink("..", dir.path("in/loop").path), 0)  // back up the tree: walked once

        let found = try FileCollector.gather([dir.path("in")])
        XCTAssertEqual(found.files.map(\.lastPathComponent), ["home.jpg"])
        XCTAssertEqual(found.otherFilesystems.map(\.lastPathComponent), ["elsewhere"])
        let crossing = try FileCollector.gather([dir.path("in")], crossFilesystems: true)
        XCTAssertEqual(crossing.files.map(\.lastPathComponent), ["away.jpg", "home.jpg"])
    }

    func testProcIsWalkedWithoutFollowingItsLinksIntoTheWholeFilesystem() throws {
        guard FileManager.default.fileExists(atPath: "/proc/self/root") else { throw Requirement.missing("no /proc") }
        let found = try FileCollector.gather([URL(fileURLWithPath: "/proc")])
        XCTAssertEqual(found.files, [])
        // /proc/<pid>/root and cwd lead to / and the working folder: not entered.
        XCTAssertTrue(found.otherFilesystems.contains { $0.path == "/proc/self/root" || $0.lastPathComponent == "root" })
    }
}
