import ClosetKit
import Foundation
import Imaging
import TestSupport
import XCTest

/// Exports and restores on a bad day, through the real binary: a full stdout, `-o -`, empty and foreign files,
/// FIFOs, non-image and oversized photos, and what killed exports and restores leave behind.
final class ArchiveSafetyCLITests: XCTestCase {
    var dir: TemporaryDirectory!
    var closet: ClosetProcess!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        closet = ClosetInProcess.withoutModel(in: dir)
    }

    func photo(_ name: String, seed: UInt32) throws -> URL {
        try dir.write(
            name, ImageEncoder.jpeg(SyntheticPhoto.garment(width: 96, height: 128, color: (120, 60, 30), seed: seed), quality: 85))
    }

    /// Starts closet in `dir` with stdout to `stdout` (a file's path) and stderr to a file; `wait` says whether
    /// it finished by itself before a watchdog of a minute (a hang then kills it).
    func launch(_ arguments: [String], stdout: String) throws -> (process: Process, stderr: URL) {
        let process = Process()
        process.executableURL = ClosetProcess.executable
        process.arguments = arguments + ["--wardrobe", closet.wardrobe.path]
        var env = ProcessInfo.processInfo.environment
        env["CLOSET_HOME"] = nil
        env["LC_ALL"] = nil
        env["LANG"] = "C.UTF-8"
        env["CLOSET_MODEL"] = "none"
        process.environment = env
        process.currentDirectoryURL = dir.url
        let err = dir.path("stderr-\(UUID().uuidString.prefix(6))")
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: stdout)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, err)
    }

    func run(_ arguments: [String], stdout: String) throws -> (status: Int32, stderr: String) {
        let (process, err) = try launch(arguments, stdout: stdout)
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            process.waitUntilExit()
            finished.signal()
        }
        if finished.wait(timeout: .now() + 60) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
            XCTFail("closet \(arguments.joined(separator: " ")) blocked and was killed")
        }
        return (process.terminationStatus, try String(contentsOf: err, encoding: .utf8))
    }

    // Fault 4: a failed write to stdout is an error (74) with words, for every command, never a trap or success.
    func testAFullStdoutFailsWithWords() throws {
        XCTAssertEqual(try closet.run(["add", try photo("p.jpg", seed: 1).path, "--category", "hat", "--name", "Hat"]).status, 0)
        let commands: [[String]] = [
            ["list", "--json"], ["list"], ["show", "1"], ["export", "--format", "json"], ["export", "--format", "csv"],
            ["export", "-o", "-"], ["export", "--format", "closet", "-o", "-"], ["--help"], ["list", "--help"],
        ]
        for arguments in commands {
            let result = try run(arguments, stdout: "/dev/full")
            XCTAssertEqual(result.status, 74, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("cannot write to standard output"), "\(arguments): \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("Fatal error"), result.stderr)
        }
        XCTAssertEqual(try run(["list", "--json"], stdout: "/dev/null").status, 0)
    }

    // Fault 4: `-o -` is stdout, for JSON, CSV and the one-file backup; no file named "-" appears.
    func testDashIsStdout() throws {
        XCTAssertEqual(try closet.run(["add", try photo("p.jpg", seed: 2).path, "--category", "hat", "--name", "Hat"]).status, 0)
        let json = dir.path("out.json"), csv = dir.path("out.csv"), backup = dir.path("out.closet")
        for (arguments, file) in [(["export", "-o", "-"], json), (["export", "--format", "csv", "-o", "-"], csv)] {
            _ = FileManager.default.createFile(atPath: file.path, contents: nil)
            let result = try run(arguments, stdout: file.path)
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        let object = try JSONSerialization.jsonObject(with: try Data(contentsOf: json)) as? [String: Any]
        XCTAssertEqual(object?["format"] as? String, "closet-wardrobe")
        XCTAssertTrue(try String(contentsOf: csv, encoding: .utf8).hasPrefix("id,name,category"))
        _ = FileManager.default.createFile(atPath: backup.path, contents: nil)
        XCTAssertEqual(try run(["export", "--format", "closet", "-o", "-"], stdout: backup.path).status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.path("-").path), "no file named -")
        var elsewhere = ClosetInProcess.closet(wardrobe: dir.path("again"))
        elsewhere.environment = closet.environment
        let restored = try elsewhere.run(["restore", backup.path])
        XCTAssertEqual(restored.status, 0, restored.stderr)
        XCTAssertTrue(restored.stderr.contains("Restored 1 item and 1 photo"), restored.stderr)
    }

    // Fault 5: an empty or zero-filled file, an empty tar and someone else's tar restore nothing, and say so.
    func testEmptyAndZeroFilledFilesAreRefused() throws {
        try dir.write("notes.txt", Data("my notes\n".utf8))
        XCTAssertEqual(try Shell.run(["tar", "cf", dir.path("other.tar").path, "-C", dir.url.path, "notes.txt"]).status, 0)
        XCTAssertEqual(try Shell.run(["tar", "cf", dir.path("empty.tar").path, "-T", "/dev/null"]).status, 0)
        try dir.write("empty.closet", Data())
        try dir.write("1k.closet", Data(count: 1024))
        try dir.write("10k.closet", Data(count: 10 * 1024))
        for name in ["empty.closet", "1k.closet", "10k.closet", "empty.tar", "other.tar", "notes.txt"] {
            let result = try closet.run(["restore", dir.path(name).path])
            XCTAssertEqual(result.status, 65, "\(name): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(name), "\(name): \(result.stderr)")
        }
        XCTAssertEqual(try closet.run(["list", "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines), "[]")
    }

    // Fault 19: restore of a FIFO or a device is refused at once (it blocked forever, or "restored" 0 items).
    func testAFIFOIsRefusedAtOnce() throws {
        let fifo = dir.path("pipe.closet")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        for path in [fifo.path, "/dev/null"] {
            let result = try run(["restore", path], stdout: "/dev/null")
            XCTAssertEqual(result.status, 64, "\(path): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(path == "/dev/null" ? "a device" : "a FIFO"), result.stderr)
        }
    }

    // An export written into a pipe: it waited forever reading the FIFO to see whether closet wrote it, and the
    // same check let `-o /dev/null` through as an empty file, which the rename then replaced (as root, the
    // system's /dev/null). The pipe gets the JSON and stays a pipe.
    func testAnExportIntoAPipeIsWrittenThroughItAndLeavesThePipe() throws {
        XCTAssertEqual(try closet.run(["add", try photo("p.jpg", seed: 3).path, "--category", "hat", "--name", "Hat"]).status, 0)
        let fifo = dir.path("export.fifo")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        let read = expectation(description: "the reader got the export")
        let got = dir.path("got.json")
        DispatchQueue.global().async {
            let bytes = FileHandle(forReadingAtPath: fifo.path)?.readDataToEndOfFile() ?? Data()
            try? bytes.write(to: got)
            read.fulfill()
        }
        let result = try run(["export", "-o", fifo.path], stdout: dir.path("stdout.txt").path)
        XCTAssertEqual(result.status, 0, result.stderr)
        wait(for: [read], timeout: 60)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: got)) as? [String: Any]
        XCTAssertEqual(object?["format"] as? String, "closet-wardrobe")
        var info = stat()
        XCTAssertEqual(lstat(fifo.path, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFIFO, "the pipe is still a pipe")
    }

    // Fault 16: a photo that is no image, or is over the import limit, is refused and nothing is restored.
    func testANonImageOrOversizedPhotoIsRefused() throws {
        let huge = try dir.write("huge.jpg", Data(repeating: 0xFF, count: (64 << 20) + 1))
        let text = try dir.write("text.jpg", Data("not a photo".utf8))
        for (name, photo) in [("text", text), ("huge", huge)] {
            let backup = try handMadeBackup(photo: photo, name: name)
            var fresh = ClosetInProcess.closet(wardrobe: dir.path("restored-\(name)"))
            fresh.environment = closet.environment
            let result = try fresh.run(["restore", backup.path])
            XCTAssertEqual(result.status, 65, "\(name): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(name == "text" ? "is not an image" : "limit for a photo"), result.stderr)
            let target = try Wardrobe(folder: fresh.wardrobe, mode: .recover)
            XCTAssertEqual(try target.itemCount(), 0)
            XCTAssertEqual(target.photos.storedFiles().count, 0)
        }
    }

    /// A backup of one item whose photo is the file `photo`, made with `tar` and `sha256sum` (quick for a
    /// large photo) as closet writes one.
    func handMadeBackup(photo: URL, name: String) throws -> URL {
        let hash = String(try Shell.run(["sha256sum", photo.path]).output.prefix(64))
        let size = try FileManager.default.attributesOfItem(atPath: photo.path)[.size] as! Int
        let source = try Wardrobe(folder: dir.path("source-\(name)"))
        try source.add(NewItem(name: "Odd", category: "hat"), photo: PhotoUpload(data: Data([1, 2, 3]), ext: "jpg", width: 4, height: 4))
        var archive = try source.archive()
        (archive.photos[0].hash, archive.photos[0].bytes, archive.items[0].photo) = (hash, size, hash)
        let json = try JSONEncoder().encode(archive)
        let manifest: [String: Any] = [
            "format": "closet-backup", "version": 1, "created": "2026-12-01T10:00:00Z", "items": 1,
            "wardrobe": ["name": "wardrobe.json", "bytes": json.count, "sha256": SHA256.hex(json)],
            "photos": [["name": "\(hash).jpg", "bytes": size]],
        ]
        let root = dir.path("tar-\(name)")
        try dir.write("tar-\(name)/closet-backup.json", try JSONSerialization.data(withJSONObject: manifest))
        try dir.write("tar-\(name)/wardrobe.json", json)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("photos"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: photo, to: root.appendingPathComponent("photos/\(hash).jpg"))
        let backup = dir.path("\(name).closet")
        let tar = try Shell.run([
            "tar", "--format=ustar", "-cf", backup.path, "-C", root.path, "closet-backup.json", "wardrobe.json", "photos/\(hash).jpg",
        ])
        XCTAssertEqual(tar.status, 0, tar.output)
        return backup
    }

    // Faults 11 and 12: the next restore removes a killed restore's folder, and the next export a killed
    // export's temporary file; both are listed with their size before.
    func testWhatKilledRestoresAndExportsLeaveIsCleanedByTheNextRun() throws {
        for n in 0..<2 {
            XCTAssertEqual(try closet.run(["add", try photo("p\(n).jpg", seed: UInt32(n)).path, "--category", "hat"]).status, 0)
        }
        // An export that is killed while it copies the photos: one photo file is made a FIFO, which the
        // export opens (and waits on) after creating its temporary file; opening the FIFO's other end here
        // returns when it does.
        let stored = try Wardrobe(folder: closet.wardrobe).photos.storedFiles()[0].url
        let original = try Data(contentsOf: stored)
        try FileManager.default.removeItem(at: stored)
        XCTAssertEqual(mkfifo(stored.path, 0o644), 0)
        let out = dir.path("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let (export, _) = try launch(["export", "-o", out.appendingPathComponent("b.closet").path], stdout: "/dev/null")
        var writer: Int32 = -1
        while writer < 0 && export.isRunning {
            writer = open(stored.path, O_WRONLY | O_NONBLOCK)
            if writer < 0 { usleep(5000) }
        }
        XCTAssertGreaterThanOrEqual(writer, 0, "the export reached the photos")
        kill(export.processIdentifier, SIGKILL)
        export.waitUntilExit()
        close(writer)
        let left = try FileManager.default.contentsOfDirectory(atPath: out.path)
        XCTAssertEqual(left.count, 1)
        XCTAssertTrue(left[0].hasPrefix(".b.closet.") && left[0].hasSuffix(".tmp"), "\(left)")
        try FileManager.default.removeItem(at: stored)
        try original.write(to: stored)
        let leftover = try Wardrobe(folder: closet.wardrobe).archiveLeftovers()
        XCTAssertEqual(leftover.map(\.url.lastPathComponent), left)
        XCTAssertEqual(leftover.map(\.kind), [.exportFile])

        let again = try closet.run(["export", "-o", out.appendingPathComponent("b.closet").path])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.path), ["b.closet"], "the next export cleaned up")

        // A restore killed by an earlier closet left its staging folder in the wardrobe.
        var fresh = ClosetInProcess.closet(wardrobe: dir.path("fresh"))
        fresh.environment = closet.environment
        XCTAssertEqual(try fresh.run(["list"]).status, 0)
        let killed = try dir.write("fresh/.restore-\(UUID().uuidString)/\(String(repeating: "ab", count: 32)).jpg", original)
        XCTAssertEqual(try Wardrobe(folder: dir.path("fresh")).archiveLeftovers().map(\.bytes), [original.count])
        let restored = try fresh.run(["restore", out.appendingPathComponent("b.closet").path])
        XCTAssertEqual(restored.status, 0, restored.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: killed.deletingLastPathComponent().path), "the next restore cleaned up")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: dir.path("fresh").path).filter { $0.hasPrefix(".restore") }, [])
    }
}
