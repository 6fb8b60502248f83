import XCTest

@testable import ClosetTUI

/// The bytes terminals send for keys, and the keys ``KeyDecoder`` makes of them.
final class KeyDecoderTests: XCTestCase {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    func check(_ table: [(String, [Key])], file: StaticString = #filePath, line: UInt = #line) {
        for (input, keys) in table {
            XCTAssertEqual(KeyDecoder.keys(bytes(input)), keys, input.debugDescription, file: file, line: line)
        }
    }

    func testCursorKeysInTheirCSIAndSS3Forms() {
        check([
            ("\u{1B}[A", [.up]), ("\u{1B}[B", [.down]), ("\u{1B}[C", [.right]), ("\u{1B}[D", [.left]),
            ("\u{1B}OA", [.up]), ("\u{1B}OB", [.down]), ("\u{1B}OC", [.right]), ("\u{1B}OD", [.left]),
            ("\u{1B}[H", [.home]), ("\u{1B}[F", [.end]), ("\u{1B}OH", [.home]), ("\u{1B}OF", [.end]),
            ("\u{1B}[1~", [.home]), ("\u{1B}[4~", [.end]), ("\u{1B}[7~", [.home]), ("\u{1B}[8~", [.end]),
            ("\u{1B}[5~", [.pageUp]), ("\u{1B}[6~", [.pageDown]), ("\u{1B}[3~", [.delete]), ("\u{1B}[Z", [.backTab]),
            ("\u{1B}OM", [.enter]),
        ])
    }

    func testFunctionKeys() {
        check([
            ("\u{1B}OP", [.function(1)]), ("\u{1B}OQ", [.function(2)]), ("\u{1B}OR", [.function(3)]), ("\u{1B}OS", [.function(4)]),
            ("\u{1B}[11~", [.function(1)]), ("\u{1B}[12~", [.function(2)]), ("\u{1B}[15~", [.function(5)]),
            ("\u{1B}[17~", [.function(6)]), ("\u{1B}[21~", [.function(10)]), ("\u{1B}[23~", [.function(11)]),
            ("\u{1B}[24~", [.function(12)]), ("\u{1B}[1;2Q", [.function(2)]),
        ])
        XCTAssertEqual(Terminal.alias(.function(2)), .ctrl("s"), "F2 saves")
        XCTAssertEqual(Terminal.alias(.function(5)), .function(5))
    }

    func testModifiersLeaveTheKeyAsItIs() {
        check([
            ("\u{1B}[1;5A", [.up]), ("\u{1B}[1;2B", [.down]), ("\u{1B}[1;3C", [.right]), ("\u{1B}[1;6D", [.left]),
            ("\u{1B}[5;5~", [.pageUp]), ("\u{1B}[3;2~", [.delete]), ("\u{1B}[1;5H", [.home]),
        ])
    }

    func testControlAndPlainKeys() {
        check([
            ("\t", [.tab]), ("\r", [.enter]), ("\n", [.enter]), ("\u{7F}", [.backspace]), ("\u{08}", [.backspace]),
            ("\u{03}", [.ctrl("c")]), ("\u{13}", [.ctrl("s")]), ("\u{01}", [.ctrl("a")]), ("\u{15}", [.ctrl("u")]),
            ("q?/ ", [.char("q"), .char("?"), .char("/"), .char(" ")]),
        ])
    }

    func testMouseReports() {
        check([
            ("\u{1B}[<0;10;5M", [.mouse(MouseEvent(.press, x: 9, y: 4))]),
            ("\u{1B}[<0;10;5m", []),  // the release
            ("\u{1B}[<64;1;1M", [.mouse(MouseEvent(.wheelUp, x: 0, y: 0))]),
            ("\u{1B}[<65;120;40M", [.mouse(MouseEvent(.wheelDown, x: 119, y: 39))]),
            ("\u{1B}[<16;3;3M", [.mouse(MouseEvent(.press, x: 2, y: 2))]),  // Ctrl-click
            ("\u{1B}[<2;3;3M", []), ("\u{1B}[<32;3;3M", []),  // right button, motion
            ("\u{1B}[M !!", [.mouse(MouseEvent(.press, x: 0, y: 0))]),  // X10's form
        ])
    }

