import ClosetKit
import Foundation
import Imaging
import TestSupport
import XCTest

/// A real browser (Debian's chromium, headless) on `closet receive`'s page over 127.0.0.1: photos picked in the page's
/// file input (DevTools' DOM.setFileInputFiles, tools/receive/browser-upload.py) and sent with the Send button.
/// Slow tier: it starts a browser.
final class ReceiveBrowserTests: XCTestCase {
    static let tools = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("tools/receive/browser-upload.py")

    func requireBrowser() throws {
        try Requirement.programs(["/usr/bin/chromium"], install: "apt-get install chromium")
        try Requirement.programs(["/usr/bin/python3"], install: "apt-get install python3")
    }

    /// Runs the browser on `address` with `photos`; its rows ([class, text] a photo) and the seconds from Send to the last answer.
    func browse(_ address: String, _ photos: [URL], script: Bool = true) throws -> (rows: [[String]], seconds: Double) {
        let result = try Shell.run(
            ["/usr/bin/python3", Self.tools.path] + (script ? [] : ["--no-script"]) + [address] + photos.map(\.path))
        XCTAssertEqual(result.status, 0, result.output)
        let line = try XCTUnwrap(result.output.split(separator: "\n").last, result.output)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], result.output)
        return ((json["rows"] as? [[String]]) ?? [], (json["seconds"] as? Double) ?? -1)
    }

    /// JPEG, PNG, HEIC, WebP and AVIF from the browser become five items, each upright (red above, blue below).
    func testChromiumUploadsFivePhotoFormatsAndTheWardrobeListsThemUpright() throws {
        try requireBrowser()
        let dir = TemporaryDirectory("receive-browser")
        let fixtures = ReceiveCLITests.fixtures
        let jpeg = try dir.write("shirt.jpg", try Self.turnedJPEG())
        let photos =
            [jpeg]
            + ["portrait.png", "portrait-o6.heic", "portrait-o6.webp", "portrait-o6.avif"].map { fixtures.appendingPathComponent($0) }
        // The shipped classifier guesses each kind, as in `closet import`.
        let closet = ClosetProcess(wardrobe: dir.path("wardrobe"))
        let running = try closet.startReceiving(["--bind", "127.0.0.1", "--port", "0"])
        let address = try XCTUnwrap(running.firstLine())
        let (rows, _) = try browse(address, photos)
        running.signal(SIGINT)
        let result = running.finish()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(rows.count, 5, "\(rows)")
        XCTAssertTrue(rows.allSatisfy { $0.first == "ok" }, "\(rows)")
        let wardrobe = try Wardrobe(folder: dir.path("wardrobe"))
        let items = try wardrobe.summaries()
        XCTAssertEqual(items.count, 5)
        for summary in items {
            let photo = try XCTUnwrap(try wardrobe.photo(try XCTUnwrap(summary.item.photo)))
            XCTAssertEqual([photo.width, photo.height], [48, 64], photo.ext)
            let thumbnail = try ImageDecoder().decode(try XCTUnwrap(photo.thumbnail)).image
            let top = thumbnail[thumbnail.width / 2, thumbnail.height / 8]
            let bottom = thumbnail[thumbnail.width / 2, thumbnail.height * 7 / 8]
            XCTAssertGreaterThan(Int(top.r), Int(top.b) + 80, "\(photo.ext): the top of its thumbnail is red")
            XCTAssertGreaterThan(Int(bottom.b), Int(bottom.r) + 80, "\(photo.ext): the bottom of its thumbnail is blue")
        }
    }

    /// Without JavaScript the plain form posts the photos and the answer is a page saying what became of each.
    func testThePlainFormWorksWithoutJavaScript() throws {
        try requireBrowser()
        let dir = TemporaryDirectory("receive-noscript")
        let fixtures = ReceiveCLITests.fixtures
        let running = try ClosetProcess.withoutModel(in: dir).startReceiving([
            "--bind", "127.0.0.1", "--port", "0", "--category", "shortSleeve",
        ])
        let address = try XCTUnwrap(running.firstLine())
        let (rows, _) = try browse(
            address, ["portrait-o6.heic", "portrait-o6.webp"].map { fixtures.appendingPathComponent($0) }, script: false)
        running.signal(SIGINT)
        XCTAssertEqual(running.finish().status, 0)
        XCTAssertEqual(rows.map { $0.first }, ["ok", "ok"], "\(rows)")
    }

    /// The figure: 20 phone-sized photos (1600x1200 JPEG) from the browser, with the shipped classifier.
    func testTwentyPhotosFromTheBrowser() throws {
        try requireBrowser()
        let dir = TemporaryDirectory("receive-twenty")
        var photos: [URL] = []
        for i in 0..<20 {
            var pixels = [UInt8](repeating: 0, count: 1600 * 1200 * 3)
            for y in 0..<1200 {
                for x in 0..<1600 {
                    let at = (y * 1600 + x) * 3
                    pixels[at] = UInt8((x / 8 + i * 11) & 255)
                    pixels[at + 1] = UInt8((y / 8 + i * 7) & 255)
                    pixels[at + 2] = UInt8((x + y) / 16 & 255)
                }
            }
            photos.append(
                try dir.write("p\(i).jpg", try ImageEncoder.jpeg(RGBImage(width: 1600, height: 1200, pixels: pixels), quality: 90)))
        }
        let running = try ClosetProcess(wardrobe: dir.path("wardrobe")).startReceiving(["--bind", "127.0.0.1", "--port", "0"])
        let address = try XCTUnwrap(running.firstLine())
        let (rows, seconds) = try browse(address, photos)
        running.signal(SIGINT)
        XCTAssertEqual(running.finish().status, 0)
        XCTAssertEqual(rows.filter { $0.first == "ok" }.count, 20, "\(rows)")
        print("receive: 20 photos (1600x1200 JPEG) from headless chromium in \(seconds) s")
    }

    /// A 64x48 JPEG stored turned, with EXIF orientation 6: upright 48x64, red above, blue below.
    static func turnedJPEG() throws -> Data {
        var pixels: [UInt8] = []
        for _ in 0..<48 {
            for x in 0..<64 { pixels += x < 32 ? [220, 30, 30] : [30, 30, 220] }
        }
        return JPEGTools.withOrientation(try ImageEncoder.jpeg(RGBImage(width: 64, height: 48, pixels: pixels), quality: 90), 6)
    }
}
