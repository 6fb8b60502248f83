import ClosetKit
import Foundation
import Imaging
import TestSupport
import XCTest

/// A full disk, made on a small tmpfs (root only; the tests skip, saying so, elsewhere).
final class FullDiskTests: XCTestCase {
    var dir: TemporaryDirectory!
    var disk: Tmpfs!
    var closet: ClosetProcess!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        guard let disk = Tmpfs(kilobytes: 6 * 1024) else {
            throw Requirement.missing("mounting a tmpfs needs root: the full-disk tests did not run")
        }
        self.disk = disk
        closet = ClosetProcess(wardrobe: disk.path("wardrobe"))
        closet.environment["CLOSET_MODEL"] = "none"
    }

    override func tearDown() { disk = nil }

    func photo(_ n: Int, size: Int = 160) throws -> URL {
        let image = SyntheticPhoto.garment(width: size, height: size, color: (UInt8(n * 40 % 250), 90, 160), seed: UInt32(n))
        return try dir.write("p\(n).jpg", ImageEncoder.jpeg(image, quality: 92))
    }

    // Fault 14: with the disk full, even `list`, `show`, `doctor` and `export` failed ("disk I/O error"),
    // so the data could not be rescued to another disk.
    func testReadOnlyCommandsWorkOnAFullDisk() throws {
        for n in 0..<3 { XCTAssertEqual(try closet.run(["add", try photo(n).path, "--category", "hat", "--name", "Hat \(n)"]).status, 0) }
        try disk.fill()
        XCTAssertLessThan(disk.free, 4096)
        let list = try closet.run(["list", "--json"])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertEqual((try JSONSerialization.jsonObject(with: list.stdoutData) as? [Any])?.count, 3)
        let show = try closet.run(["show", "2"])
        XCTAssertEqual(show.status, 0, show.stderr)
        XCTAssertTrue(show.stdout.contains("Hat 1"), show.stdout)
        let doctor = try closet.run(["doctor"])
        XCTAssertEqual(doctor.status, 0, doctor.stdout + doctor.stderr)
        XCTAssertEqual(try closet.run(["stats"]).status, 0)
        let json = try closet.run(["export", "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertTrue(json.stdout.contains("Hat 2"))
        let backup = dir.path("rescued.closet")
        let rescue = try closet.run(["export", "-o", backup.path])
        XCTAssertEqual(rescue.status, 0, rescue.stderr)
        var restored = ClosetProcess(wardrobe: dir.path("restored"))
        restored.environment["CLOSET_MODEL"] = "none"
        let back = try restored.run(["restore", backup.path])
        XCTAssertEqual(back.status, 0, back.stderr)
        XCTAssertEqual(try restored.run(["doctor"]).status, 0)
        // A write is refused in words, and changes nothing.
        let add = try closet.run(["add", "--no-photo", "--category", "hat", "--name", "more"])
        XCTAssertNotEqual(add.status, 0)
        XCTAssertFalse(add.stderr.contains("Fatal error"), add.stderr)
    }

    // Fault 13: a full disk left 0-byte files in photos/.tmp, and once a photo without its item when the disk
    // filled at the commit. Every amount of free space around a photo's size is tried.
    func testAFullDiskLeavesNoStagedFileAndNoPhotoWithoutItsItem() throws {
        XCTAssertEqual(try closet.run(["add", try photo(0).path, "--category", "hat"]).status, 0)
        let big = try photo(1, size: 512)
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: big.path)[.size] as? Int)
        var outcomes: [Int32: Int] = [:]
        for leaving in stride(from: 0, through: size * 2 + 64 * 1024, by: 8 * 1024) {
            try disk.fill(leaving: leaving)
            let result = try closet.run(["add", big.path, "--category", "hat"])
            outcomes[result.status, default: 0] += 1
            XCTAssertFalse(result.stderr.contains("Fatal error"), result.stderr)
            disk.unfill()
            let staged = (try? FileManager.default.contentsOfDirectory(atPath: disk.path("wardrobe/photos/.tmp").path)) ?? []
            XCTAssertEqual(staged, [], "free \(leaving): nothing staged is left")
            let doctor = try closet.run(["doctor", "--json"])
            let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: doctor.stdoutData) as? [String: Any], doctor.stderr)
            XCTAssertEqual(report["photosWithoutItems"] as? [String], [], "free \(leaving): \(report)")
            XCTAssertEqual((report["missingPhotos"] as? [Any])?.count, 0, "free \(leaving)")
            if result.status == 0 {
                // Stored whole: take it out again for the next round.
                let list = try closet.run(["list", "--json"])
                let ids = (try JSONSerialization.jsonObject(with: list.stdoutData) as? [[String: Any]] ?? []).compactMap {
                    $0["id"] as? Int
                }
                XCTAssertEqual(try closet.run(["rm", String(ids.max()!), "--yes"]).status, 0)
                _ = try closet.run(["doctor", "--fix"])
                try? FileManager.default.removeItem(at: disk.path("wardrobe/photos/.trash"))
            }
        }
        XCTAssertGreaterThan(outcomes.filter { $0.key != 0 }.values.reduce(0, +), 0, "some rounds met a full disk: \(outcomes)")
        XCTAssertGreaterThan(outcomes[0] ?? 0, 0, "and some had room: \(outcomes)")
    }
}
