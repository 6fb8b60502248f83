import ClosetKit
import Cutouts
import Foundation
import Imaging
import Segmenter
import TestSupport
import XCTest

/// Cut-outs as a person sees them, on the three graphics paths: closet on a pseudo-terminal that answers as kitty
/// and as a Sixel terminal (the picture bytes sent are decoded), in tmux in half blocks, and in a real xterm under
/// Xvfb (a screenshot). The photos are a red garment on a green "bed", each with a stored mask of the garment:
/// the bed must be gone and the backdrop there, and with `closet profile --backdrop photo` the bed is back.
final class CutoutTerminalTests: XCTestCase {
    let esc = "\u{1B}"
    static let bed: (UInt8, UInt8, UInt8) = (30, 150, 50)
    static let garment: (UInt8, UInt8, UInt8) = (200, 40, 40)

    /// A 240×320 photo: the garment at (60…179, 80…239) on the bed; photo `n` differs from the others in one pixel
    /// of the garment (closet keeps one copy of a photo).
    static func photo(_ n: Int, colour: (UInt8, UInt8, UInt8) = garment) -> RGBImage {
        var image = RGBImage(width: 240, height: 320, fill: bed)
        for y in 80..<240 { for x in 60..<180 { image[x, y] = colour } }
        image[120, 160] = (colour.0, colour.1, colour.2 &+ UInt8(n))
        return image
    }

    /// The garment's mask as the wardrobe stores it: 320×320, the photo stretched to a square.
    static func mask() throws -> Data {
        var pixels = [UInt8](repeating: 0, count: 320 * 320)
        for y in 80..<240 { for x in 80..<240 { pixels[y * 320 + x] = 255 } }
        return try GarmentMask(width: 320, height: 320, pixels: pixels, coverage: 0.25).png()
    }

    /// A wardrobe of `count` such photos, each with its mask stored; the profile's backdrop set when given.
    /// `pieces`, when given, are the items instead: a category and its garment's colour each.
    static func wardrobe(
        _ dir: TemporaryDirectory, count: Int = 2, backdrop: String? = nil, pieces: [(String, (UInt8, UInt8, UInt8))]? = nil
    ) throws -> URL {
        let closet = ClosetProcess.withoutModel(in: dir)
        for (n, piece) in (pieces ?? (0..<count).map { _ in ("shortSleeve", garment) }).enumerated() {
            let photo = try dir.write("p\(n).png", ImageEncoder.png(photo(n, colour: piece.1)))
            XCTAssertEqual(try closet.run(["add", photo.path, "--category", piece.0, "--name", "Tee \(n)"]).status, 0)
        }
        if let backdrop { XCTAssertEqual(try closet.run(["profile", "--backdrop", backdrop]).status, 0) }
        let store = try Wardrobe(folder: closet.wardrobe)
        let png = try mask()
        for photo in try store.photosWithoutMask(model: "test") {
            XCTAssertTrue(try store.setMask(png, state: .garment, model: "test", photo: photo.hash))
        }
        return closet.wardrobe
    }

