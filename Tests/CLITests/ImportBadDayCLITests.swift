import CImageCodecs
import ClosetKit
import Foundation
import Imaging
import TestSupport
import XCTest

/// `closet import` on what a bad day brings: names that are not UTF-8, damaged photos, decompression bombs,
/// special filesystems.
final class ImportBadDayCLITests: XCTestCase {
    var dir: TemporaryDirectory!
    var closet: ClosetProcess!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        closet = ClosetInProcess.withoutModel(in: dir)
    }

    func photo(_ seed: UInt32) throws -> Data {
        try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 48, height: 64, color: (120, 60, UInt8(seed)), seed: seed))
    }

    /// A 64×32 photo whose header says 64×64.
    func shortPhoto() throws -> Data {
        JPEGTools.withHeaderSize(try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 64, height: 32)), width: 64, height: 64)
    }

    func json(_ result: ClosetProcess.Result) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any], result.stdout)
    }

    // Fault 3: a Latin-1 folder name with ten photos gave "Imported 1, duplicates 0, failed 0", exit 0.
    func testAFolderWhoseNameIsNotUTF8IsImported() throws {
        try dir.write("in/plain.jpg", photo(1))
        let cafe = Array(dir.path("in").path.utf8) + Array("/caf".utf8) + [0xE9]
        XCTAssertEqual(mkdir(cafe.map { CChar(bitPattern: $0) } + [0], 0o755), 0)
        for n in 2...6 {
            let path = (cafe + Array("/p\(n).jpg".utf8)).map { CChar(bitPattern: $0) } + [0]
            let fd = open(path, O_WRONLY | O_CREAT, 0o644)
            let data = try photo(UInt32(n))
            XCTAssertEqual(data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }, data.count)
            close(fd)
        }
        let result = try closet.run(["import", dir.path("in").path, "--category", "hat"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("Imported 6, duplicates 0, failed 0"), result.stdout)
        let again = try closet.run(["import", dir.path("in").path, "--category", "hat", "--json"])
        let duplicates = try XCTUnwrap(try json(again)["duplicates"] as? [[String: Any]]).compactMap { $0["file"] as? String }
        XCTAssertEqual(duplicates.filter { $0.contains("/caf\\xe9/p") }.count, 5, "\(duplicates)")
        // Named on the command line, its bytes reach closet as they are (Swift's arguments hold U+FFFD there).
        let script = #"LC_ALL= LANG=C.UTF-8 CLOSET_MODEL=none "$0" import "$(printf '%s/in/caf\351' "$1")""#
        let named = try Shell.run([
            "bash", "-c", script + #" --category hat --wardrobe "$2""#, ClosetProcess.executable.path, dir.url.path,
            closet.wardrobe.path,
        ])
        XCTAssertEqual(named.status, 0, named.output)
        XCTAssertTrue(named.output.contains("Imported 0, duplicates 5, failed 0"), named.output)
    }

    func testAddTakesAPhotoWhoseNameIsNotUTF8AndShowsItEscaped() throws {
        let name = Array(dir.url.path.utf8) + Array("/coat-".utf8) + [0xFF] + Array(".jpg".utf8)
        let fd = open(name.map { CChar(bitPattern: $0) } + [0], O_WRONLY | O_CREAT, 0o644)
        let data = try photo(7)
        XCTAssertEqual(data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }, data.count)
        close(fd)
        let script = #"LC_ALL= LANG=C.UTF-8 CLOSET_MODEL=none "$0" add "$(printf '%s/coat-\377.jpg' "$1")" --category hat --wardrobe "$2""#
        let added = try Shell.run(["bash", "-c", script, ClosetProcess.executable.path, dir.url.path, closet.wardrobe.path])
        XCTAssertEqual(added.status, 0, added.output)
        XCTAssertEqual(added.output.trimmingCharacters(in: .whitespacesAndNewlines), "1")
        // Again: a duplicate, named with \xff (stderr goes to a file this time).
        let again = try Shell.run(["bash", "-c", script + " 2>&1", ClosetProcess.executable.path, dir.url.path, closet.wardrobe.path])
        XCTAssertTrue(again.output.contains("/coat-\\xff.jpg is already in the wardrobe as item 1"), again.output)
    }

    // Fault 26: a JPEG whose header claims more rows than its data holds was imported grey-padded, exit 0.
    func testADamagedPhotoIsRefusedUnlessKeptAndAskedOnATerminal() throws {
        let file = try dir.write("in/short.jpg", shortPhoto())
        let refused = try closet.run(["import", file.path, "--category", "hat"])
        XCTAssertEqual(refused.status, 65, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stdout.contains("failed: \(file.path): the JPEG is damaged"), refused.stdout)
        XCTAssertTrue(refused.stderr.contains("--keep-damaged"), refused.stderr)
        var korean = closet!
        korean.environment["LANG"] = "ko_KR.UTF-8"
        let inKorean = try korean.run(["import", file.path, "--category", "hat"])
        XCTAssertTrue(inKorean.stdout.contains("실패: \(file.path)") && inKorean.stderr.contains("손상된 사진은"), inKorean.stderr)
        let asJSON = try json(try closet.run(["import", file.path, "--category", "hat", "--json"]))
        let failed = try XCTUnwrap(asJSON["failed"] as? [[String: Any]])
        XCTAssertEqual(failed.first?["damaged"] as? Bool, true, "\(asJSON)")
        XCTAssertEqual(try closet.run(["list", "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines), "[]")

        // A terminal is asked; yes keeps it, with a warning.
        let terminal = try FakeTerminal(
            arguments: [ClosetProcess.executable.path, "import", file.path, "--category", "hat", "--wardrobe", closet.wardrobe.path],
            environment: ["CLOSET_MODEL": "none", "LANG": "C.UTF-8", "TERM": "xterm", "PATH": "/usr/bin:/bin"], columns: 120, rows: 30,
            persona: .plain)
        XCTAssertTrue(terminal.wait { FakeTerminal.count(Array("Keep it anyway? [y/N]".utf8), in: $0) > 0 })
        terminal.type("y\n")
        XCTAssertEqual(terminal.finish(timeout: 30), 0)
        XCTAssertEqual(terminal.count(of: "Imported 1"), 1)
        XCTAssertEqual(terminal.count(of: "kept as asked"), 1)

        // --keep-damaged keeps it without asking (here a second copy under another name is a duplicate).
        let kept = try closet.run(["import", file.path, "--category", "hat", "--keep-damaged"])
        XCTAssertEqual(kept.status, 0, kept.stdout + kept.stderr)
        XCTAssertTrue(kept.stdout.contains("duplicates 1"), kept.stdout)
    }

    // Fault 18: a 1.2 MB progressive JPEG of 495 scans took 30–40 s and 662 MB in import, classify and
    // doctor --recolour.
    func testAProgressiveJPEGWithHundredsOfScansIsRefusedWithWords() throws {
        let small = JPEGTools.progressive(pixels: [UInt8](repeating: 128, count: 64 * 64), width: 64, height: 64, components: 1, scans: 495)
        let bomb = try dir.write("in/bomb.jpg", JPEGTools.withHeaderSize(small, width: 6000, height: 6000))
        let result = try closet.run(["import", bomb.path, "--category", "hat"])
        XCTAssertEqual(result.status, 65, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("failed: \(bomb.path): the JPEG's 495 scans over 6000x6000 pixels"), result.stdout)
    }

    // Fault 18 and 19 in classify: the same file cost the same there, and a FIFO blocked it forever.
    func testClassifyRefusesTheManyScanBombAndAFIFOWithWords() throws {
        let small = JPEGTools.progressive(pixels: [UInt8](repeating: 128, count: 64 * 64), width: 64, height: 64, components: 1, scans: 495)
        let bomb = try dir.write("in/bomb.jpg", JPEGTools.withHeaderSize(small, width: 6000, height: 6000))
        let fifo = dir.path("in/pipe.jpg")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        var classify = closet!
        classify.environment["CLOSET_MODEL"] = nil
        let result = try classify.run(["classify", bomb.path, fifo.path, "--no-personal"])
        XCTAssertEqual(result.status, 65, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("\(bomb.path): the JPEG's 495 scans"), result.stderr)
        XCTAssertTrue(result.stderr.contains("\(fifo.path): it is a FIFO"), result.stderr)
        // Named in bytes that are not UTF-8, it is read by them and shown with \xNN.
        let latin = Array(dir.path("in").path.utf8) + Array("/bomb-".utf8) + [0xE9] + Array(".jpg".utf8)
        XCTAssertEqual(rename(bomb.path, latin.map { CChar(bitPattern: $0) } + [0]), 0)
        let script = #"LC_ALL= LANG=C.UTF-8 "$0" classify --no-personal "$(printf '%s/in/bomb-\351.jpg' "$1")" 2>&1"#
        let named = try Shell.run(["bash", "-c", script, ClosetProcess.executable.path, dir.url.path])
        XCTAssertEqual(named.status, 65, named.output)
        XCTAssertTrue(named.output.contains("/in/bomb-\\xe9.jpg: the JPEG's 495 scans"), named.output)
    }

    // Fault 19: `import /proc` followed /proc/*/root into the whole filesystem.
    func testImportOfProcStaysInProc() throws {
        guard FileManager.default.fileExists(atPath: "/proc/self/root") else { throw Requirement.missing("no /proc") }
        let result = try closet.run(["import", "/proc", "--category", "hat"])
        XCTAssertEqual(result.status, 66, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("note: folders on another filesystem, not entered"), result.stderr)
        XCTAssertTrue(result.stderr.contains("no photo files (.jpg, .jpeg, .png, .heic, .heif, .avif, .webp) in /proc"), result.stderr)
    }
}
