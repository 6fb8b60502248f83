import ClosetKit
import Foundation
import Imaging
import Importer
import TestSupport
import XCTest

final class PhotoImporterTests: XCTestCase {
    var dir: TemporaryDirectory!
    var wardrobe: Wardrobe!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        wardrobe = try Wardrobe(folder: dir.path("w"))
    }

    func writePhotos() throws -> URL {
        let folder = dir.path("in")
        try dir.write("in/a.JPG", ImageEncoder.jpeg(SyntheticPhoto.garment(width: 400, height: 300, color: (200, 30, 40)), quality: 90))
        try dir.write("in/sub/b.png", ImageEncoder.png(SyntheticPhoto.garment(width: 120, height: 160, color: (25, 35, 90))))
        try dir.write(
            "in/sub/deeper/c.jpeg", ImageEncoder.jpeg(SyntheticPhoto.garment(width: 300, height: 300, color: (40, 140, 60), seed: 3)))
        try dir.write("in/readme.txt", Data("not a photo".utf8))
        try dir.write("in/broken.jpg", Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 16]))
        return folder
    }

    func testCollectFindsPhotosRecursivelyInAnyCase() throws {
        let folder = try writePhotos()
        let files = try FileCollector.collect([folder.path]).map(\.lastPathComponent)
        XCTAssertEqual(files, ["a.JPG", "broken.jpg", "b.png", "c.jpeg"])
        XCTAssertThrowsError(try FileCollector.collect([dir.path("missing").path])) {
            XCTAssertEqual(($0 as? ClosetError)?.kind, .noInput)
        }
    }

    func testImportStoresItemsWithThumbnailsAndColoursAndReportsFailures() throws {
        let importer = try PhotoImporter(wardrobe: wardrobe)
        var template = ItemTemplate()
        template.category = "shortSleeve"
        var progress: [Int] = []
        let report = importer.importFiles(try FileCollector.collect([try writePhotos().path]), template: template) { done, _ in
            progress.append(done)
        }
        XCTAssertEqual(report.imported.count, 3)
        XCTAssertEqual(report.failed.count, 1)
        XCTAssertEqual(report.failed[0].0.lastPathComponent, "broken.jpg")
        XCTAssertTrue(report.failed[0].1.contains("JPEG"), report.failed[0].1)
        XCTAssertFalse(report.failed[0].1.contains("broken.jpg"), "the reason, without the file again: \(report.failed[0].1)")
        XCTAssertEqual(progress, [1, 2, 3, 4])
        let items = try wardrobe.summaries().map(\.item)
        XCTAssertEqual(Set(items.compactMap { $0.colors.first }), ["red", "navy", "green"])
        for item in items {
            let photo = try XCTUnwrap(try wardrobe.photo(XCTUnwrap(item.photo)))
            XCTAssertNotNil(photo.thumbnail)
            XCTAssertLessThanOrEqual(photo.thumbWidth ?? 999, 96)
            // The larger preview for pixel terminals: 240 on the long side, never enlarged.
            let preview = try Thumbnail.decode(XCTUnwrap(photo.preview))
            XCTAssertEqual(max(preview.width, preview.height), min(240, max(photo.width, photo.height)))
            XCTAssertTrue(FileManager.default.fileExists(atPath: try wardrobe.photos.url(hash: photo.hash, ext: photo.ext).path))
        }
        let json = report.json
        XCTAssertEqual((json["imported"] as? [[String: Any]])?.count, 3)
        XCTAssertEqual((json["failed"] as? [[String: Any]])?.count, 1)
    }

    func testEmptyAndOversizedFilesAreRefusedWithoutBeingRead() throws {
        let empty = try dir.write("in/empty.jpg", Data())
        // A sparse 65 MB file: refused from its size, so it never costs 65 MB of memory.
        let huge = dir.path("in/huge.jpg")
        XCTAssertTrue(FileManager.default.createFile(atPath: huge.path, contents: Data([0xFF, 0xD8, 0xFF])))
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: 65 * 1024 * 1024)
        try handle.close()
        var template = ItemTemplate()
        template.category = "shortSleeve"
        let report = try PhotoImporter(wardrobe: wardrobe).importFiles([empty, huge], template: template)
        XCTAssertEqual(report.imported.count, 0)
        XCTAssertEqual(report.failed.count, 2)
        XCTAssertTrue(report.failed[0].1.contains("empty"), report.failed[0].1)
        XCTAssertTrue(report.failed[1].1.contains("over the 64 MB limit"), report.failed[1].1)
        XCTAssertTrue(try wardrobe.summaries(ItemFilter(status: nil)).isEmpty)
    }

    func testRunningAgainSkipsDuplicatesAndFinishesTheJob() throws {
        let folder = try writePhotos()
        let importer = try PhotoImporter(wardrobe: wardrobe)
        var template = ItemTemplate()
        template.category = "hoodie"
        // An "interrupted" first run: only the first file got in.
        let files = try FileCollector.collect([folder.path]).filter { $0.lastPathComponent != "broken.jpg" }
        _ = importer.importFiles(Array(files.prefix(1)), template: template)
        let second = importer.importFiles(files + [files[0]], template: template)
        XCTAssertEqual(second.imported.count, 2)
        XCTAssertEqual(second.duplicates.count, 2, "the first file, seen before and repeated in the list")
        XCTAssertEqual(try wardrobe.summaries().count, 3)
    }

    func testWithoutAClassifierTheCategoryMustBeGiven() throws {
        let importer = try PhotoImporter(wardrobe: wardrobe)
        let report = importer.importFiles(try FileCollector.collect([try writePhotos().path]))
        XCTAssertEqual(report.imported.count, 0)
        XCTAssertTrue(report.failed.contains { $0.1.contains("no classifier model is installed") }, "\(report.failed)")
        XCTAssertEqual(try wardrobe.summaries(ItemFilter(status: nil)).count, 0)
    }
}
