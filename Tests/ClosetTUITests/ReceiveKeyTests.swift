import ClosetKit
import XCTest

@testable import ClosetTUI

/// The import screen's "from phone": `p` asks the controller to run `closet receive` on the terminal.
final class ReceiveKeyTests: XCTestCase {
    func testPOnTheImportScreenReceivesPhotosFromAPhone() throws {
        var s = AppState()
        s.load([])
        s.importFiles.directory = FileManager.default.temporaryDirectory.path
        _ = s.handle(.char("i"))
        XCTAssertEqual(s.screen, .importFiles)
        XCTAssertTrue(s.importBindings.contains { $0.label == "p" && $0.help == "from phone" })
        XCTAssertEqual(s.handle(.char("p")), [.receivePhotos])
    }

    func testAChildsExitStatusIsReadAsAShellSaysIt() {
        XCTAssertEqual(TerminalApp.spawnAndWait(["/bin/sh", "-c", "exit 3"]), 3)
        XCTAssertEqual(TerminalApp.spawnAndWait(["/bin/sh", "-c", "kill -TERM $$"]), 128 + SIGTERM)
        XCTAssertEqual(TerminalApp.spawnAndWait(["/nonexistent/closet"]), 127)
    }
}
