import ClosetKit
import Foundation
import Imaging
import TestSupport
import XCTest

/// JSON exports and restores through the real binary: compact and streamed, bounded, and a restored
/// wardrobe that opens as it was, read-only included.
final class ArchiveCLITests: XCTestCase {
    var dir: TemporaryDirectory!
    var closet: ClosetProcess!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        closet = ClosetInProcess.withoutModel(in: dir)
    }

    // Fault 17: the export was pretty-printed (1.6 times the size), so a backup near the limit could not come back.
    func testAJSONExportIsCompactAndRestoresWhole() throws {
        for (name, category) in [("Tee", "shortSleeve"), ("Jeans", "jeans")] {
            XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", category, "--name", name]).status, 0)
        }
        XCTAssertEqual(try closet.run(["wear", "1", "2", "--date", "2026-01-02"]).status, 0)
        let file = dir.path("w.json")
        let export = try closet.run(["export", "--format", "json", "-o", file.path])
        XCTAssertEqual(export.status, 0, export.stderr)
        let text = try String(contentsOf: file, encoding: .utf8)
        XCTAssertEqual(text.split(separator: "\n").count, 1, "one line, no indentation:\n\(text.prefix(300))")
        XCTAssertFalse(text.contains(": "), "no space after a colon")
        XCTAssertEqual(try closet.run(["export", "--format", "json"]).stdout, text, "stdout gets the same bytes")

        var fresh = ClosetInProcess.closet(wardrobe: dir.path("fresh"))
        fresh.environment["CLOSET_MODEL"] = "none"
        let restore = try fresh.run(["restore", file.path])
        XCTAssertEqual(restore.status, 0, restore.stderr)
        XCTAssertEqual(try fresh.run(["export", "--format", "json"]).stdout, text, "a round trip changes no byte")
    }

    /// A wear log of `wears` entries over 1,000 items, each item worn once a day.
    func export(wears: Int) throws -> URL {
        var out = Data()
        out.append(contentsOf: #"{"format":"closet-wardrobe","items":["#.utf8)
        for id in 1...1000 {
            if id > 1 { out.append(UInt8(ascii: ",")) }
            out.append(
                contentsOf:
                    #"{"category":"hat","colorShares":[],"colors":[],"created":"2026-01-01T00:00:00.000Z","group":"accessories","id":\#(id),"name":"h\#(id)","needsReview":false,"seasons":[],"status":"active","styles":[],"thickness":3,"updated":"2026-01-01T00:00:00.000Z","wears":0}"#
                    .utf8)
        }
        out.append(contentsOf: #"],"outfits":[],"photos":[],"settings":{},"version":1,"wears":["#.utf8)
        var days: [String] = []
        for year in 1900...1904 {
            for month in 1...12 { for day in 1...28 { days.append(String(format: "%04d-%02d-%02d", year, month, day)) } }
        }
        for n in 0..<wears {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"day":"\#(days[n / 1000])","item":\#(n % 1000 + 1)}"#.utf8)
        }
        out.append(contentsOf: "]}\n".utf8)
        return try dir.write("big.json", out)
    }

    // Fault 17: a wardrobe.json of 510 MB of wears took 4 GB to restore; now past a lifetime's limits it is refused.
    func testARestorePastTheLimitsIsRefusedWithTheLimit() throws {
        let file = try export(wears: 1_000_001)
        let result = try closet.run(["restore", file.path])
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(result.stderr.contains("more than 1,000,000 wears"), result.stderr)
        XCTAssertEqual(
            try closet.run(["list", "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines), "[]", "nothing was restored")
    }

    func testTwoWearsOfAnItemOnOneDayAreRefusedAsTheWearCommandRefusesThem() throws {
        XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "hat", "--name", "Cap"]).status, 0)
        XCTAssertEqual(try closet.run(["wear", "1", "1", "--date", "2026-01-02"]).status, 64, "the CLI refuses it")
        var fresh = ClosetInProcess.closet(wardrobe: dir.path("fresh"))
        fresh.environment["CLOSET_MODEL"] = "none"
        let one = try export(wears: 2)
        var twice = try String(contentsOf: one, encoding: .utf8)
        twice = twice.replacingOccurrences(of: #""item":2}"#, with: #""item":1}"#)
        let result = try fresh.run(["restore", try dir.write("twice.json", Data(twice.utf8)).path])
        XCTAssertEqual(result.status, 65, result.stderr)
        XCTAssertTrue(result.stderr.contains("wear 2") && result.stderr.contains("item 1 on 1900-01-01"), result.stderr)
        XCTAssertEqual(
            try fresh.run(["list", "--json"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines), "[]", "nothing was restored")
        XCTAssertEqual(try fresh.run(["restore", one.path]).status, 0, "the same export without the slip restores")
    }

    // Fault 25: a read-only wardrobe whose embeddings another model made (or none) could not open the TUI (exit 73).
    func testAReadOnlyWardrobeOpensTheTerminalUIWithoutWriting() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser"),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
        else {
            throw Requirement.missing("needs root, runuser and tmux to run closet's TUI as another user")
        }
        let image = SyntheticPhoto.garment(width: 96, height: 128, color: (20, 60, 160), seed: 3)
        let photo = try dir.write("p.jpg", ImageEncoder.jpeg(image, quality: 85))
        // Added without the classifier: its photo has no embedding, which the installed model would compute.
        XCTAssertEqual(try closet.run(["add", photo.path, "--category", "jeans", "--name", "Kept jeans"]).status, 0)
        let wardrobe = dir.path("wardrobe").path
        XCTAssertEqual(chmod(dir.url.path, 0o755), 0)
        _ = try Shell.run(["chmod", "-R", "a+rX,go-w", wardrobe])
        let before = try Data(contentsOf: dir.path("wardrobe/wardrobe.sqlite"))
        let model = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("models/clothing").path
        guard ClosetProcess.nobodyCanRun(reading: [model + "/manifest.json"]) else {
            throw Requirement.missing("user nobody cannot reach closet's build folder or model here, so closet cannot run as another user")
        }

        let socket = "closet-ro-\(UUID().uuidString.prefix(8))"
        func tmux(_ args: [String]) throws -> String { try Shell.run(["tmux", "-L", socket] + args).output }
        defer { _ = try? tmux(["kill-server"]) }
        _ = try tmux(["new-session", "-d", "-s", "s", "-x", "100", "-y", "30", "env", "-u", "TMUX", "LANG=C.UTF-8", "bash", "--norc"])
        _ = try tmux([
            "send-keys", "-t", "s",
            "runuser -u nobody -- env CLOSET_MODEL=\(model) \(ClosetProcess.executable.path) --wardrobe \(wardrobe); echo EXIT\"\"ED $?",
            "Enter",
        ])
        func waitFor(_ text: String) throws -> String {
            var screen = ""
            for _ in 0..<300 {
                screen = try tmux(["capture-pane", "-p", "-t", "s"])
                if screen.contains(text) { return screen }
                Thread.sleep(forTimeInterval: 0.1)
            }
            XCTFail("never saw '\(text)'; the screen was:\n\(screen)")
            return screen
        }
        let screen = try waitFor("Kept jeans")
        XCTAssertFalse(screen.contains("EXITED"), screen)
        _ = try tmux(["send-keys", "-t", "s", "q"])
        let after = try waitFor("EXITED")
        XCTAssertTrue(after.contains("EXITED 0"), after)
        XCTAssertEqual(try Data(contentsOf: dir.path("wardrobe/wardrobe.sqlite")), before, "nothing was written")
    }
}
