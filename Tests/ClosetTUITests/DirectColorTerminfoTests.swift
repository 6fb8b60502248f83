import Foundation
import TestSupport
import XCTest

@testable import ClosetTUI

final class DirectColorTerminfoTests: XCTestCase {
    func testOnlyAPlainTerminalNameWithCOLORTERMAsksForDirectColour() {
        XCTAssertEqual(DirectColorTerminfo.wanted(["COLORTERM": "truecolor", "TERM": "xterm-256color"]), "xterm-256color")
        XCTAssertEqual(DirectColorTerminfo.wanted(["COLORTERM": "24bit", "TERM": "tmux-256color"]), "tmux-256color")
        XCTAssertNil(DirectColorTerminfo.wanted(["TERM": "xterm-256color"]))
        XCTAssertNil(DirectColorTerminfo.wanted(["COLORTERM": "truecolor", "TERM": "xterm-direct"]), "already direct")
        XCTAssertNil(DirectColorTerminfo.wanted(["COLORTERM": "truecolor", "TERM": "xterm-256color", "NO_COLOR": "1"]))
        // Hostile names never reach tic's source text.
        for bad in ["x,\n\tuse=evil", "../../etc/x", "a b", "", "dumb", String(repeating: "x", count: 65)] {
            XCTAssertNil(DirectColorTerminfo.wanted(["COLORTERM": "truecolor", "TERM": bad]), bad)
        }
    }

    func testTheCompiledEntryHasDirectColourAndTheTermEntrysKeys() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/infocmp") else { throw Requirement.missing("infocmp is missing") }
        let compiled = try XCTUnwrap(DirectColorTerminfo.compile(["COLORTERM": "truecolor", "TERM": "xterm-256color"]))
        defer { try? FileManager.default.removeItem(at: compiled.folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/infocmp")
        process.arguments = ["-x", "-1", compiled.name]
        process.environment = ["TERMINFO": compiled.folder.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertTrue(text.contains("colors#0x1000000"), text)
        XCTAssertTrue(text.contains("RGB,"), text)
        XCTAssertTrue(text.contains("kcuu1=\\EOA"), "the arrow keys come from xterm-256color")
    }

    func testDirectColourNeverSendsTheEightTerminalColoursForAPhoto() {
        XCTAssertEqual(ColorMode.trueColor.color(0, 0, 3), 8)
        XCTAssertEqual(ColorMode.trueColor.color(255, 0, 0), 0xFF0000)
    }
}
