import ClosetKit
import XCTest

final class TextWidthTests: XCTestCase {
    func testWrapBreaksBetweenWordsAndEndsACutWithAnEllipsis() {
        XCTAssertEqual(TextWidth.wrap("Black short-sleeve t-shirt", width: 14, maxLines: 2), ["Black", "short-sleeve…"])
        XCTAssertEqual(TextWidth.wrap("Black shorts", width: 14, maxLines: 2), ["Black shorts"])
        XCTAssertEqual(TextWidth.wrap("Light Grey long-sleeve shirt", width: 12, maxLines: 2), ["Light Grey", "long-sleeve…"])
        // A word wider than the line is cut between characters, never past the width.
        let long = TextWidth.wrap("Supercalifragilistic", width: 8, maxLines: 2)
        XCTAssertEqual(long, ["Supercal", "ifragil…"])
        // Hangul takes two cells: no line is wider than asked, and no syllable is cut in half.
        let korean = TextWidth.wrap("밝은 회색 반소매 티셔츠", width: 9, maxLines: 2)
        XCTAssertEqual(korean, ["밝은 회색", "반소매…"])
        for width in 1...20 {
            for line in TextWidth.wrap("밝은 회색 반소매 티셔츠 and a very long English name", width: width, maxLines: 3) {
                XCTAssertLessThanOrEqual(TextWidth.of(line), width, "\(width): \(line)")
            }
        }
        XCTAssertEqual(TextWidth.wrap("", width: 10), [])
        XCTAssertEqual(TextWidth.wrap("a b", width: 0), [])
    }
}
