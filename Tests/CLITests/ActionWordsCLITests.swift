import ClosetKit
import Foundation
import TestSupport
import XCTest

/// Issue 42 item 5 on the command line: every action says what it did, to which item, and how to undo it; a
/// wear of an item that left the closet is refused unless --force says it was worn before.
final class ActionWordsCLITests: XCTestCase {
    var dir: TemporaryDirectory!
    var closet: ClosetProcess!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        closet = ClosetInProcess.withoutModel(in: dir)
        for (name, category) in [("Navy tee", "shortSleeve"), ("Old parka", "parka")] {
            XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", category, "--name", name]).status, 0)
        }
    }

    func wears(_ id: Int) throws -> Int {
        let list = try closet.run(["list", "--status", "all", "--json"]).stdout
        let items = try JSONSerialization.jsonObject(with: Data(list.utf8)) as! [[String: Any]]
        return items.first { $0["id"] as? Int == id }?["wears"] as? Int ?? -1
    }

    func testWearingAnArchivedItemIsRefusedUnlessForced() throws {
        XCTAssertEqual(try closet.run(["archive", "2", "--reason", "donated"]).status, 0)
        let refused = try closet.run(["wear", "2"])
        XCTAssertEqual(refused.status, 64, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("item 2 \"Old parka\" is archived (donated)"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("closet edit 2 --status active") && refused.stderr.contains("--force"), refused.stderr)
        XCTAssertEqual(try wears(2), 0, "nothing was logged")
        // With another item too: nothing of the command is logged.
        XCTAssertEqual(try closet.run(["wear", "1", "2"]).status, 64)
        XCTAssertEqual(try wears(1), 0)
        let forced = try closet.run(["wear", "2", "--force", "--date", "2026-01-10"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(try wears(2), 1)
        XCTAssertTrue(forced.stderr.contains("closet wear --undo --date 2026-01-10 2"), "how to undo it: \(forced.stderr)")
    }

    func testArchiveSaysWhichItemWhyAndHowToBringItBack() throws {
        let result = try closet.run(["archive", "2", "--reason", "sold"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "2\n", "the id stays on stdout for scripts")
        XCTAssertTrue(result.stderr.contains("Archived item 2 \"Old parka\" (sold)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("`closet edit 2 --status active` brings it back"), result.stderr)
        XCTAssertEqual(try closet.run(["edit", "2", "--status", "active"]).status, 0, "the undo it names works")
        let list = try closet.run(["list", "--json"]).stdout
        XCTAssertTrue(list.contains("Old parka"), list)
    }

    func testEditSaysWhatChangedAndTheCommandThatSetsItBack() throws {
        let result = try closet.run(["edit", "1", "--name", "Navy T's", "--brand", "Zeta", "--thickness", "4"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "1\n")
        XCTAssertTrue(result.stderr.contains("Changed item 1 \"Navy T's\": name, thickness, brand."), result.stderr)
        let command = try XCTUnwrap(
            result.stderr.range(of: #"`closet edit [^`]*`"#, options: .regularExpression).map {
                String(result.stderr[$0].dropFirst().dropLast())
            })
        XCTAssertTrue(command.contains("--name 'Navy tee'") || command.contains("--name Navy\\ tee"), command)
        // The command it names, run through a shell, puts every field back.
        let shell = try Shell.run([
            "bash", "-c",
            command.replacingOccurrences(
                of: "closet ", with: "\(ClosetProcess.executable.path) --wardrobe \(closet.wardrobe.path) ", options: .anchored),
        ])
        XCTAssertEqual(shell.status, 0, shell.output)
        let item = try closet.run(["show", "1", "--json"]).stdout
        XCTAssertTrue(item.contains("\"name\":\"Navy tee\"") || item.contains("\"name\" : \"Navy tee\""), item)
        XCTAssertFalse(item.contains("Zeta"), item)
        let again = try closet.run(["edit", "1", "--name", "Navy tee"])
        XCTAssertTrue(again.stderr.contains("unchanged"), again.stderr)
    }

    // A newline typed in a comment: the message stays on its lines, and the command it names still sets it back.
    func testTheUndoOfAnEditKeepsTypedNewlinesOnOneLine() throws {
        XCTAssertEqual(try closet.run(["edit", "1", "--comment", "hem\nFORGED line"]).status, 0)
        let result = try closet.run(["edit", "1", "--comment", "fixed"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stderr.split(separator: "\n").contains { $0.hasPrefix("FORGED") }, result.stderr)
        let command = try XCTUnwrap(
            result.stderr.range(of: #"`closet edit [^`]*`"#, options: .regularExpression).map {
                String(result.stderr[$0].dropFirst().dropLast())
            })
        XCTAssertTrue(command.contains(#"--comment $'hem\nFORGED line'"#), command)
        let shell = try Shell.run([
            "bash", "-c",
            command.replacingOccurrences(of: "closet ", with: "\(ClosetProcess.executable.path) --wardrobe \(closet.wardrobe.path) "),
        ])
        XCTAssertEqual(shell.status, 0, shell.output)
        let json = try closet.run(["show", "1", "--json"]).stdoutData
        let item = try XCTUnwrap(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        XCTAssertEqual(item["comment"] as? String, "hem\nFORGED line")
    }

    func testTheWordsAreKoreanInKorean() throws {
        XCTAssertEqual(try closet.run(["profile", "--lang", "ko"]).status, 0)
        let archived = try closet.run(["archive", "2", "--reason", "lost"])
        XCTAssertTrue(archived.stderr.contains("2번 \"Old parka\"을(를) 보관했습니다"), archived.stderr)
        let refused = try closet.run(["wear", "2"])
        XCTAssertTrue(refused.stderr.contains("보관한 옷입니다"), refused.stderr)
    }
}
