import ClosetKit
import Foundation
import TestSupport
import XCTest

/// A JSON export restored: what it holds comes back (embeddings too), a slip or a hostile value is refused with
/// nothing written, and a large one is read as a stream.
final class ArchiveScaleTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws { dir = TemporaryDirectory() }

    func upload(_ seed: UInt8, embedding: [Float]? = nil, model: String? = nil) -> PhotoUpload {
        PhotoUpload(
            data: Data([0xFF, 0xD8, 0xFF, seed, 5, 5]), ext: "jpg", width: 4, height: 4, thumbnail: Data([seed]), embedding: embedding,
            embeddingModel: model)
    }

    /// The export as `closet export --format json` writes it, and read back as `closet restore` reads it.
    func roundTrip(_ archive: WardrobeArchive) throws -> WardrobeArchive {
        try JSONDecoder().decode(WardrobeArchive.self, from: try JSONEncoder.closet.encode(archive))
    }

    // Fault 25: the embedding's model was not exported, so a restored wardrobe computed every embedding again.
    func testARestoreKeepsEachEmbeddingAndTheModelThatComputedIt() throws {
        let source = try Wardrobe(folder: dir.path("source"))
        let vector: [Float] = (0..<1280).map { Float($0) / 1280 }
        try source.add(Item(name: "a", category: "hat"), photo: upload(1, embedding: vector, model: "mobilenet-v2"))
        try source.add(Item(name: "b", category: "jeans"), photo: upload(2, embedding: vector.reversed(), model: "mobilenet-v2"))
        XCTAssertEqual(try source.photosWithStaleEmbeddings(model: "mobilenet-v2").count, 0)
        let photos = dir.path("photos")
        try source.exportPhotos(to: photos)

        let target = try Wardrobe(folder: dir.path("target"))
        try target.restore(try roundTrip(try source.archive()), photoFolder: photos)
        XCTAssertEqual(
            try target.photosWithStaleEmbeddings(model: "mobilenet-v2").map(\.hash), [],
            "nothing needs computing again for the model that computed them")
        XCTAssertEqual(
            try target.embeddings(confirmedOnly: false, model: "mobilenet-v2").map(\.embedding).sorted { $0[0] < $1[0] }.first, vector)
        XCTAssertEqual(try target.archive(), try source.archive())
    }

    func testAHostileEmbeddingIsRefusedAndNamed() throws {
        let source = try Wardrobe(folder: dir.path("source"))
        try source.add(Item(name: "a", category: "hat"), photo: upload(1, embedding: [1, 2, 3], model: "m"))
        let photos = dir.path("photos")
        try source.exportPhotos(to: photos)
        let good = try source.archive()
        let nan = [Float.nan, 1].withUnsafeBufferPointer { Data(buffer: $0) }
        let bad: [(String, String)] = [
            (nan.base64EncodedString(), "finite"), (Data([1, 2, 3]).base64EncodedString(), "finite"),
            (Data(count: 4 * 100_000).base64EncodedString(), "finite"),
        ]
        for (index, (embedding, expected)) in bad.enumerated() {
            var archive = good
            archive.photos[0].embedding = embedding
            let target = try Wardrobe(folder: dir.path("t\(index)"))
            XCTAssertThrowsError(try target.restore(try roundTrip(archive), photoFolder: photos)) { error in
                XCTAssertEqual((error as? ClosetError)?.kind, .badData, "\(error)")
                XCTAssertTrue("\(error)".contains("photo 1") && "\(error)".contains(expected), "case \(index): \(error)")
            }
            XCTAssertEqual(try target.summaries().count, 0)
            XCTAssertEqual(try target.photoCount(), 0)
        }
    }

    // Fault 17: the CLI refuses an item logged twice in one wear; a restore took two wears of an item on one day.
    func testARestoreRefusesTwoWearsOfOneItemOrOutfitOnOneDay() throws {
        let source = try Wardrobe(folder: dir.path("source"))
        let a = try source.add(Item(name: "a", category: "hat"))
        let b = try source.add(Item(name: "b", category: "jeans"))
        let outfit = try source.saveOutfit(name: "o", itemIDs: [a.id!, b.id!])
        try source.logWear(items: [a.id!], day: "2026-01-02")
        try source.logWear(items: [a.id!], day: "2026-01-03")
        try source.logWear(outfit: outfit.id!, day: "2026-01-02")
        let good = try source.archive()
        XCTAssertEqual(good.wears.count, 3)
        var twiceItem = good
        twiceItem.wears.append(good.wears.first { $0.item != nil && $0.day == "2026-01-02" }!)
        var twiceOutfit = good
        twiceOutfit.wears.append(good.wears.first { $0.outfit != nil }!)
        for (index, (archive, expected)) in [
            (twiceItem, "item \(a.id!) on 2026-01-02"), (twiceOutfit, "outfit \(outfit.id!) on 2026-01-02"),
        ]
        .enumerated() {
            let target = try Wardrobe(folder: dir.path("t\(index)"))
            XCTAssertThrowsError(try target.restore(try roundTrip(archive), photoFolder: nil)) { error in
                XCTAssertEqual((error as? ClosetError)?.kind, .badData, "\(error)")
                XCTAssertTrue("\(error)".contains("wear 4") && "\(error)".contains(expected), "\(error)")
            }
            XCTAssertEqual(try target.summaries().count, 0, "nothing was written")
            XCTAssertEqual(try target.wearLog().count, 0)
        }
        let target = try Wardrobe(folder: dir.path("ok"))
        try target.restore(try roundTrip(good), photoFolder: nil)
        XCTAssertEqual(try target.wearLog().count, 3, "an item worn alone and in an outfit the same day is two wears")
    }

    /// The stream reader refuses what is not one well-formed export, with nothing written; a newer export is named
    /// as one even though its version comes after the entries it cannot read.
    func testMalformedOrNewerExportsAreRefusedWithNothingWritten() throws {
        let cases: [(String, ClosetError.Kind, String)] = [
            ("", .badData, "byte 0"), ("[]", .badData, "expected '{'"),
            (#"{"format":"closet-wardrobe","version":1,"items":["#, .badData, "byte"),
            (#"{"format":"closet-wardrobe","version":1,"x":"# + String(repeating: "[", count: 100), .badData, "nested"),
            (#"{"format":"closet-wardrobe","version":1,"items":[],"wears":[]} trailing"#, .badData, "after the end"),
            (#"{"format":"closet-wardrobe","format":"closet-wardrobe","version":1}"#, .badData, "twice"),
            (#"{"format":"closet-wardrobe","items":[{"future":true}],"version":2}"#, .config, "newer closet"),
            (#"{"format":"other","version":1}"#, .badData, "not a closet export"),
            (#"{"format":"closet-wardrobe","version":1,"wears":[{"day":"2026-01-02","item":1.5}]}"#, .badData, "whole number"),
        ]
        for (index, (text, kind, expected)) in cases.enumerated() {
            let target = try Wardrobe(folder: dir.path("t\(index)"))
            XCTAssertThrowsError(try target.restore(json: Data(text.utf8), name: "w.json", photoFolder: nil)) { error in
                XCTAssertEqual((error as? ClosetError)?.kind, kind, "case \(index): \(error)")
                XCTAssertTrue("\(error)".contains(expected), "case \(index): \(error)")
            }
            XCTAssertEqual(try target.summaries().count, 0)
            XCTAssertEqual(try target.allSettings().count, 0)
        }
        let target = try Wardrobe(folder: dir.path("ok"))
        let summary = try target.restore(
            json: Data(
                #" {"format":"closet-wardrobe","version":1,"items":[],"photos":[],"outfits":[],"wears":[],"settings":{"a":"\u00e9\ud83d\ude00"}} "#
                    .utf8),
            name: "w.json", photoFolder: nil)
        XCTAssertEqual([summary.items, summary.photos, summary.outfits, summary.wears], [0, 0, 0, 0])
        XCTAssertEqual(try target.allSettings(), ["a": "é😀"])
    }

    /// The streamed export holds what `archive()` holds, in its order: items, outfits, photos, plans, settings, wears.
    func testTheStreamedExportIsTheArchive() throws {
        let source = try Wardrobe(folder: dir.path("source"))
        let a = try source.add(
            Item(name: "a \u{1B}\"quoted\"\n", category: "hat", price: 12.5), photo: upload(1, embedding: [1, 2], model: "m"))
        let b = try source.add(Item(name: "b", category: "jeans", colors: ["blue"], colorShares: [0.7]), photo: upload(2))
        let c = try source.add(Item(name: "c", category: "shortSleeve"))
        let outfit = try source.saveOutfit(name: "o", itemIDs: [c.id!, a.id!])
        try source.logWear(items: [b.id!, a.id!], day: "2026-01-03")
        try source.logWear(outfit: outfit.id!, day: "2026-01-02")
        try source.savePlans([Plan(day: "2026-12-01", items: [b.id!, c.id!])])
        try source.setSetting("lang", "ko")
        let json = try source.exportJSON()
        XCTAssertEqual(try JSONDecoder().decode(WardrobeArchive.self, from: json), try source.archive())
        XCTAssertEqual(json.filter { $0 == 0x0A }.count, 1, "one line")
        let target = try Wardrobe(folder: dir.path("target"))
        let photos = dir.path("photos")
        try source.exportPhotos(to: photos)
        try target.restore(json: json, name: "w.json", photoFolder: photos)
        XCTAssertEqual(try target.exportJSON(), json)
    }
}
