import ClosetKit
import Foundation
import Importer
import TestSupport
import XCTest

@testable import ClosetTUI

/// The cut-outs' pass says how far it is on the message line only while the line is its own: an action's answer
/// put there meanwhile stays until the person moves on, and the pass's last word does not replace it.
final class CutoutPassMessageTests: XCTestCase {
    func testThePassNeverWritesOverAnotherMessage() throws {
        let dir = TemporaryDirectory("closet-cutout-message")
        defer { withExtendedLifetime(dir) {} }
        let app = try TerminalApp(wardrobe: try Wardrobe(folder: dir.path("w"))) { throw ClosetError.usage("no import here") }
        let pass = CutoutPass(total: 2)
        app.cutouts = pass

        pass.report(1)
        XCTAssertTrue(app.showCutoutProgress())
        XCTAssertEqual(app.state.message, "Cutting out garments 1/2")

        // An action answers while the pass runs: its words stay through the pass's next reports and its end.
        app.state.message = "Swapped: Grey hoodie"
        pass.report(2)
        XCTAssertFalse(app.showCutoutProgress())
        XCTAssertEqual(app.state.message, "Swapped: Grey hoodie")
        var outcome = MaskRefresh.Outcome()
        outcome.garment = 2
        pass.finish(.success(outcome))
        XCTAssertFalse(app.showCutoutProgress())
        XCTAssertEqual(app.state.message, "Swapped: Grey hoodie", "the pass's last word does not replace an action's answer")
        XCTAssertNil(app.cutouts, "the pass is over")
    }

    func testThePassSaysWhenItIsDoneOnItsOwnLine() throws {
        let dir = TemporaryDirectory("closet-cutout-message")
        defer { withExtendedLifetime(dir) {} }
        let app = try TerminalApp(wardrobe: try Wardrobe(folder: dir.path("w"))) { throw ClosetError.usage("no import here") }
        let pass = CutoutPass(total: 3)
        app.cutouts = pass
        pass.report(2)
        XCTAssertTrue(app.showCutoutProgress())
        var outcome = MaskRefresh.Outcome()
        (outcome.garment, outcome.nothing) = (2, 1)
        pass.finish(.success(outcome))
        XCTAssertTrue(app.showCutoutProgress())
        XCTAssertEqual(app.state.message, "Cut out 3 photos.")
    }
}
