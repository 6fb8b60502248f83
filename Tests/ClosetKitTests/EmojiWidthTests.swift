import ClosetKit
import Foundation
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// The C library's wcwidth, which curses counts cells with (Glibc's Swift module leaves wchar.h out).
@_silgen_name("wcwidth") private func systemWcwidth(_ c: Int32) -> Int32

/// Curses places each code point by the C library's wcwidth, and a terminal draws an emoji sequence as one
/// picture: where they disagree (🏳️‍🌈: 1 + 0 + 0 + 2 cells for curses, 2 for the terminal) cells go stale.
/// What closet draws is made of code points whose widths add up to what the terminal shows.
final class EmojiWidthTests: XCTestCase {
    override func setUp() { setlocale(LC_CTYPE, "C.UTF-8") }

    /// The cells curses counts for `text`, code point by code point.
    func cursesCells(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + max(0, Int(systemWcwidth(Int32(bitPattern: $1.value)))) }
    }

    let sequences = [
        "🏳️‍🌈", "🏳️‍⚧️", "👩‍👩‍👧", "👍🏽", "☂️", "1️⃣", "🇰🇷", "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}", "❤️‍🔥", "🧑🏿‍🦱",
    ]

    func testAnEmojiSequenceIsDrawnAsCodePointsWhoseWidthsEveryoneAgreesOn() {
        for sequence in sequences {
            let drawn = TextWidth.drawable(sequence)
            XCTAssertEqual(drawn.unicodeScalars.count, drawn.count, "\(sequence) → \(drawn): one code point a character")
            XCTAssertFalse(drawn.unicodeScalars.contains { $0.value == 0x200D || $0.value == 0xFE0F }, "\(sequence) → \(drawn)")
            XCTAssertEqual(TextWidth.of(sequence), cursesCells(drawn), "\(sequence) → \(drawn)")
            XCTAssertEqual(TextWidth.of("a \(sequence) b"), 4 + cursesCells(drawn), sequence)
        }
        XCTAssertEqual(TextWidth.drawable("🏳️‍🌈"), "🌈")
        XCTAssertEqual(TextWidth.drawable("👩‍👩‍👧 family"), "👩 family")
        XCTAssertEqual(TextWidth.drawable("🇰🇷"), "KR")
        XCTAssertEqual(TextWidth.drawable("☂️"), "☂")
    }

    func testWidthsAgreeWithWcwidthWhereNoSequenceIsInvolved() {
        for text in ["Café", "밝은 회색", "👩", "🌈", "☂", "☔", "🏳", "⌚", "葛", "𠀋", "ｆｕｌｌ", "e\u{301}", "〿"] {
            XCTAssertEqual(TextWidth.drawable(text), text)
            XCTAssertEqual(TextWidth.of(text), cursesCells(text), text)
        }
    }

    /// Fitting and wrapping measure what is drawn: a line never passes its width.
    func testFitAndWrapNeverPassTheWidth() {
        let name = "🏳️‍🌈 pride 👩‍👩‍👧 scarf 🇰🇷"
        for width in 2...30 {
            XCTAssertEqual(cursesCells(TextWidth.drawable(TextWidth.fit(name, width))), width, "\(width)")
            for line in TextWidth.wrap(name, width: width) {
                XCTAssertLessThanOrEqual(cursesCells(TextWidth.drawable(line)), width, "\(width): \(line)")
            }
        }
    }
}
