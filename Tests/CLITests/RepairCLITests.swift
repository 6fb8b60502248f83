import ClosetKit
import Foundation
import Imaging
import TestSupport
import XCTest

/// Repairs that must never make things worse (the "Nothing lost on a bad day" issue), through the real binary:
/// an interrupted rebuild, files closet never wrote, what killed writes leave, permissions, a first run.
final class RepairCLITests: XCTestCase {
    var dir: TemporaryDirectory!
    var closet: ClosetProcess!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        closet = ClosetInProcess.withoutModel(in: dir)
    }

    var photosRoot: URL { dir.path("wardrobe/photos") }

    /// Photo files under the shard folders (not `.tmp` or `.trash`), as relative paths.
    func storedPhotoFiles() -> [String] {
        (FileManager.default.enumerator(atPath: photosRoot.path)?.compactMap { $0 as? String } ?? [])
            .filter { !$0.hasPrefix(".") && $0.contains("/") }.sorted()
    }

    func json(_ result: ClosetProcess.Result) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], result.stdout)
    }

    func importPhotos(_ count: Int, width: Int = 96, height: Int = 128) throws {
        for n in 0..<count {
            let image = SyntheticPhoto.garment(
                width: width, height: height, color: (UInt8(n % 250), UInt8(n * 7 % 250), 90), seed: UInt32(n))
            try dir.write("in/p\(n).jpg", ImageEncoder.jpeg(image, quality: 90))
        }
        let imported = try closet.run(["import", dir.path("in").path, "--category", "hat"])
        XCTAssertEqual(imported.status, 0, imported.stderr)
    }

    func itemCount() -> Int? {
        guard let wardrobe = try? Wardrobe(folder: dir.path("wardrobe"), mode: .read) else { return nil }
        defer { try? wardrobe.close() }
        return try? wardrobe.summaries(ItemFilter(status: nil)).count
    }

    // Fault 1: an interrupted rebuild, then the `--fix` doctor recommended, moved the other photos to the trash.
    func testAnInterruptedRebuildResumesAndFixNeverTrashesItsPhotos() throws {
        try importPhotos(40, width: 800, height: 600)
        let photos = storedPhotoFiles()
        XCTAssertEqual(photos.count, 40)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(at: dir.path("wardrobe/wardrobe.sqlite\(suffix)")) }

        let rebuild = try closet.start(["doctor", "--rebuild", "--category", "hat"])
        // Stopped as a shutdown would, once it has made a few items (the event awaited: items in the database).
        let deadline = Date().addingTimeInterval(120)
        while (itemCount() ?? 0) < 3 && rebuild.process.isRunning && Date() < deadline { usleep(5_000) }
        rebuild.signal(SIGTERM)
        let stopped = rebuild.finish()
        let made = try XCTUnwrap(itemCount())
        XCTAssertEqual(stopped.status, 128 + SIGTERM, "stopped by the signal, not finished: \(stopped.stdout) \(stopped.stderr)")
        XCTAssertTrue(stopped.stderr.contains("run `closet doctor --rebuild` again"), stopped.stderr)
        XCTAssertTrue((3..<40).contains(made), "\(made) items")

        let doctor = try closet.run(["doctor"])
        XCTAssertEqual(doctor.status, 1, "needs attention: \(doctor.stdout)")
        XCTAssertTrue(doctor.stdout.contains("was stopped before it finished"), doctor.stdout)
        XCTAssertTrue(doctor.stdout.contains("closet doctor --rebuild"), doctor.stdout)

        let fixed = try json(try closet.run(["doctor", "--fix", "--json"]))
        let repaired = try XCTUnwrap(fixed["repaired"] as? [String: Any])
        XCTAssertEqual((repaired["movedToTrash"] as? [Any])?.count, 0, "no photo is trash: \(repaired)")
        XCTAssertEqual(storedPhotoFiles(), photos)

        let resumed = try closet.run(["doctor", "--rebuild", "--category", "hat"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stdout.contains("Rebuilt \(40 - made) items"), resumed.stdout)
        XCTAssertEqual(itemCount(), 40, "each photo once")
        XCTAssertEqual(storedPhotoFiles(), photos)
        let healthy = try closet.run(["doctor"])
        XCTAssertEqual(healthy.status, 0, healthy.stdout)
        let again = try closet.run(["doctor", "--rebuild", "--category", "hat"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("nothing to rebuild"), again.stdout)
        XCTAssertEqual(itemCount(), 40)
    }

    // Fault 2: `--fix` moved any file not named by its hash to the trash, a person's notes and camera files included.
    func testFixLeavesEveryFileClosetDidNotWrite() throws {
        try importPhotos(2)
        let foreign: [String: Data] = [
            "ab/notes.txt": Data("my notes".utf8), "Holiday/IMG_0001.JPG": Data([0xFF, 0xD8, 1, 2]), "readme.txt": Data("hi".utf8),
            ".tmp/upload.part": Data("partial".utf8), "cd/CDEF.jpg": Data([9]),
        ]
        for (name, bytes) in foreign { try dir.write("wardrobe/photos/\(name)", bytes) }
        // A hash-named photo no item uses (a lost row): closet's own, and still never trash.
        let lost = String(repeating: "e", count: 64)
        try dir.write("wardrobe/photos/ee/\(lost).jpg", Data([0xFF, 0xD8, 7]))

        let doctor = try closet.run(["doctor", "--json"])
        XCTAssertEqual(doctor.status, 1, "needs attention")
        let report = try json(doctor)
        XCTAssertEqual(
            Set((report["foreignFiles"] as? [String] ?? []).map { $0.replacingOccurrences(of: photosRoot.path + "/", with: "") }),
            Set(foreign.keys))
        XCTAssertEqual(report["photosWithoutItems"] as? [String], [photosRoot.appendingPathComponent("ee/\(lost).jpg").path])

        let fix = try closet.run(["doctor", "--fix"])
        XCTAssertEqual(fix.status, 1, "what is left still needs a person: \(fix.stdout)")
        XCTAssertTrue(fix.stdout.contains("closet did not write: left in place"), fix.stdout)
        XCTAssertFalse(fix.stdout.contains("Moved to the trash"), fix.stdout)
        for (name, bytes) in foreign {
            XCTAssertEqual(FileManager.default.contents(atPath: photosRoot.appendingPathComponent(name).path), bytes, name)
        }
        XCTAssertNotNil(FileManager.default.contents(atPath: photosRoot.appendingPathComponent("ee/\(lost).jpg").path))
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: photosRoot.appendingPathComponent(".trash").path), "nothing went to the trash")
    }

    // Faults 13 and 24: staged files a killed write left are reported with their size, make doctor's exit non-zero,
    // are cleaned by --fix (an empty one removed, a copy to the trash) and by the next write.
    func testStagedLeftoversAreReportedAndCleanedByFixAndByTheNextWrite() throws {
        try importPhotos(1)
        let empty = UUID().uuidString, copy = UUID().uuidString
        try dir.write("wardrobe/photos/.tmp/\(empty)", Data())
        try dir.write("wardrobe/photos/.tmp/\(copy)", Data(count: 2048))
        let doctor = try closet.run(["doctor"])
        XCTAssertEqual(doctor.status, 1, doctor.stdout)
        XCTAssertTrue(doctor.stdout.contains("Staged:     2 file(s) left by an interrupted write (2048 bytes)"), doctor.stdout)
        let fix = try closet.run(["doctor", "--fix"])
        XCTAssertEqual(fix.status, 0, fix.stdout)
        XCTAssertTrue(fix.stdout.contains("Removed a leftover: \(photosRoot.path)/.tmp/\(empty)"), fix.stdout)
        XCTAssertTrue(fix.stdout.contains("Moved to the trash: ") && fix.stdout.contains(copy), fix.stdout)
        XCTAssertEqual(try closet.run(["doctor"]).status, 0)

        // The next write cleans them itself.
        try dir.write("wardrobe/photos/.tmp/\(UUID().uuidString)", Data())
        let image = SyntheticPhoto.garment(width: 64, height: 64, color: (10, 200, 10), seed: 77)
        let added = try closet.run(["add", try dir.write("new.jpg", ImageEncoder.jpeg(image, quality: 90)).path, "--category", "hat"])
        XCTAssertEqual(added.status, 0, added.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: photosRoot.appendingPathComponent(".tmp").path), [])
    }

    // Fault 24: a photo that cannot be read for its permissions is not "missing".
    func testAPermissionErrorIsNotReportedAsAMissingPhoto() throws {
        try importPhotos(1)
        let shard = try XCTUnwrap(storedPhotoFiles().first?.split(separator: "/").first).description
        var doctor = closet!
        if getuid() == 0 {
            guard ClosetProcess.nobodyCanRun() else {
                throw Requirement.missing("root reads every file, and user nobody cannot reach closet's build folder here")
            }
            // root reads everything: run closet as nobody, owning the wardrobe, with the shard shut to it.
            XCTAssertEqual(try Shell.run(["chown", "-R", "65534:65534", dir.path("wardrobe").path]).status, 0)
            doctor.launcher = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        }
        XCTAssertEqual(chmod(photosRoot.appendingPathComponent(shard).path, 0), 0)
        defer { chmod(photosRoot.appendingPathComponent(shard).path, 0o755) }
        let result = try doctor.run(["doctor"])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("every item's photo is there"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Unreadable: 1 item's photo file cannot be read (Permission denied)"), result.stdout)
    }

    // Fault 2: a wardrobe is never made in a folder that holds someone's other files.
    func testANewWardrobeIsNotMadeInAFolderHoldingOtherFiles() throws {
        let documents = dir.path("Documents")
        try dir.write("Documents/letter.txt", Data("dear".utf8))
        var other = ClosetInProcess.closet(wardrobe: documents)
        other.environment["CLOSET_MODEL"] = "none"
        let result = try other.run(["add", "--no-photo", "--category", "hat", "--name", "x"])
        XCTAssertEqual(result.status, 73, result.stderr)
        XCTAssertTrue(result.stderr.contains("already holds other files (letter.txt)"), result.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: documents.path), ["letter.txt"])
        // An empty folder, and a wardrobe's own, are fine.
        try FileManager.default.createDirectory(at: dir.path("empty"), withIntermediateDirectories: true)
        var empty = ClosetInProcess.closet(wardrobe: dir.path("empty"))
        empty.environment["CLOSET_MODEL"] = "none"
        XCTAssertEqual(try empty.run(["add", "--no-photo", "--category", "hat", "--name", "x"]).status, 0)
        XCTAssertEqual(try empty.run(["list"]).status, 0)
    }

    // Fault 9: four closets opening a new wardrobe at once raced the schema migration.
    func testClosetsOpeningANewWardrobeAtOnceAllSucceed() throws {
        for round in 0..<8 {
            var runner = ClosetProcess(wardrobe: dir.path("new-\(round)"))
            runner.environment["CLOSET_MODEL"] = "none"
            runner.environment["CLOSET_BUSY_TIMEOUT"] = "30"
            let started = try (0..<4).map { try runner.start(["add", "--no-photo", "--category", "hat", "--name", "item \($0)"]) }
            for (n, run) in started.enumerated() {
                let result = run.finish()
                XCTAssertEqual(result.status, 0, "round \(round), closet \(n): \(result.stderr)")
            }
            let listed = try runner.run(["list", "--json"])
            XCTAssertEqual((try JSONSerialization.jsonObject(with: listed.stdoutData) as? [Any])?.count, 4, "round \(round)")
        }
    }

    // Fault 17: a restore refuses two wears of an item on one day, so `closet wear` never logs them (two commands
    // used to), and the backup of any wardrobe restores.
    func testASecondWearOnOneDayIsRefusedSoEveryBackupRestores() throws {
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "hat", "--name", "Cap"]).status, 0)
        XCTAssertEqual(try closet.run(["wear", "1", "--date", "2026-03-01"]).status, 0)
        let again = try closet.run(["wear", "1", "--date", "2026-03-01"])
        XCTAssertEqual(again.status, 64, again.stderr)
        XCTAssertTrue(again.stderr.contains("item 1 is already logged as worn on 2026-03-01"), again.stderr)
        XCTAssertEqual(try closet.run(["wear", "1", "--date", "2026-03-02"]).status, 0)
        let backup = dir.path("b.closet")
        XCTAssertEqual(try closet.run(["export", "-o", backup.path]).status, 0)
        var restored = ClosetInProcess.closet(wardrobe: dir.path("restored"))
        restored.environment["CLOSET_MODEL"] = "none"
        let back = try restored.run(["restore", backup.path])
        XCTAssertEqual(back.status, 0, back.stderr)
    }
}
