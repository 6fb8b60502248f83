import ClosetKit
import Foundation
import Imaging
import Importer
import TestSupport
import XCTest

/// `doctor --rebuild` with a power cut at every step: it reads the store's own photos, so a cut must never cost
/// one of them, and every item it made must have its whole photo.
final class RebuildPowerCutTests: XCTestCase {
    func testRebuildSurvivesAPowerCutAtEveryStep() throws {
        let dir = TemporaryDirectory("closet-rebuild-cut")
        // A wardrobe whose database was lost: only its photos are left.
        let source = dir.path("source")
        do {
            let wardrobe = try Wardrobe(folder: source)
            var template = ItemTemplate()
            template.category = "hat"
            for n in 0..<4 {
                let image = SyntheticPhoto.garment(width: 48, height: 64, color: (UInt8(n * 60), 40, 200), seed: UInt32(n))
                try dir.write("in/\(n).jpg", ImageEncoder.jpeg(image, quality: 90))
            }
            let report = try PhotoImporter(wardrobe: wardrobe).importFiles(
                try FileCollector.collect([dir.path("in").path]), template: template)
            XCTAssertEqual(report.imported.count, 4)
            try wardrobe.close()
        }
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(at: source.appendingPathComponent("wardrobe.sqlite" + suffix))
        }
        let photos = try FileManager.default.subpathsOfDirectory(atPath: source.appendingPathComponent("photos").path).filter {
            $0.hasSuffix(".jpg")
        }

        func rebuild(_ folder: URL, _ fs: PhotoFileSystem) throws {
            let wardrobe = try Wardrobe(folder: folder, mode: .recover, fileSystem: fs)
            var template = ItemTemplate()
            template.category = "hat"
            let files = try wardrobe.beginRebuild()
            let report = try PhotoImporter(wardrobe: wardrobe).importFiles(files, template: template)
            if report.failed.isEmpty { try wardrobe.finishRebuild() }
        }
        let counter = CrashSimulatingFileSystem(crashAt: nil, seed: 0, graveyard: dir.path("graves"))
        let dry = dir.path("dry")
        try FileManager.default.copyItem(at: source, to: dry)
        try rebuild(dry, counter)
        let steps = counter.operations
        XCTAssertGreaterThan(steps, 8)

        var crashes = 0
        for seed in 0..<16 {
            for crashAt in 1...(steps + 1) {
                let folder = dir.path("w-\(seed)-\(crashAt)")
                try FileManager.default.copyItem(at: source, to: folder)
                let fs = CrashSimulatingFileSystem(crashAt: crashAt, seed: UInt64(seed * 977 + crashAt), graveyard: dir.path("graves"))
                do { try rebuild(folder, fs) } catch  where fs.crashed {}
                fs.powerCut()
                crashes += 1
                let context = "seed \(seed), power cut at step \(crashAt) of \(steps)"
                XCTAssertEqual(try CrashSimulatingFileSystem.brokenRows(in: folder), [], context)
                for photo in photos {
                    XCTAssertTrue(
                        FileManager.default.fileExists(atPath: folder.appendingPathComponent("photos/\(photo)").path),
                        "\(context): \(photo)")
                }
                // Run again after the cut, it finishes: every photo an item, once.
                try rebuild(folder, POSIXFileSystem.shared)
                let wardrobe = try Wardrobe(folder: folder)
                XCTAssertEqual(try wardrobe.summaries(ItemFilter(status: nil)).count, 4, context)
                XCTAssertFalse(try wardrobe.examine(checkingIntegrity: false).rebuildInterrupted, context)
                try? FileManager.default.removeItem(at: folder)
            }
        }
        print("power cuts: \(crashes) (16 seeds × \(steps + 1) points) in a rebuild")
        XCTAssertGreaterThanOrEqual(crashes, 250)
    }
}
