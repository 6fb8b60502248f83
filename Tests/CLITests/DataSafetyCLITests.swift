import CImageCodecs
import ClosetKit
import Foundation
import Imaging
import TestSupport
import XCTest

/// The data-safety faults as a person (or an attacker) meets them: through the real binary.
final class DataSafetyCLITests: XCTestCase {
    var dir: TemporaryDirectory!
    var closet: ClosetProcess!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        closet = ClosetInProcess.withoutModel(in: dir)
    }

    func photo(_ name: String, seed: UInt32, color: (UInt8, UInt8, UInt8) = (120, 60, 30)) throws -> URL {
        let image = SyntheticPhoto.garment(width: 96, height: 128, color: color, seed: seed)
        return try dir.write(name, ImageEncoder.jpeg(image, quality: 85))
    }

    func storedPhotoFiles() -> [String] {
        let root = dir.path("wardrobe/photos").path
        return (FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? [])
            .filter { !$0.hasPrefix(".") && $0.contains("/") }.sorted()
    }

    func json(_ result: ClosetProcess.Result) throws -> Any { try JSONSerialization.jsonObject(with: result.stdoutData) }

    // Fault 3 through the CLI: `truncate -s0 wardrobe.sqlite; closet import one.jpg` deleted every photo.
    func testImportIntoAnEmptiedDatabaseIsRefusedAndNoPhotoIsLost() throws {
        for n in 0..<6 {
            XCTAssertEqual(try closet.run(["add", try photo("p\(n).jpg", seed: UInt32(n)).path, "--category", "hat"]).status, 0)
        }
        let before = storedPhotoFiles()
        XCTAssertEqual(before.count, 6)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(at: dir.path("wardrobe/wardrobe.sqlite\(suffix)")) }
        try Data().write(to: dir.path("wardrobe/wardrobe.sqlite"))
        let result = try closet.run(["import", try photo("one.jpg", seed: 99).path, "--category", "hat"])
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(result.stderr.contains("doctor --rebuild"), result.stderr)
        XCTAssertEqual(storedPhotoFiles(), before)
        XCTAssertEqual(try closet.run(["list"]).status, 65, "every command refuses")
        // The way back: items made again from the photos.
        let rebuilt = try closet.run(["doctor", "--rebuild", "--category", "hat"])
        XCTAssertEqual(rebuilt.status, 0, rebuilt.stderr)
        let items = try json(try closet.run(["list", "--json"])) as! [[String: Any]]
        XCTAssertEqual(items.count, 6)
        XCTAssertEqual(storedPhotoFiles(), before)
    }

    // Fault 4: imports and edits at once. Integrity ok, every photo present, no duplicates, no orphans.
    func testConcurrentImportsAndEditsLoseNothing() throws {
        let folder = dir.path("batch")
        var files: [URL] = []
        for n in 0..<24 { files.append(try photo("batch/p\(n).jpg", seed: UInt32(n), color: (UInt8(n * 9), 80, 200))) }
        let singles = try (0..<10).map { try photo("single\($0).jpg", seed: UInt32(100 + $0), color: (30, UInt8($0 * 20), 90)) }
        // Something to edit from the start.
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "jeans", "--name", "Edited"]).status, 0)
        var environment = closet.environment
        environment["CLOSET_BUSY_TIMEOUT"] = "30"
        var configured = closet!
        configured.environment = environment
        configured.inProcess = false  // separate processes, writing at once
        let runner = configured  // captured by the concurrent runs below: a constant
        let runs = ConcurrentLog()
        let group = DispatchGroup()
        func background(_ arguments: [String]) {
            group.enter()
            DispatchQueue.global().async {
                let result = try? runner.run(arguments)
                runs.add("\(arguments.prefix(2).joined(separator: " ")) → \(result?.status ?? -1) \(result?.stderr.prefix(300) ?? "")")
                group.leave()
            }
        }
        background(["import", folder.path, "--category", "hat", "--yes"])
        // A second import of the same folder, overlapping the first.
        background(["import", folder.path, "--category", "hat", "--yes"])
        group.enter()
        DispatchQueue.global().async {
            for (n, single) in singles.enumerated() {
                let r1 = try? runner.run(["import", single.path, "--category", "bag"])
                runs.add("single → \(r1?.status ?? -1) \(r1?.stderr.prefix(300) ?? "")")
                let r2 = try? runner.run(["edit", "1", "--comment", "edit \(n)"])
                runs.add("edit → \(r2?.status ?? -1) \(r2?.stderr.prefix(300) ?? "")")
            }
            group.leave()
        }
        group.wait()
        let failures = runs.values.filter { !$0.contains("→ 0 ") }
        XCTAssertEqual(failures, [], "every run finished")
        let items = try json(try closet.run(["list", "--json"])) as! [[String: Any]]
        let photos = items.compactMap { $0["photo"] as? String }
        XCTAssertEqual(items.count, 1 + 24 + 10)
        XCTAssertEqual(Set(photos).count, photos.count, "no duplicates")
        let doctor = try closet.run(["doctor", "--json"])
        XCTAssertEqual(doctor.status, 0, doctor.stderr)
        let report = try json(doctor) as! [String: Any]
        XCTAssertEqual(report["healthy"] as? Bool, true, doctor.stdout)
        XCTAssertEqual((report["missingPhotos"] as? [Any])?.count, 0)
        XCTAssertEqual((report["orphanFiles"] as? [Any])?.count, 0)
        XCTAssertEqual(storedPhotoFiles().count, 34)
        let export = try closet.run(["export", "--photos", dir.path("out").path, "-o", dir.path("out.json").path])
        XCTAssertEqual(export.status, 0, export.stderr)
    }

    // Fault 7: numbers that trapped.
    func testAbsurdTemperaturesAreRefusedWithoutACrash() throws {
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "jeans", "--name", "Jeans"]).status, 0)
        for args in [
            ["--temp", "nan"], ["--temp", "inf"], ["--temp", "1e308"], ["--temp", "10", "--feels", "1e300"],
            ["--temp", "999"], ["--temp", "-999"], ["--temp", "10", "--min", "40", "--max", "-40"],
            ["--temp", "10", "--wind", "-5"],
        ] {
            let result = try closet.run(["suggest"] + args)
            XCTAssertEqual(result.status, 64, "\(args): \(result.stderr)")
            XCTAssertTrue(
                result.stderr.contains("°C") || result.stderr.contains("km/h") || result.stderr.contains("--min"),
                "\(args): \(result.stderr)")
        }
    }

    // Fault 8: escape sequences in names are shown escaped, never obeyed; JSON stays exact.
    func testEscapeSequencesInNamesAreShownEscaped() throws {
        let evil = "Tee\u{1B}]0;owned\u{07}\u{1B}[2J\u{1B}]52;c;aGk=\u{07}"
        XCTAssertEqual(
            try closet.run(["add", "--no-photo", "--category", "shortSleeve", "--name", evil, "--comment", "\u{9B}31mred"]).status, 0)
        for args in [
            ["show", "1"], ["list"], ["list", "--status", "all"], ["outfit", "save", "o", "1"], ["outfit", "show", "1"], ["stats"],
        ] {
            let result = try closet.run(args)
            XCTAssertEqual(result.status, 0, "\(args): \(result.stderr)")
            for raw in ["\u{1B}", "\u{07}", "\u{9B}"] {
                XCTAssertFalse(
                    result.stdout.contains(raw) || result.stderr.contains(raw), "\(args) printed a raw control character:\n\(result.stdout)"
                )
            }
        }
        XCTAssertTrue(try closet.run(["show", "1"]).stdout.contains("Tee\\e]0;owned^G"))
        let items = try json(try closet.run(["list", "--json"])) as! [[String: Any]]
        XCTAssertEqual(items[0]["name"] as? String, evil, "JSON is exact")
        // A file name with an escape in an import error.
        let file = try dir.write("bad\u{1B}[31m.jpg", Data("not an image".utf8))
        let result = try closet.run(["import", file.path, "--category", "hat"])
        XCTAssertEqual(result.status, 65)
        XCTAssertFalse(result.stdout.contains("\u{1B}") || result.stderr.contains("\u{1B}"), result.stdout + result.stderr)
        for args in [["import", file.path, "--category", "hat"], ["add", file.path, "--category", "hat"]] {
            let output = try closet.run(args)
            XCTAssertEqual(output.status, 65, "\(args)")
            let text = output.stdout + output.stderr
            XCTAssertEqual(text.components(separatedBy: "bad\\e[31m.jpg").count, 2, "\(args) names the file once: \(text)")
            XCTAssertTrue(text.contains("bad\\e[31m.jpg: not a JPEG, PNG, HEIC, AVIF or WebP image"), "\(args): \(text)")
        }
    }

    // A newline in typed text (a name, a brand, a comment, an outfit's or the profile's name) stays on its
    // line: it cannot start a line that reads as closet's own, in any listing.
    func testANewlineInTypedTextNeverStartsALineOfItsOwn() throws {
        func add(_ args: [String]) throws { XCTAssertEqual(try closet.run(["add", "--no-photo"] + args).status, 0) }
        try add(["--category", "shortSleeve", "--name", "Tee\nFORGED name", "--brand", "B\nFORGED brand", "--comment", "c\nFORGED comment"])
        try add(["--category", "jeans", "--name", "Jeans\r\nFORGED jeans"])
        try add(["--category", "shoes", "--name", "Sneakers"])
        XCTAssertEqual(try closet.run(["outfit", "save", "Work\nFORGED outfit", "1", "2", "3"]).status, 0)
        XCTAssertEqual(try closet.run(["profile", "--name", "Me\nFORGED profile"]).status, 0)
        XCTAssertEqual(try closet.run(["wear", "1", "2", "3"]).status, 0)
        for args in [
            ["show", "1"], ["list"], ["stats"], ["outfit", "list"], ["outfit", "show", "1"], ["calendar"],
            ["plan", "--days", "1", "--temp", "22", "--save"], ["plan", "--show"], ["suggest", "--temp", "22"], ["profile"],
            ["laundry", "2"],
            ["edit", "1", "--status", "repair", "--comment", "hem\nFORGED repair"], ["stats"],
        ] {
            let result = try closet.run(args)
            XCTAssertEqual(result.status, 0, "\(args): \(result.stderr)")
            let lines = (result.stdout + "\n" + result.stderr).split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertFalse(
                lines.contains { $0.hasPrefix("FORGED") }, "\(args) let typed text start a line:\n\(result.stdout)\(result.stderr)")
            XCTAssertFalse(result.stdout.contains("\r"), "\(args) printed a raw carriage return")
        }
        let show = try closet.run(["show", "1"]).stdout
        for shown in ["Tee^JFORGED name", "B^JFORGED brand", "hem^JFORGED repair"] { XCTAssertTrue(show.contains(shown), show) }
        XCTAssertTrue(try closet.run(["list"]).stdout.contains("Jeans^M^JFORGED jeans"))
        let items = try json(try closet.run(["list", "--json"])) as! [[String: Any]]
        XCTAssertEqual(items.first { $0["id"] as? Int == 1 }?["name"] as? String, "Tee\nFORGED name", "JSON is exact")
    }

    // Slips of the keyboard are taken as meant or refused, never stored twice: an id typed twice logs no second
    // wear, a season typed twice is one season, and an outfit needs a name.
    func testRepeatedIdsAndSeasonsAndAnEmptyOutfitName() throws {
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "jeans", "--name", "Jeans"]).status, 0)
        for args in [["wear", "1", "1"], ["wear", "1", "1", "--date", "2026-08-01", "--to", "2026-08-03"], ["wear", "--undo", "1", "1"]] {
            let result = try closet.run(args)
            XCTAssertEqual(result.status, 64, "\(args): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("each item once"), result.stderr)
        }
        XCTAssertTrue(try closet.run(["show", "1", "--json"]).stdout.contains("\"wears\":0"), "no wear was logged")
        XCTAssertEqual(
            try closet.run(["edit", "1", "--season", "winter", "--season", "Winter", "--style", "casual", "--style", "casual"]).status, 0)
        let item = try json(try closet.run(["show", "1", "--json"])) as! [String: Any]
        XCTAssertEqual(item["seasons"] as? [String], ["winter"])
        XCTAssertEqual(item["styles"] as? [String], ["casual"])
        for name in ["", "  "] {
            let result = try closet.run(["outfit", "save", name, "1"])
            XCTAssertEqual(result.status, 64, "'\(name)': \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("an outfit needs a name"), result.stderr)
        }
    }

    // A price is a number a person could have paid: absurd ones are refused before anything is written.
    func testAbsurdPricesAreRefused() throws {
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "jeans", "--name", "Jeans", "--price", "1000000000"]).status, 0)
        for price in ["1e308", "1000000001", "nan", "inf", "-5"] {
            let result = try closet.run(["edit", "1", "--price=" + price])
            XCTAssertEqual(result.status, 64, "\(price): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("price must be a number from 0 to 1000000000"), result.stderr)
        }
        let items = try json(try closet.run(["list", "--json"])) as! [[String: Any]]
        XCTAssertEqual(items[0]["price"] as? Double, 1_000_000_000, "a refused edit writes nothing")
        // A larger price kept from before the limit still takes other edits, and its backup restores.
        let store = try Wardrobe(folder: dir.path("wardrobe"))
        XCTAssertEqual(try store.add(NewItem(name: "Old coat", category: "coat", price: 1e12)).id, 2)
        XCTAssertEqual(try closet.run(["edit", "2", "--name", "Camel coat"]).status, 0)
        XCTAssertEqual(try closet.run(["export", "-o", dir.path("b.closet").path]).status, 0)
        var elsewhere = ClosetInProcess.closet(wardrobe: dir.path("again"))
        elsewhere.environment = closet.environment
        let restored = try elsewhere.run(["restore", dir.path("b.closet").path])
        XCTAssertEqual(restored.status, 0, restored.stderr)
        let again = try json(try elsewhere.run(["list", "--json"])) as! [[String: Any]]
        XCTAssertEqual(again.first { $0["id"] as? Int == 2 }?["price"] as? Double, 1e12)
    }

    // Fault 10 through the CLI.
    func testWearDatesMustBeRealAndNotInTheFuture() throws {
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "jeans", "--name", "Jeans"]).status, 0)
        for date in ["2026-02-30", "9999-12-31", "2026-13-01", "yesterday-ish"] {
            let result = try closet.run(["wear", "1", "--date", date])
            XCTAssertEqual(result.status, 64, "\(date): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("date") || result.stderr.contains("future"), result.stderr)
        }
        XCTAssertEqual(try closet.run(["wear", "1", "--date", "yesterday"]).status, 0)
    }

    // Fault 12: the smaller ones.
    func testFoldersThroughSymlinksAreImportedWithLoopProtection() throws {
        _ = try photo("real/a/one.jpg", seed: 1)
        _ = try photo("real/a/two.png.jpg", seed: 2)
        try FileManager.default.createSymbolicLink(at: dir.path("real/a/loop"), withDestinationURL: dir.path("real"))
        try FileManager.default.createSymbolicLink(at: dir.path("link"), withDestinationURL: dir.path("real"))
        let result = try closet.run(["import", dir.path("link").path, "--category", "hat", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try json(result) as! [String: Any]
        XCTAssertEqual((report["imported"] as? [Any])?.count, 2, result.stdout)
    }

    func testPlainMessagesForAFIFOAndAFolderInPlaceOfTheDatabase() throws {
        let fifo = dir.path("pipe.jpg").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let result = try closet.run(["add", fifo, "--category", "hat"])
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(result.stderr.contains("FIFO"), result.stderr)
        let other = ClosetInProcess.closet(wardrobe: dir.path("w2"))
        try FileManager.default.createDirectory(at: dir.path("w2/wardrobe.sqlite"), withIntermediateDirectories: true)
        let folderDB = try other.run(["list"])
        XCTAssertEqual(folderDB.status, 65)
        XCTAssertTrue(folderDB.stderr.contains("is a folder"), folderDB.stderr)
    }

    /// `export -o` replaces an earlier backup or export (a nightly backup to the same name), but never another
    /// file of the person's, and nothing of an export goes inside the wardrobe (it could replace the database).
    func testAnExportReplacesOnlyClosetsOwnFilesAndStaysOutOfTheWardrobe() throws {
        XCTAssertEqual(try closet.run(["add", try photo("tee.jpg", seed: 3).path, "--category", "shortSleeve"]).status, 0)
        for name in ["b.closet", "b.json", "b.csv"] {
            let format = String(name.split(separator: ".")[1])
            XCTAssertEqual(try closet.run(["export", "--format", format, "-o", dir.path(name).path]).status, 0, name)
            let again = try closet.run(["export", "--format", format, "-o", dir.path(name).path])
            XCTAssertEqual(again.status, 0, "\(name) is replaced by a newer one: \(again.stderr)")
        }
        let empty = try dir.write("empty.json", Data())
        XCTAssertEqual(try closet.run(["export", "-o", empty.path]).status, 0, "an empty file is replaced")
        let precious = try dir.write("notes.txt", Data("my notes\n".utf8))
        // Someone else's tar is not a closet backup, though it is a tar.
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/bin/tar")
        tar.arguments = ["-cf", dir.path("other.tar").path, "-C", dir.url.path, "notes.txt"]
        try tar.run(); tar.waitUntilExit()
        let otherTar = try Data(contentsOf: dir.path("other.tar"))
        let database = dir.path("wardrobe/wardrobe.sqlite")
        for args in [
            ["export", "-o", precious.path], ["export", "--format", "csv", "-o", precious.path],
            ["export", "--format", "closet", "-o", precious.path], ["export", "--format", "closet", "-o", dir.path("other.tar").path],
            ["export", "-o", database.path], ["export", "-o", dir.path("wardrobe/photos/x.json").path],
            ["export", "--format", "json", "--photos", dir.path("wardrobe/photos").path, "-o", dir.path("c.json").path],
            ["export", "-o", dir.path("wardrobe").path + "/../wardrobe/new.closet"],
        ] {
            let result = try closet.run(args)
            XCTAssertEqual(result.status, 73, "\(args): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("not a closet backup") || result.stderr.contains("inside the wardrobe"), result.stderr)
        }
        XCTAssertEqual(try String(contentsOf: precious, encoding: .utf8), "my notes\n")
        XCTAssertEqual(try Data(contentsOf: dir.path("other.tar")), otherTar)
        XCTAssertEqual(try Data(contentsOf: database).prefix(15), Data("SQLite format 3".utf8), "the database is still one")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.path("c.json").path), "refused before anything was written")
        XCTAssertEqual(try closet.run(["list", "--json"]).status, 0)
    }

    func testAReadOnlyWardrobeCanBeListedAndExported() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") else {
            throw Requirement.missing("needs root and runuser to run closet as another user")
        }
        XCTAssertEqual(try closet.run(["add", try photo("p.jpg", seed: 3).path, "--category", "hat", "--name", "Kept"]).status, 0)
        // A wardrobe another user owns, readable by all: closet runs as nobody, who cannot write it.
        let wardrobe = dir.path("wardrobe").path
        XCTAssertEqual(chmod(dir.url.path, 0o755), 0)
        _ = try Shell.run(["chmod", "-R", "a+rX,go-w", wardrobe])
        let exportFile = "/tmp/closet-ro-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: exportFile) }
        let binary = ClosetProcess.executable.path
        let list = try Shell.run([
            "runuser", "-u", "nobody", "--", "env", "CLOSET_MODEL=none", binary, "list", "--json", "--wardrobe", wardrobe,
        ])
        XCTAssertEqual(list.status, 0, list.output)
        XCTAssertTrue(list.output.contains("Kept"), list.output)
        let export = try Shell.run(["runuser", "-u", "nobody", "--", binary, "export", "-o", exportFile, "--wardrobe", wardrobe])
        XCTAssertEqual(export.status, 0, export.output)
        XCTAssertTrue(try String(contentsOfFile: exportFile, encoding: .utf8).contains("Kept"))
        let write = try Shell.run(["runuser", "-u", "nobody", "--", binary, "edit", "1", "--name", "x", "--wardrobe", wardrobe])
        XCTAssertEqual(write.status, 73, "a write is refused plainly")
        XCTAssertTrue(try json(try closet.run(["list", "--json"])) is [[String: Any]])
    }

    /// An 81-megapixel PNG of a few hundred kilobytes imported at 606 MB; now the rows are reduced as they are read.
    func testAHugePNGImportsWithinBoundedMemory() throws {
        closet.inProcess = false  // the peak memory is measured on a child process
        let (width, height) = (9000, 9000)
        var gray = [UInt8](repeating: 180, count: width * height)
        for y in stride(from: 0, to: height, by: 7) { gray[y * width + y % width] = 20 }
        var bytes: UnsafeMutablePointer<UInt8>?
        var size = 0
        var error = [CChar](repeating: 0, count: Int(CLOSET_ERROR_SIZE))
        XCTAssertEqual(closet_png_encode(gray, Int32(width), Int32(height), 1, &bytes, &size, &error), 0)
        gray = []
        let png = Data(bytes: bytes!, count: size)
        closet_free(bytes)
        let file = try dir.write("huge.png", png)
        // This closet process's own peak, whatever ran before it (RUSAGE_CHILDREN held earlier children's).
        let (result, peakKilobytes) = try closet.runMeasuringPeak(["add", file.path, "--category", "hat", "--name", "Huge"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertLessThanOrEqual(peakKilobytes / 1024, 200, "peak memory of closet add for an 81 MP PNG")
        let item = (try json(try closet.run(["show", "1", "--json"])) as! [String: Any])
        XCTAssertEqual(item["name"] as? String, "Huge")
    }
}
