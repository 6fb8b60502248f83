import ClosetKit
import Foundation
import Imaging
import TerminalGraphics
import TestSupport
import XCTest

@testable import ClosetTUI

/// The pictures the TUI hands a pixel terminal, and how the layer sends them.
final class PictureTests: XCTestCase {
    /// A wardrobe holding one 600×800 photo, stored as closet stored photos before previews existed.
    func oldWardrobe(_ dir: TemporaryDirectory) throws -> (Wardrobe, String) {
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        let photo = SyntheticPhoto.garment(width: 600, height: 800, color: (200, 60, 40))
        let jpeg = try ImageEncoder.jpeg(photo, quality: 90)
        let thumbnail = try Thumbnail(of: photo)
        let upload = PhotoUpload(
            data: jpeg, ext: "jpg", width: 600, height: 800, thumbnail: thumbnail.jpeg, thumbWidth: thumbnail.image.width,
            thumbHeight: thumbnail.image.height)
        _ = try wardrobe.addAll([(NewItem(name: "Red tee", category: "shortSleeve"), upload)])
        return (wardrobe, upload.hash)
    }

    func testPicturesGrowFromThumbnailToPreviewToTheOriginalAndPreviewsAreStoredOnFirstUse() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let (wardrobe, hash) = try oldWardrobe(dir)
        XCTAssertNil(try wardrobe.photo(hash)?.preview)
        let cache = ThumbnailCache(wardrobe: wardrobe)
        // A grid cell about the thumbnail's size: the thumbnail.
        XCTAssertEqual(cache.picture(hash, fitting: PixelSize(width: 100, height: 130))?.height, 128)
        // A 24×12-cell grid picture (240×240 pixels): the preview, made from the original and stored.
        let preview = try XCTUnwrap(cache.picture(hash, fitting: PixelSize(width: 240, height: 240)))
        XCTAssertEqual(preview.height, 240)
        let stored = try XCTUnwrap(try wardrobe.photo(hash)?.preview)
        XCTAssertEqual(try Thumbnail.decode(stored).height, 240)
        // The item screen on a large terminal: the original, decoded to fit.
        let large = try XCTUnwrap(cache.picture(hash, fitting: PixelSize(width: 700, height: 700)))
        XCTAssertEqual(large.height, 700)
        XCTAssertEqual(large.width, 525)
        // The red garment is still red at the centre.
        XCTAssertGreaterThan(Int(large[262, 350].r), 150)
        // With the original gone (moved away by hand), the preview is the best there is.
        let url = try wardrobe.photos.url(hash: hash, ext: "jpg")
        try FileManager.default.removeItem(at: url)
        cache.forget(hash)
        XCTAssertEqual(cache.picture(hash, fitting: PixelSize(width: 800, height: 800))?.height, 240)
    }

    func testAPhotoTheWardrobeCannotReadIsSaidInWordsOnceAndDrawnWhenItCanAgain() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let (wardrobe, hash) = try oldWardrobe(dir)
        let app = try TerminalApp(wardrobe: wardrobe) { throw ClosetError.usage("no import here") }
        func sql(_ statement: String) throws {
            let result = try Shell.run(["sqlite3", wardrobe.databaseURL.path, statement])
            XCTAssertEqual(result.status, 0, result.output)
        }
        try sql("ALTER TABLE photos RENAME TO photos_away")
        XCTAssertNil(app.thumbnails.cells(hash, columns: 8, rows: 4))
        XCTAssertTrue(app.sayPictureFailure(), "a failed read is no photo without a word")
        let message = try XCTUnwrap(app.state.message)
        XCTAssertTrue(message.hasPrefix("Error: ") && message.contains("photos"), message)
        XCTAssertNil(app.thumbnails.cells(hash, columns: 8, rows: 4))
        XCTAssertFalse(app.sayPictureFailure(), "the same failure on the next frame is not said again")
        XCTAssertEqual(app.state.message, message)
        try sql("ALTER TABLE photos_away RENAME TO photos")
        XCTAssertNotNil(app.thumbnails.cells(hash, columns: 8, rows: 4), "read again once the wardrobe answers")
        XCTAssertFalse(app.sayPictureFailure())
    }

    func testTheLayerSendsEachPictureOnceAndDeletesTheOldestIdWhenAllAreTaken() {
        var written: [UInt8] = []
        let support = GraphicsSupport(graphics: .kitty, placeholders: true, cellPixels: CellPixels(width: 10, height: 20), reason: "test")
        let layer = PictureLayer(support: support) { written += $0 }
        let image = SyntheticPhoto.garment(width: 96, height: 128, color: (40, 110, 190))
        func frame(_ hashes: [String]) -> [PictureLayer.Drawn?] {
            layer.beginFrame()
            let drawn = hashes.enumerated().map { n, hash in
                layer.place(hash: hash, image: image, x: 10 * n, y: 1, columns: 8, rows: 6, dimmed: false)
            }
            layer.finish(cells: [], refresh: {}, redrawLines: { _, _ in })
            return drawn
        }
        func count(_ text: String) -> Int {
            let needle = Array(text.utf8)
            return (0...(max(0, written.count - needle.count))).filter {
                written.count >= needle.count && Array(written[$0..<($0 + needle.count)]) == needle
            }.count
        }
        let first = frame(["a", "b"])
        guard case .placeholders(let id, _, let columns, let rows)? = first[0] else { return XCTFail("no placeholders") }
        XCTAssertEqual(id, 16)
        // 96×128 fitted in 8×6 cells of 10×20 (80×120 pixels): 80×107, all 8 columns and 6 rows.
        XCTAssertEqual(columns, 8)
        XCTAssertEqual(rows, 6)
        XCTAssertEqual(count("a=T,f=24,s=80,v=107,i=16"), 1)
        XCTAssertEqual(count("U=1,c=8,r=6"), 2)

        _ = frame(["b"])
        XCTAssertEqual(count("a=T,"), 2, "nothing sent again")
        // Fill every id (16…255) with other pictures over later frames: the least recently shown is deleted first.
        for n in 0..<239 { _ = frame(["p\(n)"]) }
        XCTAssertEqual(count("a=d,d=I"), 1)
        XCTAssertEqual(count("a=d,d=I,i=16,"), 1, "a, shown least recently, gave its id up")
        // In a larger box kitty gets the picture at its own size and scales it: never enlarged here.
        layer.beginFrame()
        _ = layer.place(hash: "big", image: image, x: 0, y: 10, columns: 20, rows: 10, dimmed: false)
        layer.finish(cells: [], refresh: {}, redrawLines: { _, _ in })
        XCTAssertEqual(count("s=96,v=128,i=17,q=2,U=1,c=15,r=10"), 1, "b's id, the next least recently shown")
        // Sixel: the same layer type caches encoded pictures and places them after the refresh.
        written = []
        let sixel = PictureLayer(support: GraphicsSupport(graphics: .sixel, cellPixels: CellPixels(width: 10, height: 20), reason: "test"))
        {
            written += $0
        }
        var refreshed = false
        sixel.beginFrame()
        guard case .reserved? = sixel.place(hash: "a", image: image, x: 3, y: 2, columns: 8, rows: 6, dimmed: false) else {
            return XCTFail("not reserved")
        }
        sixel.finish(
            cells: [],
            refresh: {
                refreshed = true; XCTAssertTrue(written.isEmpty, "Sixel goes after curses' update")
            }, redrawLines: { _, _ in })
        XCTAssertTrue(refreshed)
        XCTAssertEqual(count("\u{1B}7\u{1B}[3;4H\u{1B}P0;1;0q"), 1, "at its cell, cursor saved and restored")
        // A popup over it: the picture is taken away, its rows repainted by curses.
        var repainted: [(Int, Int)] = []
        sixel.beginFrame()
        _ = sixel.place(hash: "a", image: image, x: 3, y: 2, columns: 8, rows: 6, dimmed: false)
        sixel.occlude(x: 5, y: 4, width: 10, height: 3)
        sixel.finish(cells: [], refresh: {}, redrawLines: { repainted.append(($0, $1)) })
        XCTAssertEqual(repainted.map(\.0), [2])
        XCTAssertEqual(repainted.map(\.1), [6])
    }
}