    func testALoneEscAndEscBeforeOtherKeys() {
        check([
            ("\u{1B}", [.escape]),
            ("\u{1B}g", [.escape, .char("g")]),
            ("\u{1B}\u{1B}", [.escape, .escape]),
            ("\u{1B}\u{1B}[A", [.escape, .up]),
            ("\u{1B}/", [.escape, .char("/")]),
        ])
        var decoder = KeyDecoder()
        decoder.feed([0x1B])
        XCTAssertNil(decoder.next(), "more may come")
        XCTAssertTrue(decoder.isPending)
        XCTAssertEqual(decoder.next(final: true), .escape, "nothing came in time")
        XCTAssertFalse(decoder.isPending)
    }

    func testTerminalRepliesAreSwallowed() {
        check([
            ("\u{1B}[?62;4;22c", []),  // DA1
            ("\u{1B}[?62;4;22cq", [.char("q")]),
            ("\u{1B}[8;40;120t", []),  // window size
            ("\u{1B}[?2;0;1000;800S", []),  // sixel geometry
            ("\u{1B}_Gi=31;OK\u{1B}\\", []),  // kitty's answer
            ("\u{1B}_Gi=31;OK\u{1B}\\j", [.char("j")]),
            ("\u{1B}P1+r544e\u{1B}\\", []),  // XTGETTCAP
            ("\u{1B}]11;rgb:0000/0000/0000\u{07}", []),  // OSC, BEL-terminated
            ("\u{1B}[12;40R", []),  // cursor position report
            ("\u{1B}[>1;10;0c", []),  // DA2
        ])
    }

    func testUTF8TextIncludingKorean() {
        check([
            ("é", [.char("é")]), ("한글", [.char("한"), .char("글")]), ("👕", [.char("👕")]),
            ("a코트b", [.char("a"), .char("코"), .char("트"), .char("b")]),
        ])
        XCTAssertEqual(KeyDecoder.keys([0xFF, 0x61, 0x80, 0xC3]), [.char("a")], "bytes that are no text are dropped")
        XCTAssertEqual(KeyDecoder.keys([0xED, 0xA0, 0x80]), [], "an encoded surrogate is no character")
    }

    func testSequencesSplitAcrossReadsAndTruncated() {
        // Korean "한" (ED 95 9C) and an arrow, a byte at a time: nothing until each is whole.
        var decoder = KeyDecoder()
        var keys: [Key] = []
        for byte in bytes("한\u{1B}[1;5A\u{1B}_Gi=1;OK\u{1B}\\x") {
            decoder.feed([byte])
            while let key = decoder.next() { keys.append(key) }
        }
        XCTAssertEqual(keys, [.char("한"), .up, .char("x")])
        // Cut short, with nothing more coming: Esc, then what followed as keys; a broken character is dropped.
        check([
            ("\u{1B}[", [.escape, .char("[")]),
            ("\u{1B}[1;5", [.escape, .char("["), .char("1"), .char(";"), .char("5")]),
            ("\u{1B}O", [.escape, .char("O")]),
            ("\u{1B}_Gi=1", [.escape, .char("_"), .char("G"), .char("i"), .char("="), .char("1")]),
        ])
        XCTAssertEqual(KeyDecoder.keys([0xED, 0x95]), [])
        var waiting = KeyDecoder()
        waiting.feed([0xED, 0x95])
        XCTAssertNil(waiting.next(), "the rest of the character may still come")
        waiting.feed([0x9C])
        XCTAssertEqual(waiting.next(), .char("한"))
    }
}
