import Foundation
import Imaging
import TestSupport
import XCTest

/// closet on a pseudo-terminal that answers as kitty, as a Sixel terminal, as a plain one, or not at
/// all: the right protocol's bytes are written, a picture is sent once while the cursor moves, and
/// a plain terminal gets nothing but half blocks.
final class GraphicsTerminalTests: XCTestCase {
    let esc = "\u{1B}"

    /// A wardrobe of four photographed items.
    func wardrobe(_ dir: TemporaryDirectory) throws -> URL {
        let closet = ClosetProcess.withoutModel(in: dir)
        let colours: [(UInt8, UInt8, UInt8)] = [(200, 30, 40), (30, 60, 160), (40, 140, 60), (230, 200, 60)]
        for (n, colour) in colours.enumerated() {
            let photo = try dir.write(
                "p\(n).jpg",
                ImageEncoder.jpeg(SyntheticPhoto.garment(width: 240, height: 320, color: colour, seed: UInt32(n + 1)), quality: 90))
            XCTAssertEqual(try closet.run(["add", photo.path, "--category", "shortSleeve", "--name", "Tee \(n)"]).status, 0)
        }
        return closet.wardrobe
    }

    /// Moves around the grid: into it, right, right, left, down, up; then marks the selected item (Space) and
    /// waits for the header's "1 marked". Keys are handled in order, so once that is drawn every move before it
    /// has been drawn too (no fixed pause per key).
    func browse(_ terminal: FakeTerminal, file: StaticString = #filePath, line: UInt = #line) {
        for key in ["\t", "l", "l", "h", "j", "k"] { terminal.type(key) }
        settle(terminal, file: file, line: line)
    }

    /// Types Space (mark the selection) and waits until closet has drawn it: everything typed before is handled.
    func settle(_ terminal: FakeTerminal, file: StaticString = #filePath, line: UInt = #line) {
        let marks = terminal.count(of: " marked")
        terminal.type(" ")
        XCTAssertTrue(terminal.wait { _ in terminal.count(of: " marked") > marks }, "the mark was never drawn", file: file, line: line)
    }

    /// Waits for the grid drawn in half blocks.
    func waitForHalfBlocks(_ terminal: FakeTerminal) -> Bool {
        terminal.wait { _ in terminal.count(of: "Tee 3") > 0 && terminal.count(of: "▀") > 50 }
    }

    func quit(_ terminal: FakeTerminal) {
        terminal.type("q")
        XCTAssertEqual(terminal.finish(), 0)
    }

