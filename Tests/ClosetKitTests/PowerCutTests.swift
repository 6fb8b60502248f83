import ClosetKit
import Foundation
import TestSupport
import XCTest

/// Power cuts at every step of the writes that touch photo files (import, edit and delete with undo, restore),
/// simulated as SQLite's crash tests do: whatever was not synced is lost. After each, every committed row must
/// have its whole photo. (Rebuild's are in the importer's tests: it needs the decoder.)
final class PowerCutTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws { dir = TemporaryDirectory("closet-powercut") }

    /// A photo of a few kilobytes whose bytes depend on `seed`.
    static func upload(_ seed: Int) -> PhotoUpload {
        var random = SplitMix(seed: UInt64(seed) &* 7919)
        let count = 2_000 + Int(random.next() % 6_000)
        let bytes = [0xFF, 0xD8, 0xFF, 0xE0] + (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
        return PhotoUpload(data: Data(bytes), ext: "jpg", width: 4, height: 4, thumbnail: Data([UInt8(seed & 255)]))
    }

    /// Runs `scenario` on a fresh wardrobe for every step at which the power can go (and once past the end),
    /// each with `seeds` different cuts, and checks the wardrobe after each. Returns how many crashes it ran.
    func crashEverywhere(
        seeds: Int, prepare: (URL) throws -> Void = { _ in }, _ scenario: (Wardrobe) throws -> Void,
        name: String = #function, file: StaticString = #filePath, line: UInt = #line
    ) throws -> Int {
        // What every run starts from, made once and copied.
        let template = dir.path("template")
        try prepare(template)
        try FileManager.default.createDirectory(at: template, withIntermediateDirectories: true)
        // How many operations the scenario makes when nothing goes wrong.
        let dry = dir.path("dry")
        try FileManager.default.copyItem(at: template, to: dry)
        let counter = CrashSimulatingFileSystem(crashAt: nil, seed: 0, graveyard: dir.path("dry-graves"))
        try scenario(try Wardrobe(folder: dry, fileSystem: counter))
        let steps = counter.operations
        XCTAssertGreaterThan(steps, 5, "the scenario writes photos", file: file, line: line)
        var crashes = 0
        for seed in 0..<seeds {
            for crashAt in 1...(steps + 1) {
                let folder = dir.path("w-\(seed)-\(crashAt)")
                try FileManager.default.copyItem(at: template, to: folder)
                let fs = CrashSimulatingFileSystem(crashAt: crashAt, seed: UInt64(seed * 1000 + crashAt), graveyard: dir.path("graves"))
                do {
                    try scenario(try Wardrobe(folder: folder, fileSystem: fs))
                } catch is SimulatedCrash {
                } catch let error as ClosetError where fs.crashed {
                    _ = error  // a write that failed because the power went
                }
                fs.powerCut()
                crashes += 1
                let broken = try CrashSimulatingFileSystem.brokenRows(in: folder)
                XCTAssertEqual(broken, [], "seed \(seed), power cut at step \(crashAt) of \(steps)", file: file, line: line)
                try? FileManager.default.removeItem(at: folder)
            }
        }
        print("power cuts: \(crashes) (\(seeds) seeds × \(steps + 1) points) in \(name)")
        return crashes
    }

    func testImportSurvivesAPowerCutAtEveryStep() throws {
        let crashes = try crashEverywhere(seeds: 5) { wardrobe in
            for seed in 1...6 {
                let item = try wardrobe.add(NewItem(name: "photo \(seed)", category: "hat"), photo: Self.upload(seed))
                if seed == 3 {
                    // The same photo again, and an edit in between.
                    _ = try wardrobe.add(NewItem(name: "again", category: "hat"), photo: Self.upload(3), skippingDuplicate: true)
                    var edited = item
                    edited.name = "edited"
                    try wardrobe.update(edited)
                }
            }
            _ = try wardrobe.addAll([
                (NewItem(name: "a", category: "hat"), Self.upload(20)), (NewItem(name: "b", category: "hat"), Self.upload(21)),
            ])
        }
        XCTAssertGreaterThanOrEqual(crashes, 250)
    }

    func testDeleteAndUndoSurviveAPowerCutAtEveryStep() throws {
        // The items are made before the power can go; then deleted (photos to the trash) and brought back.
        let crashes = try crashEverywhere(
            seeds: 16,
            prepare: { folder in
                let wardrobe = try Wardrobe(folder: folder)
                for seed in 1...5 { try wardrobe.add(NewItem(name: "photo \(seed)", category: "hat"), photo: Self.upload(seed)) }
                try wardrobe.close()
            }
        ) { wardrobe in
            let ids = try wardrobe.summaries().map(\.item.id).sorted()
            let removed = try wardrobe.remove(Array(ids.prefix(3)))
            try wardrobe.restore(Array(removed.prefix(2)))
            var item = try wardrobe.item(ids[4])
            item.name = "edited"
            try wardrobe.update(item)
            try wardrobe.remove([ids[4]])
        }
        XCTAssertGreaterThanOrEqual(crashes, 250)
    }

    func testRestoreSurvivesAPowerCutAtEveryStep() throws {
        let source = try Wardrobe(folder: dir.path("source"))
        for seed in 1...6 { try source.add(NewItem(name: "photo \(seed)", category: "hat"), photo: Self.upload(seed)) }
        let archive = try source.archive()
        let exported = dir.path("exported")
        try source.exportPhotos(to: exported)
        let crashes = try crashEverywhere(seeds: 10) { wardrobe in
            try wardrobe.restore(archive, photoFolder: exported)
        }
        XCTAssertGreaterThanOrEqual(crashes, 250)
    }

    /// The test catches what it is for: without the syncs, a power cut after the commit loses photos.
    func testAWriteThatSyncsNothingIsCaught() throws {
        let folder = dir.path("unsynced")
        let fs = CrashSimulatingFileSystem(crashAt: nil, seed: 1, graveyard: dir.path("graves"))
        let wardrobe = try Wardrobe(folder: folder, fileSystem: NoSync(fs))
        try wardrobe.add(NewItem(name: "x", category: "hat"), photo: Self.upload(1))
        fs.powerCut()
        let reopened = try Wardrobe(folder: folder, mode: .recover)
        let report = try reopened.examine(checkingIntegrity: false)
        XCTAssertEqual(report.missingPhotos.count + report.damagedPhotos.count, 1, "a photo never synced is lost: \(report)")
    }
}

/// A file system whose syncs do nothing, as closet's were before photos were synced.
final class NoSync: PhotoFileSystem, @unchecked Sendable {
    let inner: PhotoFileSystem
    init(_ inner: PhotoFileSystem) { self.inner = inner }
    func makeDirectory(_ url: URL) throws { try inner.makeDirectory(url) }
    func create(_ url: URL) throws -> PhotoFileWriter { try inner.create(url) }
    func sync(_ url: URL) throws {}
    func syncDirectory(_ url: URL) throws {}
    func rename(_ from: URL, to: URL) throws { try inner.rename(from, to: to) }
    func remove(_ url: URL) throws { try inner.remove(url) }
}
