@testable import ClosetKit
import Foundation
import GRDB
import TestSupport
import XCTest

/// Warmth follows a correction (#36 §1): a category change resets a default thickness to the new category's;
/// a thickness a person set survives; undo restores both; older wardrobes learn which thickness was a default.
final class ThicknessFollowsCategoryTests: XCTestCase {
    var dir: TemporaryDirectory!
    var wardrobe: Wardrobe!

    override func setUpWithError() throws {
        dir = TemporaryDirectory()
        wardrobe = try Wardrobe(folder: dir.path("w"))
    }

    func add(_ category: CategoryID, thickness: Int? = nil) throws -> Item {
        let kind = Taxonomy.shared.category(category)!
        var item = NewItem(name: "T", category: category, thickness: thickness ?? kind.thickness)
        item.thicknessSet = thickness != nil
        return try wardrobe.add(item)
    }

    func testAnEditOfTheCategoryResetsADefaultThickness() throws {
        let jacket = try add("jacket")
        XCTAssertEqual(jacket.thickness, 3)
        var edited = jacket
        edited.confirm(category: "winterOuter")
        XCTAssertEqual(try wardrobe.update(edited).thickness, 5, "a padded coat is ●●●●●, not the jacket's ●●●○○")
        XCTAssertFalse(try wardrobe.item(jacket.id).thicknessSet)
    }

    func testConfirmingWithAnotherCategoryResetsADefaultThickness() throws {
        let jacket = try add("jacket")
        try wardrobe.confirm(jacket.id, category: "winterOuter")
        XCTAssertEqual(try wardrobe.item(jacket.id).thickness, 5)
        // The TUI's review and `c` confirm several at once.
        let other = try add("jacket")
        try wardrobe.confirm([other.id], category: "coat")
        XCTAssertEqual(try wardrobe.item(other.id).thickness, 4)
    }

    func testAThicknessThePersonSetSurvivesACategoryChange() throws {
        let jacket = try add("jacket", thickness: 2)
        try wardrobe.confirm(jacket.id, category: "winterOuter")
        XCTAssertEqual(try wardrobe.item(jacket.id).thickness, 2)
        // Set in the same edit as the category: the person's number wins.
        var item = try wardrobe.item(jacket.id)
        item.category = "coat"
        item.thickness = 1
        XCTAssertEqual(try wardrobe.update(item).thickness, 1)
        XCTAssertTrue(try wardrobe.item(jacket.id).thicknessSet)
    }

    func testAThicknessChangedInAnEditIsMarkedSet() throws {
        let coat = try add("coat")
        var item = coat
        item.thickness = 2
        try wardrobe.update(item)
        try wardrobe.confirm(coat.id, category: "winterOuter")
        XCTAssertEqual(try wardrobe.item(coat.id).thickness, 2, "set by the person: it stays")
    }

    func testUndoRestoresTheCategoryAndItsThickness() throws {
        let jacket = try add("jacket")
        let changes = try wardrobe.confirm([jacket.id], category: "winterOuter")
        XCTAssertEqual(try wardrobe.item(jacket.id).thickness, 5)
        try wardrobe.revert(changes)
        let back = try wardrobe.item(jacket.id)
        XCTAssertEqual(back.category, "jacket")
        XCTAssertEqual(back.thickness, 3)
        XCTAssertFalse(back.thicknessSet)
    }

    func testTheMigrationCallsAThicknessEqualToTheDefaultADefault() throws {
        let folder = dir.path("old")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        do {
            let queue = try DatabaseQueue(path: folder.appendingPathComponent("wardrobe.sqlite").path)
            try Schema.migrator.migrate(queue, upTo: "v8-one-wear-a-day")
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO items (id, name, category, thickness, created, updated) VALUES
                            (1, 'default jacket', 'jacket', 3, '2026-01-01', '2026-01-01'),
                            (2, 'thin jacket', 'jacket', 1, '2026-01-01', '2026-01-01');
                        """)
            }
            try queue.close()
        }
        let old = try Wardrobe(folder: folder)
        XCTAssertFalse(try old.item(1).thicknessSet)
        XCTAssertTrue(try old.item(2).thicknessSet)
        try old.confirm(1, category: "winterOuter")
        try old.confirm(2, category: "winterOuter")
        XCTAssertEqual(try old.item(1).thickness, 5)
        XCTAssertEqual(try old.item(2).thickness, 1)
    }

    func testExportAndRestoreCarryTheStylistsFieldsAndOldExportsGetDefaults() throws {
        var item = NewItem(name: "Shoe", category: "heels", thickness: 1)
        item.formalityOverride = 4
        item.pattern = .floral
        item.openOverride = false
        item.rainproofOverride = true
        item.thicknessSet = true
        let added = try wardrobe.add(item)
        let restored = try Wardrobe(folder: dir.path("restored"))
        try restored.restore(json: try wardrobe.exportJSON(), name: "export", photoFolder: nil)
        let back = try restored.item(added.id)
        XCTAssertEqual(back.formalityOverride, 4)
        XCTAssertEqual(back.pattern, .floral)
        XCTAssertEqual(back.openOverride, false)
        XCTAssertEqual(back.rainproofOverride, true)
        XCTAssertTrue(back.thicknessSet)
        // An export from before these fields: defaults, and a thickness off its category's default counts as set.
        let old = try JSONDecoder().decode(
            ItemJSON.self,
            from: Data(
                #"{"category":"coat","colorShares":[],"colors":[],"created":"2026-01-01T00:00:00.000Z","group":"outer","id":1,"name":"c","needsReview":false,"seasons":[],"status":"active","styles":[],"thickness":2,"updated":"2026-01-01T00:00:00.000Z","wears":0}"#
                    .utf8)
        ).item()
        XCTAssertTrue(old.thicknessSet)
        XCTAssertEqual(old.pattern, .solid)
        XCTAssertNil(old.formalityOverride)
    }
}
