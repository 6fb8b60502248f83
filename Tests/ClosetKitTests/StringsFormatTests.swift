import XCTest

@testable import ClosetKit

final class StringsFormatTests: XCTestCase {
    func testAnArgumentHoldingAPlaceholderIsNotItselfReplaced() {
        XCTAssertEqual(Strings.format("{0} and {1}", .en, "a {1} b {0}", "x"), "a {1} b {0} and x")
        XCTAssertEqual(Strings.format("{1}, {0}", .en, "{1}", "{0}"), "{0}, {1}")
    }

    func testPlaceholdersAreReplacedWhereverAndHoweverOftenTheyStand() {
        XCTAssertEqual(Strings.format("{1} before {0}, {1} again", .en, "a", "b"), "b before a, b again")
        XCTAssertEqual(Strings.format("no placeholder", .en, "a"), "no placeholder")
        // A placeholder with no argument, a brace alone and a non-number stay as written.
        XCTAssertEqual(Strings.format("{0} {2} { {x} {", .en, "a"), "a {2} { {x} {")
        XCTAssertEqual(Strings.format("{10}", .en, arguments: (0...10).map(String.init)), "10")
        XCTAssertEqual(Strings.format("{0}", .en, "한국어 🎉"), "한국어 🎉")
    }
}
