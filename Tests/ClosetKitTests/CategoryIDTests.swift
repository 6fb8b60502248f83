import ClosetKit
import Foundation
import TestSupport
import XCTest

/// Category and group ids are types of their own, written as the plain strings they always were; an unknown
/// category is refused where it enters.
final class CategoryIDTests: XCTestCase {
    func testIdsAreThePlainStringsInJSONAndTheTaxonomyIsTyped() throws {
        let ids: [CategoryID] = ["coat", "shortSleeve"]
        XCTAssertEqual(String(decoding: try JSONEncoder().encode(ids), as: UTF8.self), #"["coat","shortSleeve"]"#)
        XCTAssertEqual(try JSONDecoder().decode([CategoryID].self, from: Data(#"["coat"]"#.utf8)), ["coat"])
        XCTAssertEqual(String(decoding: try JSONEncoder().encode([GroupID("outer")]), as: UTF8.self), #"["outer"]"#)
        let coat = try XCTUnwrap(Taxonomy.shared.category("coat"))
        XCTAssertEqual(coat.group, "outer")
        XCTAssertEqual(Taxonomy.shared.categories(inGroup: coat.group).map(\.id).contains("coat"), true)
        XCTAssertEqual("\(coat.id)", "coat", "a category id prints as its text")
        XCTAssertEqual(try Taxonomy.shared.require(category: "COAT").id, "coat")
    }

    func testAnUnknownCategoryIsRefusedOnAddAndOnRestoreNamingIt() throws {
        let dir = TemporaryDirectory()
        let source = try Wardrobe(folder: dir.path("source"))
        XCTAssertThrowsError(try source.add(NewItem(name: "Suit", category: "tuxedo"))) {
            XCTAssertTrue("\($0)".contains("'tuxedo'"), "\($0)")
        }
        _ = try source.add(NewItem(name: "Tee", category: "shortSleeve"))
        var json = Data()
        _ = try source.exportJSON { json.append($0) }
        let text = String(decoding: json, as: UTF8.self)
        XCTAssertTrue(text.contains(#""category":"shortSleeve""#), text)
        let file = dir.path("bad.json")
        try Data(text.replacingOccurrences(of: #""category":"shortSleeve""#, with: #""category":"tux\u001bedo""#).utf8).write(to: file)
        let target = try Wardrobe(folder: dir.path("target"))
        XCTAssertThrowsError(try target.restore(jsonAt: file, photoFolder: nil)) { error in
            let message = (error as? ClosetError)?.message ?? "\(error)"
            XCTAssertTrue(message.contains("unknown category 'tux\\eedo'"), message)
        }
        XCTAssertEqual(try target.itemCount(), 0)
        XCTAssertThrowsError(try target.restoreCSV("name,category\nSuit,tuxedo\n")) { XCTAssertTrue("\($0)".contains("'tuxedo'"), "\($0)") }
    }

    func testShortNamesComeFromTheTaxonomy() throws {
        let t = Taxonomy.shared
        XCTAssertEqual(t.category("sweater")?.shortName(.en), "knit")
        XCTAssertEqual(t.category("shortSleeve")?.shortName(.en), "T-shirt")
        XCTAssertEqual(t.category("sweater")?.shortName(.ko), "니트/스웨터")
        XCTAssertEqual(t.category("hoodie")?.shortName(.en), "hoodie", "without a short name, the name in lower case")
        XCTAssertEqual(t.categories.filter { $0.short != nil }.count, 12)
    }
}
