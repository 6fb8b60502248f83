import ClosetKit
import Foundation
import TestSupport
import XCTest

/// #36: the stylist's fields (who set the thickness, formality, pattern, a shoe's open and fit for rain) travel
/// through every export: CSV, JSON and `list --json`'s ItemJSON, and a restore keeps them.
final class StylistFieldsExportTests: XCTestCase {
    var dir: TemporaryDirectory!
    var wardrobe: Wardrobe!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        wardrobe = try Wardrobe(folder: dir.path("w"))
        var knit = NewItem(name: "Office knit", category: "sweater", colors: ["navy"], thickness: 4)
        knit.thicknessSet = true
        knit.formalityOverride = 3
        knit.pattern = .striped
        var heels = NewItem(name: "Closed heels", category: "heels", colors: ["black"], thickness: 1)
        heels.openOverride = false
        heels.rainproofOverride = true
        heels.pattern = .print
        var boots = NewItem(name: "Suede boots", category: "boots", colors: ["brown"], thickness: 4)
        boots.rainproofOverride = false
        boots.formalityOverride = 0
        for item in [knit, heels, boots] { try wardrobe.add(item) }
        // A thickness equal to the category's default that the person set all the same.
        var coat = NewItem(name: "Coat", category: "coat", colors: ["camel"], thickness: 4)
        coat.thicknessSet = true
        try wardrobe.add(coat)
    }

    /// The items in the order they were added.
    func items(_ w: Wardrobe) throws -> [Item] { try w.summaries(ItemFilter(status: nil)).map(\.item).sorted { $0.id < $1.id } }

    func testACSVExportCarriesTheStylistFieldsAndARestoreKeepsThem() throws {
        let csv = try wardrobe.exportCSV()
        let records = try CSV.records(csv)
        let knit = try XCTUnwrap(records.first { $0["name"] == "Office knit" })
        XCTAssertEqual(knit["thicknessSet"], "1")
        XCTAssertEqual(knit["formality"], "3")
        XCTAssertEqual(knit["formalityLevel"], "3")
        XCTAssertEqual(knit["pattern"], "striped")
        let heels = try XCTUnwrap(records.first { $0["name"] == "Closed heels" })
        XCTAssertEqual([heels["open"], heels["rainproof"], heels["formality"], heels["formalityLevel"]], ["no", "yes", "", "3"])
        let fresh = try Wardrobe(folder: dir.path("fresh"))
        try fresh.restoreCSV(csv)
        XCTAssertEqual(try items(fresh), try items(wardrobe))
        let restored = try items(fresh)
        XCTAssertEqual(restored.map(\.thicknessSet), [true, false, false, true])
        XCTAssertEqual(restored.map(\.formalityOverride), [3, nil, 0, nil])
        XCTAssertEqual(restored.map(\.pattern), [.striped, .print, .solid, .solid])
        XCTAssertEqual(restored.map(\.openOverride), [nil, false, nil, nil])
        XCTAssertEqual(restored.map(\.rainproofOverride), [nil, true, false, nil])
    }

    /// A CSV written before the stylist's columns still restores: a thickness other than the category's default
    /// counts as set, the rest are the kinds' defaults; a bad value is refused naming its line and column.
    func testAnOlderCSVRestoresWithDefaultsAndABadValueIsRefusedNamingTheLine() throws {
        let older = try CSV.parse(try wardrobe.exportCSV()).map { CSV.line(Array($0.prefix(WardrobeArchive.baseCSVColumns.count))) }
        let fresh = try Wardrobe(folder: dir.path("fresh"))
        try fresh.restoreCSV(older.joined(separator: "\n") + "\n")
        let restored = try items(fresh)
        XCTAssertEqual(restored.map(\.thicknessSet), [true, false, false, false])
        XCTAssertEqual(restored.map(\.pattern), [.solid, .solid, .solid, .solid])
        XCTAssertEqual(restored.map(\.formalityOverride), [nil, nil, nil, nil])
        let header = CSV.line(["name", "category", "pattern", "open"])
        for (line, message) in [("Knit,sweater,tartan,", "pattern 'tartan'"), ("Heels,heels,solid,maybe", "open 'maybe'")] {
            let target = try Wardrobe(folder: dir.path("bad-\(line.count)"))
            XCTAssertThrowsError(try target.restoreCSV(header + "\n" + line + "\n")) { error in
                guard case .badData(let text) = error as? ClosetError else { return XCTFail("\(error)") }
                XCTAssertTrue(text.contains("CSV line 2") && text.contains(message), text)
            }
        }
    }

    func testAJSONExportAndListJSONCarryTheStylistFieldsAndARestoreKeepsThem() throws {
        var data = Data()
        try wardrobe.exportJSON { data.append($0) }
        let fresh = try Wardrobe(folder: dir.path("fresh"))
        try fresh.restore(json: data, name: "export.json", photoFolder: nil)
        XCTAssertEqual(try items(fresh), try items(wardrobe))
        // list --json prints ItemJSON: read back, each item is the one stored.
        let listed = try JSONEncoder.closet.encode(try wardrobe.summaries(ItemFilter(status: nil)).map { ItemJSON($0) })
        let decoded = try JSONDecoder().decode([ItemJSON].self, from: listed).sorted { $0.id < $1.id }
        XCTAssertEqual(try decoded.map { try $0.item() }, try items(wardrobe))
        XCTAssertEqual(decoded.map(\.formalityLevel), [3, 3, 0, 2])
    }
}
