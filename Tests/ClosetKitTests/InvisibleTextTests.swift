import ClosetKit
import Foundation
import TestSupport
import XCTest

/// Characters a terminal shows as nothing are printed escaped, as the controls are: a name cannot hide text.
final class InvisibleTextTests: XCTestCase {
    func testInvisibleCharactersAreEscapedAsTheControlsAre() {
        XCTAssertEqual(SafeText.escaped("Red\u{200B}tee"), "Red\\u{200b}tee")
        XCTAssertEqual(SafeText.escaped("\u{FEFF}Coat"), "\\u{feff}Coat")
        XCTAssertEqual(SafeText.escaped("soft\u{00AD}hyphen"), "soft\\u{ad}hyphen")
        for scalar: UInt32 in [0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029, 0x2060, 0x2061, 0x2064, 0x061C, 0x180E, 0x3164, 0xE0041] {
            let text = "a" + String(Unicode.Scalar(scalar)!) + "b"
            XCTAssertEqual(SafeText.escaped(text), "a\\u{\(String(scalar, radix: 16))}b", String(scalar, radix: 16))
        }
        // Newlines kept on request stay; the invisible ones around them do not.
        XCTAssertEqual(SafeText.escaped("a\n\u{200B}", keepNewlines: true), "a\n\\u{200b}")
        // What shows stays as it is: accents, Hangul (composed or in jamo), variation selectors, emoji built
        // with joiners and tags.
        for visible in [
            "Café", "밝은 회색", "\u{1100}\u{1161}\u{11A8}", "☂️", "🏳️‍🌈", "👩‍👩‍👧", "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
            "葛\u{E0100}",
        ] {
            XCTAssertEqual(SafeText.escaped(visible), visible)
        }
    }

    /// `closet list` escapes them in a name; `classify` escapes a file name's newline.
    func testListAndClassifyPrintThemEscaped() throws {
        let dir = TemporaryDirectory()
        let closet = ClosetProcess.withoutModel(in: dir)
        for name in ["Red\u{200B}tee", "\u{FEFF}Coat", "soft\u{00AD}scarf"] {
            XCTAssertEqual(try closet.run(["add", "--no-photo", "--category", "coat", "--name", name]).status, 0)
        }
        let list = try closet.run(["list"])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("Red\\u{200b}tee"), list.stdout)
        XCTAssertTrue(list.stdout.contains("\\u{feff}Coat"), list.stdout)
        XCTAssertTrue(list.stdout.contains("soft\\u{ad}scarf"), list.stdout)
        for scalar in ["\u{200B}", "\u{FEFF}", "\u{00AD}"] { XCTAssertFalse(list.stdout.contains(scalar), list.stdout) }
        // JSON stays exact.
        XCTAssertTrue(try closet.run(["list", "--json"]).stdout.contains("Red\u{200B}tee"))

        let photo = dir.path("line\nbreak\u{200B}.png")
        let pixels = (0..<(32 * 32)).flatMap { _ in [40, 60, 200] }
        try PNGWriter.png(width: 32, height: 32, colorType: .rgb, samples: pixels).write(to: photo)
        let broken = dir.path("not\nan image.jpg")
        try Data("not a photo".utf8).write(to: broken)
        let classify = try ClosetProcess(wardrobe: dir.path("w")).run(["classify", "--no-personal", photo.path, broken.path])
        XCTAssertEqual(classify.status, 65, classify.stderr)
        XCTAssertTrue(classify.stdout.contains("line^Jbreak\\u{200b}.png: "), classify.stdout)
        XCTAssertEqual(classify.stdout.split(separator: "\n").count, 1, classify.stdout)
        XCTAssertTrue(classify.stderr.contains("not^Jan image.jpg"), classify.stderr)
        XCTAssertFalse(classify.stderr.contains("not\nan"), classify.stderr)
    }
}
