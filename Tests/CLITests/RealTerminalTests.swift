import Foundation
import Imaging
import TestSupport
import XCTest

/// closet in real terminals under Xvfb, seen as a person sees them: screenshots (PNG, kept in
/// `.build/screenshots/`) must show each photo's colour in real pixels. Runs when Xvfb, xwd and the
/// terminal are installed (`make test-all` installs them).
final class RealTerminalTests: XCTestCase {
    /// Garment colours away from the 256-colour cube and grey ramp: half blocks cannot come within the tolerance.
    static let colours: [(UInt8, UInt8, UInt8)] = [(200, 60, 40), (40, 110, 190), (60, 150, 70), (225, 185, 50)]
    static let tolerance = 12

    var display: Process?

    override func tearDown() {
        display?.terminate()
        display?.waitUntilExit()
    }

    func require(_ programs: [String]) throws {
        try Requirement.programs(programs.map { "/usr/bin/\($0)" }, install: "make test-all installs xvfb, xterm, kitty and x11-apps")
    }

    /// Starts Xvfb on a free display; its name.
    func startDisplay() throws -> String {
        for _ in 0..<20 {
            let n = Int.random(in: 60...250)
            guard !FileManager.default.fileExists(atPath: "/tmp/.X\(n)-lock") else { continue }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/Xvfb")
            process.arguments = [":\(n)", "-screen", "0", "1100x760x24", "-nolisten", "tcp"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            for _ in 0..<50 where !FileManager.default.fileExists(atPath: "/tmp/.X11-unix/X\(n)") { Thread.sleep(forTimeInterval: 0.1) }
            if process.isRunning { display = process; return ":\(n)" }
        }
        throw Requirement.missing("no free X display")
    }

    func wardrobe(_ dir: TemporaryDirectory) throws -> URL {
        let closet = ClosetProcess.withoutModel(in: dir)
        for (n, colour) in Self.colours.enumerated() {
            let photo = try dir.write(
                "p\(n).png", ImageEncoder.png(SyntheticPhoto.garment(width: 240, height: 320, color: colour, seed: UInt32(n + 1), noise: 0))
            )
            XCTAssertEqual(try closet.run(["add", photo.path, "--category", "shortSleeve", "--name", "Tee \(n)"]).status, 0)
        }
        return closet.wardrobe
    }

    func environment(display: String) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for key in ["NO_COLOR", "TMUX", "CLOSET_GRAPHICS", "COLORTERM", "KITTY_WINDOW_ID", "LC_ALL", "LC_MESSAGES", "CLOSET_HOME"] {
            env[key] = nil
        }
        env["DISPLAY"] = display
        env["LANG"] = "C.UTF-8"
        env["CLOSET_MODEL"] = "none"
        return env
    }

    func screenshot(display: String, name: String) throws -> RGBImage? {
        let xwd = Process()
        xwd.executableURL = URL(fileURLWithPath: "/usr/bin/xwd")
        xwd.arguments = ["-root", "-silent", "-display", display]
        let pipe = Pipe()
        xwd.standardOutput = pipe
        try xwd.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        xwd.waitUntilExit()
        guard let image = XWindowDump.read(data) else { return nil }
        let folder = ClosetProcess.executable.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("screenshots")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? ImageEncoder.png(image).write(to: folder.appendingPathComponent(name + ".png"))
        print("screenshot: \(folder.appendingPathComponent(name + ".png").path)")
        return image
    }

    /// Pixels within the tolerance of each colour.
    func matches(_ image: RGBImage) -> [Int] {
        Self.colours.map { c in
            var n = 0
            for i in stride(from: 0, to: image.pixels.count, by: 3) {
                if abs(Int(image.pixels[i]) - Int(c.0)) <= Self.tolerance && abs(Int(image.pixels[i + 1]) - Int(c.1)) <= Self.tolerance
                    && abs(Int(image.pixels[i + 2]) - Int(c.2)) <= Self.tolerance
                {
                    n += 1
                }
            }
            return n
        }
    }

