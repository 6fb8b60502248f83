import Foundation
import Imaging
import TestSupport
import XCTest

/// Every top-level command run once by the real `closet` binary, as a person runs it from a shell: the other
/// CLI tests call the same commands in-process (`ClosetInProcess`), so this shows that the thin `main` reaches
/// them all, with their output and exit codes.
final class BinarySmokeTests: XCTestCase {
    var dir: TemporaryDirectory!
    var closet: ClosetProcess!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        closet = ClosetProcess.withoutModel(in: dir)
        XCTAssertFalse(closet.inProcess)
    }

    func testEveryTopLevelCommandRunsInTheBinary() throws {
        let image = SyntheticPhoto.garment(width: 96, height: 128, color: (40, 60, 150), seed: 7)
        let photo = try dir.write("photos/cap.jpg", ImageEncoder.jpeg(image, quality: 85))
        let backup = dir.path("backup.closet").path
        // Each command with what it needs, and the status it ends with.
        let runs: [([String], Int32)] = [
            (["add", "--no-photo", "--category", "jeans", "--name", "Jeans"], 0),
            (["add", "--no-photo", "--category", "shortSleeve", "--name", "Tee"], 0),
            (["import", photo.deletingLastPathComponent().path, "--category", "hat"], 0),
            (["list", "--json"], 0),
            (["show", "1"], 0),
            (["edit", "1", "--name", "Blue jeans"], 0),
            (["categories"], 0),
            (["confirm", "3"], 0),
            (["similar", "3"], 66),
            (["classify", photo.path], 66),
            (["eval", "--help"], 0),
            (["wear", "1", "2"], 0),
            (["outfit", "save", "Weekend", "1", "2"], 0),
            (["calendar"], 0),
            (["suggest", "--temp", "20"], 0),
            (["plan", "--temp", "20", "--days", "2"], 0),
            (["stats"], 0),
            (["laundry", "2"], 0),
            (["laundry", "--done"], 0),
            (["profile"], 0),
            (["doctor"], 0),
            (["export", "--format", "closet", "-o", backup], 0),
            (["archive", "3", "--reason", "sold"], 0),
            (["rm", "3", "--yes"], 0),
            (["bench", "--help"], 0),
            (["generate-manual", "--help"], 0),
            (["no-such-command"], 64),
        ]
        for (arguments, status) in runs {
            let result = try closet.run(arguments)
            XCTAssertEqual(result.status, status, "closet \(arguments.joined(separator: " ")): \(result.stdout) \(result.stderr)")
        }
        var restored = ClosetProcess(wardrobe: dir.path("restored"))
        restored.environment["CLOSET_MODEL"] = "none"
        XCTAssertEqual(try restored.run(["restore", backup]).status, 0)
        XCTAssertTrue(try closet.run(["--version"], withWardrobe: false).stdout.hasPrefix("closet "))
    }
}