    func testKittyGetsEachPictureOnceAsPlaceholderCells() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let terminal = try FakeTerminal.closet(.kitty, wardrobe: try wardrobe(dir))
        XCTAssertTrue(terminal.wait { _ in terminal.count(of: "a=T,f=24") >= 4 && terminal.count(of: "Tee 3") > 0 }, "no kitty pictures")
        // Transmitted with a virtual placement, shown as U+10EEEE cells with row/column diacritics.
        XCTAssertEqual(terminal.count(of: ",U=1,"), 4)
        XCTAssertGreaterThan(terminal.count(of: "\u{10EEEE}\u{0305}\u{0305}"), 3, "the top-left cell of each picture")
        XCTAssertEqual(terminal.count(of: "\(esc)P0;1;0q"), 0, "no Sixel")
        let sent = terminal.count(of: "a=T,f=24")
        browse(terminal)
        XCTAssertEqual(terminal.count(of: "a=T,f=24"), sent, "a picture on screen is never sent again")
        XCTAssertEqual(terminal.count(of: "a=d,"), 0)
        quit(terminal)
    }

    func testOldKittyPlacesPicturesAtTheirCellsOnce() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let terminal = try FakeTerminal.closet(.oldKitty, wardrobe: try wardrobe(dir))
        XCTAssertTrue(terminal.wait { _ in terminal.count(of: "a=p,") >= 4 }, "no placements")
        XCTAssertEqual(terminal.count(of: "a=t,f=24"), 4)
        XCTAssertEqual(terminal.count(of: "\u{10EEEE}"), 0, "no placeholders for kitty 0.26")
        let (sent, placed) = (terminal.count(of: "a=t,f=24"), terminal.count(of: "a=p,"))
        browse(terminal)
        XCTAssertEqual(terminal.count(of: "a=t,f=24"), sent)
        XCTAssertEqual(terminal.count(of: "a=p,"), placed, "moving the cursor places nothing again")
        // The category picker covers pictures: they are taken away, and placed again when it closes.
        terminal.type("c")
        XCTAssertTrue(terminal.wait { _ in terminal.count(of: "a=d,d=i,") > 0 }, "the picker took no picture away")
        terminal.type("\(esc)")
        XCTAssertTrue(terminal.wait { _ in terminal.count(of: "a=p,") > placed }, "nothing placed again when the picker closed")
        quit(terminal)
    }

    func testSixelTerminalGetsSixelPicturesDrawnOnceWhileTheCursorMoves() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let terminal = try FakeTerminal.closet(.sixel, wardrobe: try wardrobe(dir))
        XCTAssertTrue(terminal.wait { _ in terminal.count(of: "\(esc)P0;1;0q") >= 4 }, "no Sixel pictures")
        XCTAssertEqual(terminal.count(of: "\(esc)_Ga="), 0, "no kitty")
        // Tab gives the sidebar the keys and l gives them back to the grid: the line between the panes changes
        // (heavy, then light) on the pictures' rows, and curses may write from it across the blanks to a picture,
        // so those are drawn again once. Moving the cursor after that draws none again.
        for key in ["\t", "l"] { terminal.type(key) }
        settle(terminal)
        let drawn = terminal.count(of: "\(esc)P0;1;0q")
        for key in ["l", "h", "j", "k"] { terminal.type(key) }
        settle(terminal)
        XCTAssertEqual(terminal.count(of: "\(esc)P0;1;0q"), drawn, "moving the cursor wrote over no picture")
        quit(terminal)
    }

    func testAPlainTerminalGetsOnlyHalfBlocks() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let terminal = try FakeTerminal.closet(.plain, wardrobe: try wardrobe(dir))
        XCTAssertTrue(waitForHalfBlocks(terminal), "no half blocks")
        browse(terminal)
        XCTAssertEqual(terminal.count(of: "\(esc)_Ga="), 0)
        XCTAssertEqual(terminal.count(of: "\(esc)P0;1;0q"), 0)
        XCTAssertEqual(terminal.count(of: "\u{10EEEE}"), 0)
        quit(terminal)
    }

    func testTrueColourWhenTheTerminalSaysSoThoughItsEntryHas256() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let folder = try wardrobe(dir)
        // COLORTERM=truecolor on xterm-256color: the photos' half blocks in 24-bit colour.
        let direct = try FakeTerminal.closet(.plain, wardrobe: folder, environment: ["COLORTERM": "truecolor"])
        XCTAssertTrue(waitForHalfBlocks(direct))
        XCTAssertGreaterThan(direct.count(of: "\(esc)[38;2;"), 50)
        XCTAssertEqual(direct.count(of: "\(esc)[38;5;"), 0)
        quit(direct)
        // Without it: the 256-colour cube.
        let cube = try FakeTerminal.closet(.plain, wardrobe: folder)
        XCTAssertTrue(waitForHalfBlocks(cube))
        XCTAssertEqual(cube.count(of: "\(esc)[38;2;"), 0)
        XCTAssertGreaterThan(cube.count(of: "\(esc)[38;5;"), 50)
        quit(cube)
    }

    func testA256ColourTerminalThatCanRedefineColoursGetsAPaletteMadeForThePhotos() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let folder = try wardrobe(dir)
        let terminal = try FakeTerminal.closet(.plain, wardrobe: folder)
        XCTAssertTrue(waitForHalfBlocks(terminal))
        // Colours 16…255 redefined (OSC 4) for the photos: each garment's colour is among them (waited for: the
        // definitions may follow the first frame).
        let garments = [(200, 30, 40), (30, 60, 160), (40, 140, 60), (230, 200, 60)]
        func near(_ colour: (Int, Int, Int)) -> ((Int, Int, Int)) -> Bool {
            { abs($0.0 - colour.0) <= 16 && abs($0.1 - colour.1) <= 16 && abs($0.2 - colour.2) <= 16 }
        }
        terminal.wait { _ in
            let defined = Self.paletteEntries(terminal.output)
            return defined.count > 20 && garments.allSatisfy { defined.contains(where: near($0)) }
        }
        let defined = Self.paletteEntries(terminal.output)
        XCTAssertGreaterThan(defined.count, 20)
        for colour in garments { XCTAssertTrue(defined.contains(where: near(colour)), "no entry near \(colour)") }
        quit(terminal)
        XCTAssertGreaterThan(terminal.count(of: "\(esc)]104"), 0, "the terminal's own colours back at exit")
        // CLOSET_PALETTE=fixed keeps the cube.
        let fixed = try FakeTerminal.closet(.plain, wardrobe: folder, environment: ["CLOSET_PALETTE": "fixed"])
        XCTAssertTrue(waitForHalfBlocks(fixed))
        XCTAssertEqual(fixed.count(of: "\(esc)]4;"), 0)
        quit(fixed)
    }

    /// The colours 16…255 the output redefines (OSC 4 `rgb:` entries), in order.
    static func paletteEntries(_ output: [UInt8]) -> [(Int, Int, Int)] {
        var defined: [(Int, Int, Int)] = []
        for part in String(decoding: output, as: UTF8.self).components(separatedBy: "\u{1B}]4;").dropFirst() {
            let fields = part.prefix(32).split(separator: ";", maxSplits: 1)
            guard fields.count == 2, let n = Int(fields[0]), (16...255).contains(n), fields[1].hasPrefix("rgb:") else { continue }
            let hex = fields[1].dropFirst(4).prefix(8).split(separator: "/").compactMap { Int($0.prefix(2), radix: 16) }
            if hex.count == 3 { defined.append((hex[0], hex[1], hex[2])) }
        }
        return defined
    }

    /// How long closet waits for a terminal that never answers is a figure, not a test: `closet bench tui-query`.
    func testASilentOrLateTerminalLeavesHalfBlocksAndNoStrayKeys() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let folder = try wardrobe(dir)
        // Silent: closet waits about a second, then draws half blocks.
        let silent = try FakeTerminal.closet(.silent, wardrobe: folder)
        XCTAssertTrue(silent.wait(timeout: 30) { _ in silent.count(of: "Tee 3") > 0 }, "it never started")
        XCTAssertEqual(silent.count(of: "\(esc)_Ga="), 0)
        quit(silent)
        // Late: the answer (with its "?") arrives after closet stopped waiting; it is not taken for keys.
        let late = try FakeTerminal.closet(.late(1.6), wardrobe: folder)
        XCTAssertTrue(late.wait(timeout: 30) { _ in late.count(of: "Tee 3") > 0 })
        // Once the answer is sent, a mark drawn after it means closet has read the answer's bytes as well.
        XCTAssertTrue(late.wait(timeout: 30) { _ in late.answered }, "the late answer was never sent")
        settle(late)
        XCTAssertEqual(late.count(of: "Keys here"), 0, "the late answer's ? opened help")
        XCTAssertEqual(late.count(of: "\(esc)_Ga="), 0)
        quit(late)
    }
}
