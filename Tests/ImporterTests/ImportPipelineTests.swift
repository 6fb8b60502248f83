import ClosetKit
import Foundation
import Imaging
import TestSupport
import XCTest

@testable import Importer

/// The import pipeline: photos prepared on workers while the ones before them are written, and written a batch
/// to a transaction, each photo whole.
final class ImportPipelineTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws { dir = TemporaryDirectory("closet-pipeline") }

    /// `count` small distinct photos in `in/`, by name in order.
    func photos(_ count: Int) throws -> [URL] {
        try (0..<count).map { n in
            let image = SyntheticPhoto.garment(width: 40 + n, height: 56, color: (UInt8(n * 20 % 256), 60, 180), seed: UInt32(n))
            let name = String(format: "in/%02d.jpg", n)
            try dir.write(name, ImageEncoder.jpeg(image, quality: 90))
            return dir.path(name)
        }
    }

    func hatTemplate() -> ItemTemplate {
        var template = ItemTemplate()
        template.category = "hat"
        return template
    }

    /// Outcomes come back in the files' order across batches, whatever order the workers finish in: a photo
    /// twice in one batch and once again in a later one is stored once, a broken file costs only itself, and
    /// progress counts every file.
    func testOutcomesKeepTheFilesOrderAcrossBatches() throws {
        var files = try photos(9)
        try dir.write("in/broken.jpg", Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 16]))
        try FileManager.default.copyItem(at: files[1], to: dir.path("in/copy-a.jpg"))
        try FileManager.default.copyItem(at: files[1], to: dir.path("in/copy-b.jpg"))
        // 0 1 copy-a | broken 2 3 | 4 5 6 | 7 8 copy-b
        files.insert(dir.path("in/copy-a.jpg"), at: 2)
        files.insert(dir.path("in/broken.jpg"), at: 3)
        files.append(dir.path("in/copy-b.jpg"))
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        let importer = try PhotoImporter(wardrobe: wardrobe)
        importer.batchSize = 3
        importer.threads = 3
        var progress: [Int] = []
        let report = importer.importFiles(files, template: hatTemplate()) { done, total in
            XCTAssertEqual(total, files.count)
            progress.append(done)
        }
        XCTAssertEqual(report.outcomes.map(Self.file), files)
        XCTAssertEqual(progress, Array(1...files.count))
        XCTAssertEqual(report.imported.count, 9)
        XCTAssertEqual(report.failed.map(\.0), [dir.path("in/broken.jpg")])
        let original = try XCTUnwrap(report.imported.first { $0.0 == files[1] }?.1.id)
        XCTAssertEqual(report.duplicates.map(\.0), [dir.path("in/copy-a.jpg"), dir.path("in/copy-b.jpg")])
        XCTAssertEqual(report.duplicates.map(\.1), [original, original])
        // Items are numbered in the files' order, each photo stored under its own hash.
        let ids = report.imported.map(\.1.id)
        XCTAssertEqual(ids, ids.sorted())
        XCTAssertEqual(try wardrobe.summaries().count, 9)
        for (file, item) in report.imported {
            XCTAssertEqual(item.photo, SHA256.hex(try Data(contentsOf: file)), file.lastPathComponent)
        }
    }

    /// A batch whose write fails (here the disk refuses one photo file once) is written again one photo at a
    /// time: the others are stored, and nothing is left half-made.
    func testABatchThatFailsIsWrittenAgainPhotoByPhoto() throws {
        let files = try photos(5)
        let fs = FailingOnce(failing: 3)
        let wardrobe = try Wardrobe(folder: dir.path("w"), fileSystem: fs)
        let importer = try PhotoImporter(wardrobe: wardrobe)
        importer.batchSize = 5
        let report = importer.importFiles(files, template: hatTemplate())
        XCTAssertTrue(fs.failed, "the batch's third photo file was refused")
        XCTAssertEqual(report.imported.map(\.0), files)
        XCTAssertEqual(try wardrobe.summaries().count, 5)
        XCTAssertEqual(try CrashSimulatingFileSystem.brokenRows(in: dir.path("w")), [])
    }

    /// A power cut at any step of a batched import loses no photo and leaves no row without its whole photo;
    /// run again, the import finishes with each photo stored once. (Two seeds: a debug build takes a second a cut.)
    func testABatchedImportSurvivesAPowerCutAtEveryStep() throws {
        var files = try photos(3)
        try FileManager.default.copyItem(at: files[0], to: dir.path("in/copy.jpg"))
        files.insert(dir.path("in/copy.jpg"), at: 2)  // a batch of 0, 1 and 0 again, then 2 alone
        func run(_ folder: URL, _ fs: PhotoFileSystem) throws -> ImportReport {
            let importer = try PhotoImporter(wardrobe: try Wardrobe(folder: folder, fileSystem: fs))
            importer.batchSize = 3
            return importer.importFiles(files, template: hatTemplate())
        }
        let counter = CrashSimulatingFileSystem(crashAt: nil, seed: 0, graveyard: dir.path("graves"))
        XCTAssertEqual(try run(dir.path("dry"), counter).imported.count, 3)
        let steps = counter.operations
        XCTAssertGreaterThan(steps, 8)
        let sources = try files.map { try Data(contentsOf: $0) }
        var crashes = 0
        for seed in 0..<2 {
            for crashAt in 1...(steps + 1) {
                let folder = dir.path("w-\(seed)-\(crashAt)")
                let fs = CrashSimulatingFileSystem(crashAt: crashAt, seed: UInt64(seed * 991 + crashAt), graveyard: dir.path("graves"))
                _ = try? run(folder, fs)
                fs.powerCut()
                crashes += 1
                let context = "seed \(seed), power cut at step \(crashAt) of \(steps)"
                XCTAssertEqual(try CrashSimulatingFileSystem.brokenRows(in: folder), [], context)
                XCTAssertEqual(try files.map { try Data(contentsOf: $0) }, sources, "\(context): the originals are untouched")
                XCTAssertEqual(try run(folder, POSIXFileSystem.shared).failed.count, 0, context)
                XCTAssertEqual(try Wardrobe(folder: folder).summaries().count, 3, context)
                try? FileManager.default.removeItem(at: folder)
            }
        }
        XCTAssertEqual(crashes, 2 * (steps + 1))
    }

    /// The workers never run more than `ahead` photos past the last one taken (memory is bounded by it, not by
    /// the number of files), results come in order with their errors, and `finish` stops the rest.
    func testThePipelineRunsAtMostAheadOfTheWriterAndStopsWhenFinished() throws {
        struct Odd: Error {}
        let lock = NSLock()
        var started: [Int] = []
        var taken = 0
        var furthest = 0
        let pipeline = PreparePipeline<Int>(count: 1000, threads: 3, ahead: 4) { i in
            lock.withLock {
                started.append(i)
                furthest = max(furthest, i - taken)
            }
            if i % 7 == 3 { throw Odd() }
            return i * 2
        }
        for i in 0..<50 {
            let result = pipeline.take(i)
            lock.withLock { taken = i + 1 }
            switch result {
            case .success(let value): XCTAssertEqual(value, i * 2)
            case .failure: XCTAssertEqual(i % 7, 3)
            }
        }
        pipeline.finish()
        let count = lock.withLock { started.count }
        XCTAssertLessThan(furthest, 4 + 1, "a worker ran ahead by \(furthest)")
        XCTAssertLessThanOrEqual(count, 50 + 4, "finish stopped the workers")
        XCTAssertEqual(Set(lock.withLock { started }).count, count, "each photo prepared once")
    }

    static func file(_ outcome: ImportOutcome) -> URL {
        switch outcome {
        case .imported(let file, _, _), .duplicate(let file, _), .failed(let file, _), .damaged(let file, _): file
        }
    }
}

/// The real file system, refusing the `failing`-th file it is asked to create, once.
final class FailingOnce: PhotoFileSystem, @unchecked Sendable {
    let failing: Int
    private(set) var creates = 0
    private(set) var failed = false
    init(failing: Int) { self.failing = failing }

    func makeDirectory(_ url: URL) throws { try POSIXFileSystem.shared.makeDirectory(url) }
    func create(_ url: URL) throws -> PhotoFileWriter {
        creates += 1
        if creates == failing {
            failed = true
            throw ClosetError.io("no space left on the device (simulated)")
        }
        return try POSIXFileSystem.shared.create(url)
    }
    func sync(_ url: URL) throws { try POSIXFileSystem.shared.sync(url) }
    func syncDirectory(_ url: URL) throws { try POSIXFileSystem.shared.syncDirectory(url) }
    func rename(_ from: URL, to: URL) throws { try POSIXFileSystem.shared.rename(from, to: to) }
    func remove(_ url: URL) throws { try POSIXFileSystem.shared.remove(url) }
}
