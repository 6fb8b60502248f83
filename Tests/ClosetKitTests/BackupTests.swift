import ClosetKit
import Foundation
import TestSupport
import XCTest

/// One-file backups: a round trip keeps every byte, and a cut or changed file is refused with nothing written.
final class BackupTests: XCTestCase {
    var dir: TemporaryDirectory!
    var source: Wardrobe!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        source = try Wardrobe(folder: dir.path("source"))
        var photos: [Int64] = []
        for seed in 0..<5 {
            // Sizes on both sides of the 512-byte block, and one of several blocks.
            let size = [1, 511, 512, 513, 5000][seed]
            let bytes = Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed) })
            let upload = PhotoUpload(data: bytes, ext: seed % 2 == 0 ? "jpg" : "png", width: 4, height: 4, thumbnail: Data([UInt8(seed)]))
            photos.append(try source.add(Item(name: "Item \(seed)", category: "hat"), photo: upload).id!)
        }
        try source.add(Item(name: "No photo", category: "jeans"))
        let outfit = try source.saveOutfit(name: "Two", itemIDs: [photos[0], photos[1]])
        try source.logWear(outfit: outfit.id!, day: "2026-11-02")
        try source.logWear(item: photos[2], day: "2026-11-03")
        try source.setSetting("lang", "ko")
        try source.savePlans([Plan(day: "2026-12-01", items: [photos[3], photos[0]])])
    }

    func photoBytes(_ wardrobe: Wardrobe) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for file in wardrobe.photos.storedFiles() { out[file.url.lastPathComponent] = try Data(contentsOf: file.url) }
        return out
    }

    func testARoundTripKeepsEveryItemWearOutfitSettingAndPhotoByte() throws {
        let file = dir.path("backup.closet")
        let written = try source.writeBackup(to: file)
        XCTAssertEqual(written.items, 6)
        XCTAssertEqual(written.photos, 5)
        XCTAssertTrue(Wardrobe.isBackup(file))
        let restored = try Wardrobe(folder: dir.path("restored"))
        try restored.restoreBackup(from: file)
        XCTAssertEqual(try restored.archive(), try source.archive())
        XCTAssertEqual(try restored.plan(on: "2026-12-01"), try source.plan(on: "2026-12-01"), "the saved plan came back")
        XCTAssertEqual(try restored.plan(on: "2026-12-01").count, 2)
        XCTAssertEqual(try photoBytes(restored), try photoBytes(source))
        XCTAssertEqual(try photoBytes(restored).count, 5)
        XCTAssertTrue(try restored.examine().isHealthy)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: restored.folder.path).filter { $0.hasPrefix(".restore") }, [],
            "the staging folder is gone")
    }

    func testTheFileIsAPlainTarThatTarLists() throws {
        let file = dir.path("backup.closet")
        try source.writeBackup(to: file)
        let listing = try Shell.run(["tar", "tf", file.path]).output.split(separator: "\n").map(String.init)
        XCTAssertEqual(Array(listing.prefix(2)), ["closet-backup.json", "wardrobe.json"])
        XCTAssertEqual(listing.count, 7)
        XCTAssertTrue(listing.dropFirst(2).allSatisfy { $0.hasPrefix("photos/") })
    }

    /// Restores `data` into a fresh wardrobe and checks that it was refused and that nothing was written.
    func assertRefused(_ data: Data, _ why: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = dir.path("cut-\(UUID().uuidString.prefix(6)).closet")
        try data.write(to: path)
        let target = try Wardrobe(folder: dir.path("target-\(UUID().uuidString.prefix(6))"))
        XCTAssertThrowsError(try target.restoreBackup(from: path), why, file: file, line: line) { error in
            XCTAssertNotNil(error as? ClosetError, "\(why): \(error)", file: file, line: line)
        }
        XCTAssertEqual(try target.itemCount(), 0, why, file: file, line: line)
        XCTAssertEqual(try target.photoCount(), 0, why, file: file, line: line)
        XCTAssertEqual(target.photos.storedFiles().count, 0, why, file: file, line: line)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: target.folder.path).filter { $0.hasPrefix(".restore") }, [],
            why, file: file, line: line)
    }

    func testATruncatedBackupIsRefusedWithNothingWritten() throws {
        let file = dir.path("backup.closet")
        try source.writeBackup(to: file)
        let whole = try Data(contentsOf: file)
        // Cut at every block boundary (a cut between two files looks whole to a careless reader) and mid-block.
        var cuts = Array(stride(from: 0, to: whole.count, by: 512))
        cuts += [100, 700, whole.count - 1, whole.count - 600]
        for cut in cuts { try assertRefused(whole.prefix(cut), "cut at \(cut) of \(whole.count)") }
    }

    func testATamperedBackupIsRefusedWithNothingWritten() throws {
        let file = dir.path("backup.closet")
        try source.writeBackup(to: file)
        let whole = try Data(contentsOf: file)
        let text = [UInt8](whole)
        func flipped(at offset: Int) -> Data { var d = whole; d[offset] ^= 0x01; return d }
        // Where each file's header starts: the blocks whose first bytes are its name.
        func headers(_ prefix: String) -> [Int] {
            stride(from: 0, to: text.count - 512, by: 512).filter { Array(text[$0..<($0 + prefix.utf8.count)]) == Array(prefix.utf8) }
        }
        XCTAssertEqual(headers("photos/").count, 5)
        let lastPhoto = headers("photos/").last!, json = headers("wardrobe.json")[0]
        try assertRefused(flipped(at: lastPhoto + 512 + 3), "a photo byte changed")
        try assertRefused(flipped(at: json + 512 + 40), "wardrobe.json changed")
        try assertRefused(flipped(at: json + 3), "a header changed (its checksum catches it)")
        // A photo's size in the manifest ("5000" → "5001").
        let size = (512..<1536).first { Array(text[$0..<($0 + 4)]) == Array("5000".utf8) }!
        try assertRefused(flipped(at: size + 3), "the manifest changed")
        // A photo swapped for another name, and a file appended after the photos.
        var renamed = whole
        renamed[lastPhoto + 7] = renamed[lastPhoto + 7] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        try assertRefused(renamed, "a photo renamed")
        let noEnd = whole.prefix(whole.count - 1024)
        let extra = Data("hello".utf8)
        var appended = Data(noEnd)
        appended.append(Data("photos/../../evil.jpg".utf8) + Data(count: 512 - 21))
        try assertRefused(appended + extra, "a file appended")
        try assertRefused(Data("{\"items\":[]}".utf8), "JSON is no backup")
    }

    func testARestoreIntoAWardrobeWithItemsIsRefusedBeforeReading() throws {
        let file = dir.path("backup.closet")
        try source.writeBackup(to: file)
        XCTAssertThrowsError(try source.restoreBackup(from: file)) {
            XCTAssertEqual($0 as? ClosetError, .wardrobeNotEmpty(path: source.folder.path))
        }
    }
}