    /// Pixels of a shaded picture: dark, with all four neighbours light. A terminal without colour (a vt220
    /// xterm) draws each photo as a field of shade characters, a checkerboard of such pixels; a blank screen has
    /// none, and the terminal's text few (a glyph's strokes touch).
    static func shaded(_ image: RGBImage) -> Int {
        func dark(_ x: Int, _ y: Int) -> Bool {
            let i = 3 * (y * image.width + x)
            return Int(image.pixels[i]) + Int(image.pixels[i + 1]) + Int(image.pixels[i + 2]) < 3 * 96
        }
        var n = 0
        for y in 1..<max(1, image.height - 1) {
            for x in 1..<max(1, image.width - 1) where dark(x, y) {
                if !dark(x - 1, y) && !dark(x + 1, y) && !dark(x, y - 1) && !dark(x, y + 1) { n += 1 }
            }
        }
        return n
    }

    /// Runs closet in `terminal` and screenshots the display until `ready` holds for what it shows (the photos
    /// drawn), polling every fifth of a second up to `timeout`; the last screenshot (nil if none was read).
    func shoot(
        _ terminal: [String], name: String, extraEnvironment: [String: String] = [:], timeout: TimeInterval = 20,
        wardrobe make: ((TemporaryDirectory) throws -> URL)? = nil, until ready: (RGBImage) -> Bool
    ) throws -> RGBImage? {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let folder = try make?(dir) ?? wardrobe(dir)
        let display = try startDisplay()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: terminal[0])
        process.arguments = Array(terminal.dropFirst()) + ["-e", ClosetProcess.executable.path, "--wardrobe", folder.path]
        process.environment = environment(display: display).merging(extraEnvironment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        var last: RGBImage?
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard process.isRunning else { throw Requirement.missing("\(terminal[0]) did not start on Xvfb") }
            if let image = try screenshot(display: display, name: name) {
                last = image
                if ready(image) { break }
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return last
    }

    func testXtermVT340ShowsSixelThumbnailsInThePhotosColours() throws {
        try require(["Xvfb", "xwd", "xterm"])
        let image = try shoot(
            ["/usr/bin/xterm", "-ti", "vt340", "-xrm", "XTerm*numColorRegisters: 256", "-geometry", "110x34"], name: "xterm-vt340-sixel"
        ) { self.matches($0).allSatisfy { $0 > 2000 } }
        let counts = try XCTUnwrap(image.map(matches), "no screenshot")
        // Each garment covers thousands of pixels in its own colour: real pixels, not the 256-colour cube.
        for (colour, count) in zip(Self.colours, counts) { XCTAssertGreaterThan(count, 2000, "colour \(colour)") }
    }

    func testKittyShowsThumbnailsInThePhotosColours() throws {
        try require(["Xvfb", "xwd", "kitty"])
        let image = try shoot(
            ["/usr/bin/kitty", "-o", "initial_window_width=1080", "-o", "initial_window_height=740"], name: "kitty",
            extraEnvironment: ["LIBGL_ALWAYS_SOFTWARE": "1"]
        ) { self.matches($0).allSatisfy { $0 > 2000 } }
        let counts = try XCTUnwrap(image.map(matches), "no screenshot")
        for (colour, count) in zip(Self.colours, counts) { XCTAssertGreaterThan(count, 2000, "colour \(colour)") }
    }

    func testAPlainXtermShowsHalfBlocksNotThePhotosExactColours() throws {
        // The control: without Sixel or colour (a vt220 xterm), the same photos are shaded cells, never their colours.
        // It used to assert only that some colour was missing, which a blank screen passes too: now the pictures
        // must be on the screen (thousands of shaded pixels) before their colours are judged.
        try require(["Xvfb", "xwd", "xterm"])
        let image = try shoot(["/usr/bin/xterm", "-ti", "vt220", "-geometry", "110x34"], name: "xterm-vt220-blocks") {
            Self.shaded($0) > Self.shadedPicturePixels
        }
        let screenshot = try XCTUnwrap(image, "no screenshot")
        XCTAssertGreaterThan(Self.shaded(screenshot), Self.shadedPicturePixels, "the four pictures are on the screen, shaded")
        let counts = matches(screenshot)
        XCTAssertTrue(counts.allSatisfy { $0 < 200 }, "a vt220 xterm cannot show the photos' exact colours: \(counts)")
    }

    /// Shaded pixels the pictures must make: more than three pictures' worth (the four made 5,118 here).
    static let shadedPicturePixels = 4000
}
