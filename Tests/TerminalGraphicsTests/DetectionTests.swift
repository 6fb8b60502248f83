import XCTest

@testable import TerminalGraphics

final class DetectionTests: XCTestCase {
    let esc = "\u{1B}"

    func replies(_ text: String) -> TerminalReplies { TerminalReplies.parse(Array(text.utf8)) }

    func testKittyAnswersOKAndItsVersionChoosesPlaceholders() {
        let r = replies("\(esc)P>|kitty(0.31.0)\(esc)\\\(esc)_Gi=31;OK\(esc)\\\(esc)[6;20;10t\(esc)[?62;c")
        XCTAssertEqual(r.version, "kitty(0.31.0)")
        XCTAssertEqual(r.kitty, "OK")
        XCTAssertEqual(r.cellPixels, CellPixels(width: 10, height: 20))
        XCTAssertEqual(r.deviceAttributes, [62])
        let support = GraphicsDetection.decide(replies: r, environment: ["TERM": "xterm-kitty"])
        XCTAssertEqual(support.graphics, .kitty)
        XCTAssertTrue(support.placeholders)
        XCTAssertEqual(support.cell, CellPixels(width: 10, height: 20))
    }

    func testOldKittyAndKonsolePlaceByPosition() {
        let old = replies("\(esc)P>|kitty(0.26.5)\(esc)\\\(esc)_Gi=31;OK\(esc)\\\(esc)[?62;c")
        XCTAssertFalse(GraphicsDetection.decide(replies: old, environment: [:]).placeholders)
        XCTAssertEqual(GraphicsDetection.decide(replies: old, environment: [:]).graphics, .kitty)
        let konsole = replies("\(esc)P>|Konsole 23.08\(esc)\\\(esc)_Gi=31;OK\(esc)\\\(esc)[?62;22c")
        XCTAssertFalse(GraphicsDetection.decide(replies: konsole, environment: [:]).placeholders)
    }

    func testDA1WithFourMeansSixelWithoutMeansBlocks() {
        let xterm = replies("\(esc)P>|XTerm(379)\(esc)\\\(esc)[?1;0;16S\(esc)[?63;1;2;4;6;9;15;16;22;28c")
        XCTAssertTrue(xterm.hasSixel)
        XCTAssertEqual(xterm.colorRegisters, 16)
        XCTAssertEqual(GraphicsDetection.decide(replies: xterm, environment: [:]).graphics, .sixel)
        XCTAssertEqual(GraphicsDetection.decide(replies: xterm, environment: [:]).colorRegisters, 16)
        let plain = replies("\(esc)[?64;1;2;6;9;15;18;21;22c")
        XCTAssertFalse(plain.hasSixel)
        XCTAssertEqual(GraphicsDetection.decide(replies: plain, environment: [:]).graphics, .blocks)
        // The first parameter is the terminal class, not a feature: "?4;…" is not Sixel.
        XCTAssertFalse(replies("\(esc)[?4;6c").hasSixel)
    }

    func testSilenceAndGarbageLeaveBlocks() {
        // Silence: no DA1, so the probe gives nil.
        XCTAssertEqual(GraphicsDetection.decide(replies: nil, environment: ["TERM": "xterm-kitty"]).graphics, .blocks)
        // Garbage, a cut-off sequence and an unrelated APC: nothing complete, nothing believed.
        let garbage = replies("abc\(esc)[?zz\u{7}\(esc)_Gi=7;OK\(esc)\\\(esc)[6;0;99999t\(esc)P>|")
        XCTAssertFalse(garbage.isComplete)
        XCTAssertNil(garbage.kitty)
        XCTAssertNil(garbage.cellPixels)
        XCTAssertEqual(GraphicsDetection.decide(replies: garbage, environment: [:]).graphics, .blocks)
        // Random bytes never crash the parser and never invent a protocol.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0..<64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let r = TerminalReplies.parse(bytes)
            XCTAssertNotEqual(r.kitty, "OK")
        }
    }

    func testAnswersSplitAcrossReadsAreParsedWhenWhole() {
        let whole = Array("\(esc)_Gi=31;OK\(esc)\\\(esc)[?62;4c".utf8)
        for cut in 1..<whole.count {
            let partial = TerminalReplies.parse(Array(whole[..<cut]))
            XCTAssertFalse(partial.isComplete && partial.kitty == nil && cut < 12, "cut at \(cut)")
        }
        XCTAssertEqual(TerminalReplies.parse(whole).kitty, "OK")
    }

    func testAnExplicitChoiceWinsAndBadWordsAreErrors() throws {
        XCTAssertEqual(try GraphicsDetection.requested(environment: ["CLOSET_GRAPHICS": "sixel"], profile: "kitty"), .sixel)
        XCTAssertEqual(try GraphicsDetection.requested(environment: [:], profile: "Blocks"), .blocks)
        XCTAssertNil(try GraphicsDetection.requested(environment: ["CLOSET_GRAPHICS": "auto"], profile: nil))
        XCTAssertThrowsError(try GraphicsDetection.requested(environment: ["CLOSET_GRAPHICS": "iterm"], profile: nil))
        let forced = GraphicsDetection.decide(replies: nil, environment: [:], requested: .kitty)
        XCTAssertEqual(forced.graphics, .kitty)
        XCTAssertTrue(forced.placeholders)
    }

    func testInsideTmuxKittyNeedsPassthrough() {
        let tmux = replies("\(esc)P>|tmux 3.3a\(esc)\\\(esc)[?1;2c")
        let env = ["TMUX": "/tmp/tmux-0/default,1,0", "KITTY_WINDOW_ID": "1", "TERM": "tmux-256color"]
        let off = GraphicsDetection.decide(replies: tmux, environment: env, tmuxPassthrough: false)
        XCTAssertEqual(off.graphics, .blocks)
        XCTAssertNotNil(off.note)
        let on = GraphicsDetection.decide(replies: tmux, environment: env, tmuxPassthrough: true)
        XCTAssertEqual(on.graphics, .kitty)
        XCTAssertTrue(on.placeholders && on.inTmux)
        // tmux built with Sixel says so in DA1: Sixel for single pictures, half blocks for the grid.
        let sixelTmux = GraphicsDetection.decide(replies: replies("\(esc)P>|tmux 3.4\(esc)\\\(esc)[?1;2;4c"), environment: ["TMUX": "x"])
        XCTAssertEqual(sixelTmux.graphics, .sixel)
        XCTAssertFalse(sixelTmux.manyPictures)
        XCTAssertTrue(GraphicsDetection.decide(replies: replies("\(esc)[?62;4c"), environment: [:]).manyPictures)
        // Without a kitty window behind it, tmux stays on blocks.
        XCTAssertEqual(GraphicsDetection.decide(replies: tmux, environment: ["TMUX": "x"], tmuxPassthrough: true).graphics, .blocks)
    }

    func testQueriesEndWithDA1AndWrapKittyInTmux() {
        let plain = String(decoding: GraphicsDetection.queries(inTmux: false), as: UTF8.self)
        XCTAssertTrue(plain.hasSuffix("\(esc)[c"))
        XCTAssertTrue(plain.contains("\(esc)_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\(esc)\\"))
        let tmux = String(decoding: GraphicsDetection.queries(inTmux: true), as: UTF8.self)
        XCTAssertTrue(tmux.contains("\(esc)Ptmux;\(esc)\(esc)_Gi=31"))
    }
}