    static func near(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8), within: Int = 10) -> Bool {
        abs(Int(a.0) - Int(b.0)) <= within && abs(Int(a.1) - Int(b.1)) <= within && abs(Int(a.2) - Int(b.2)) <= within
    }

    /// How many pixels of `image` are near `colour`.
    static func count(_ colour: (UInt8, UInt8, UInt8), in image: RGBImage, within: Int = 10) -> Int {
        var n = 0
        for i in stride(from: 0, to: image.pixels.count, by: 3)
        where near((image.pixels[i], image.pixels[i + 1], image.pixels[i + 2]), colour, within: within) {
            n += 1
        }
        return n
    }

    /// The pictures sent with kitty's `a=T,f=24` (all chunks joined and decoded), in the order sent.
    static func kittyPictures(_ output: [UInt8]) -> [RGBImage] {
        let text = String(decoding: output, as: UTF8.self)
        var pictures: [RGBImage] = []
        var rest = text[...]
        while let start = rest.range(of: "\u{1B}_Ga=T,f=24,") {
            var control = "", payload = ""
            var cursor = start.lowerBound
            // Each chunk: ESC _ G control;payload ESC \ — the last says m=0.
            while let open = rest[cursor...].range(of: "\u{1B}_G"), let semicolon = rest[open.upperBound...].firstIndex(of: ";"),
                let close = rest[semicolon...].range(of: "\u{1B}\\")
            {
                let head = String(rest[open.upperBound..<semicolon])
                if control.isEmpty { control = head }
                payload += rest[rest.index(after: semicolon)..<close.lowerBound]
                cursor = close.upperBound
                if head.hasSuffix("m=0") || head.contains(",m=0") { break }
            }
            rest = rest[cursor...]
            let fields = Dictionary(
                control.split(separator: ",").compactMap { part -> (String, String)? in
                    let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
                    return kv.count == 2 ? (kv[0], kv[1]) : nil
                }, uniquingKeysWith: { a, _ in a })
            guard let w = fields["s"].flatMap(Int.init), let h = fields["v"].flatMap(Int.init), let data = Data(base64Encoded: payload),
                data.count == w * h * 3
            else { continue }
            pictures.append(RGBImage(width: w, height: h, pixels: [UInt8](data)))
        }
        return pictures
    }

    func testKittyIsSentTheGarmentOnTheBackdropAndThePhotoWhenAskedFor() throws {
        for backdrop in ["cutout", "photo"] {
            let dir = TemporaryDirectory()
            defer { withExtendedLifetime(dir) {} }
            let terminal = try FakeTerminal.closet(.kitty, wardrobe: try Self.wardrobe(dir, backdrop: backdrop == "photo" ? "photo" : nil))
            XCTAssertTrue(terminal.wait { _ in terminal.count(of: "a=T,f=24") >= 2 && terminal.count(of: "Tee 1") > 0 }, "no pictures")
            terminal.type("q")
            _ = terminal.finish()
            let pictures = Self.kittyPictures(terminal.output)
            XCTAssertGreaterThanOrEqual(pictures.count, 2, backdrop)
            for picture in pictures {
                let corner = picture[0, 0], middle = picture[picture.width / 2, picture.height / 2]
                XCTAssertTrue(Self.near((middle.r, middle.g, middle.b), Self.garment, within: 16), "\(backdrop): the garment \(middle)")
                if backdrop == "cutout" {
                    XCTAssertTrue(
                        Self.near((corner.r, corner.g, corner.b), Backdrop.colour, within: 3), "the corner is the backdrop: \(corner)")
                    XCTAssertEqual(Self.count(Self.bed, in: picture, within: 24), 0, "no pixel of the bed is sent")
                    // Cropped to the garment: taller than wide, as the garment (120×160) and its margin are.
                    XCTAssertGreaterThan(picture.height, picture.width)
                } else {
                    XCTAssertTrue(Self.near((corner.r, corner.g, corner.b), Self.bed, within: 24), "the photo as taken: \(corner)")
                }
            }
        }
    }

    func testSixelDrawsTheBackdropWhereTheBedWas() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let terminal = try FakeTerminal.closet(.sixel, wardrobe: try Self.wardrobe(dir))
        XCTAssertTrue(terminal.wait { _ in terminal.count(of: "\(esc)P0;1;0q") >= 2 }, "no Sixel pictures")
        // Open the item page: one large picture; b there switches to the photo as taken, drawn again.
        // Tab gives the grid the keys; Enter opens the item.
        terminal.type("\t")
        terminal.type("\r")
        XCTAssertTrue(terminal.wait { _ in terminal.count(of: "thickness") > 0 }, "the item page never opened")
        let before = terminal.count(of: "\(esc)P0;1;0q")
        // Sixel palettes in percent: the backdrop (236, 234, 230) is 93;92;90, the bed (30, 150, 50) 12;59;20.
        XCTAssertGreaterThan(terminal.count(of: ";2;93;92;90"), 0, "the backdrop is in the pictures' palettes")
        XCTAssertEqual(terminal.count(of: ";2;12;59;20"), 0, "the bed is not")
        terminal.type("b")
        XCTAssertTrue(terminal.wait { _ in terminal.count(of: "Photos as taken") > 0 }, "b said nothing")
        XCTAssertTrue(terminal.wait { _ in terminal.count(of: "\(esc)P0;1;0q") > before && terminal.count(of: ";2;12;59;20") > 0 })
        terminal.type("q")
        terminal.type("q")
        XCTAssertEqual(terminal.finish(), 0)
    }

    func testTodaysCardOnKittyIsTheOutfitAsOnePicture() throws {
        let blue: (UInt8, UInt8, UInt8) = (40, 60, 190)
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let folder = try Self.wardrobe(dir, pieces: [("shortSleeve", Self.garment), ("longPants", blue), ("sneakers", Self.garment)])
        let terminal = try FakeTerminal.closet(.kitty, wardrobe: folder)
        XCTAssertTrue(terminal.wait { _ in terminal.count(of: "Tee 2") > 0 && terminal.count(of: "a=T,f=24") >= 3 }, "no grid")
        let before = Self.kittyPictures(terminal.output).count
        // Today, a temperature typed: the outfits as cards.
        terminal.type("t")
        XCTAssertTrue(terminal.wait { _ in terminal.count(of: "Temperature") > 0 }, "Today asked for no temperature")
        terminal.type("18\r")
        XCTAssertTrue(terminal.wait { _ in terminal.count(of: "Outfit 1") > 0 }, "no outfit cards")
        // One picture portrait (3:4) with the top (red) above the bottom (blue), on the backdrop.
        func outfitPicture() -> RGBImage? {
            Self.kittyPictures(terminal.output).dropFirst(before).first { p in
                abs(Double(p.width) / Double(p.height) - 0.75) < 0.02 && Self.count(blue, in: p) > 100
                    && Self.count(Self.garment, in: p) > 100
            }
        }
        XCTAssertTrue(terminal.wait { _ in outfitPicture() != nil }, "the outfit was not sent as one picture")
        let picture = try XCTUnwrap(outfitPicture())
        XCTAssertTrue(Self.near((picture[1, 1].r, picture[1, 1].g, picture[1, 1].b), Backdrop.colour, within: 3))
        XCTAssertEqual(Self.count(Self.bed, in: picture, within: 24), 0, "no bed in the outfit")
        var redRows: [Int] = [], blueRows: [Int] = []
        for y in 0..<picture.height {
            let row = (0..<picture.width).map { picture[$0, y] }
            if row.filter({ Self.near(($0.r, $0.g, $0.b), Self.garment) }).count > 3 { redRows.append(y) }
            if row.filter({ Self.near(($0.r, $0.g, $0.b), blue) }).count > 3 { blueRows.append(y) }
        }
        XCTAssertLessThan(try XCTUnwrap(redRows.first), try XCTUnwrap(blueRows.first), "the top above the bottom")
        XCTAssertGreaterThan(try XCTUnwrap(redRows.last), try XCTUnwrap(blueRows.last), "the shoes below it")
        terminal.type("q")
        terminal.type("q")
        XCTAssertEqual(terminal.finish(), 0)
    }

    func testHalfBlocksInTmuxShowTheBackdropNotTheBed() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let folder = try Self.wardrobe(dir)
        let pane = try TmuxPane(columns: 100, rows: 30)
        try pane.launch(
            folder, environment: "env -u NO_COLOR CLOSET_MODEL=none TERM=tmux-256color COLORTERM=truecolor CLOSET_GRAPHICS=blocks ")
        try pane.waitFor("Tee 1")
        let coloured = try pane.tmux(["capture-pane", "-p", "-e", "-t", "s"])
        XCTAssertTrue(coloured.contains("2;236;234;230"), "the backdrop's colour is on screen:\n\(coloured.prefix(2000))")
        // Every 24-bit colour drawn: none is the bed's green (the garment's red and the backdrop, and their blends).
        let colours = try NSRegularExpression(pattern: "[34]8;2;([0-9]+);([0-9]+);([0-9]+)")
            .matches(in: coloured, range: NSRange(coloured.startIndex..., in: coloured)).map { match in
                (1...3).map { Int((coloured as NSString).substring(with: match.range(at: $0)))! }
            }
        XCTAssertGreaterThan(colours.count, 20, "the pictures are drawn in 24-bit colour")
        XCTAssertEqual(colours.filter { $0[1] > $0[0] + 60 && $0[1] > $0[2] + 60 }.count, 0, "no cell is the bed's green")
        try pane.keys("q")
        try pane.waitFor("EXITED")
    }
}

extension RealTerminalTests {
    /// A real xterm with Sixel under Xvfb, screenshotted: the garments on the backdrop, no bed anywhere on screen.
    func testXtermVT340ShowsTheGarmentsCutOutOnTheBackdrop() throws {
        try require(["Xvfb", "xwd", "xterm"])
        let image = try shoot(
            ["/usr/bin/xterm", "-ti", "vt340", "-xrm", "XTerm*numColorRegisters: 256", "-geometry", "110x34"], name: "xterm-vt340-cutout",
            wardrobe: { try CutoutTerminalTests.wardrobe($0, count: 4) }
        ) { CutoutTerminalTests.count(CutoutTerminalTests.garment, in: $0) > 4000 }
        let screenshot = try XCTUnwrap(image, "no screenshot")
        XCTAssertGreaterThan(CutoutTerminalTests.count(CutoutTerminalTests.garment, in: screenshot), 4000, "the garments are drawn")
        XCTAssertGreaterThan(CutoutTerminalTests.count(Backdrop.colour, in: screenshot, within: 3), 2000, "on the backdrop")
        XCTAssertLessThan(CutoutTerminalTests.count(CutoutTerminalTests.bed, in: screenshot, within: 24), 50, "with no bed around them")
    }
}
