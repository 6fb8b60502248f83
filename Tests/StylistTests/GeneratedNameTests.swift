import ClosetKit
import XCTest

/// #42 item 8: a generated name is the item's colour and its kind's noun, never a category label with a slash
/// ("Navy shirt / blouse", "검정 원피스/세트") or brackets ("Black dress shoes (derby, oxford, brogue)").
final class GeneratedNameTests: XCTestCase {
    func testEveryCategoryGivesAColourAndANounInBothLanguages() {
        for category in Taxonomy.shared.categories {
            let item = NewItem(
                name: Item.generatedName(colors: ["navy"], category: category.id), category: category.id, colors: ["navy"])
            let names: [(Language, String, String)] = [
                (.en, item.name, "Navy " + category.noun(.en)), (.en, item.displayName(.en), "Navy " + category.noun(.en)),
                (.ko, item.displayName(.ko), Strings.colour("navy", .ko) + " " + category.noun(.ko)),
            ]
            for (language, name, expected) in names {
                XCTAssertEqual(name, expected, "\(category.id) in \(language)")
                XCTAssertFalse(name.contains("/") || name.contains("(") || name.contains(")"), "\(category.id) in \(language): \(name)")
                XCTAssertFalse(category.noun(language).isEmpty, "\(category.id) in \(language)")
            }
            XCTAssertTrue(item.hasGeneratedName(), "\(category.id)")
        }
        XCTAssertEqual(Item.generatedName(colors: ["navy"], category: "blouseShirt"), "Navy shirt")
        XCTAssertEqual(Item.generatedName(colors: ["black"], category: "onePieceSet"), "Black dress")
        XCTAssertEqual(Item.generatedName(colors: ["black"], category: "dressShoes"), "Black dress shoes")
        XCTAssertEqual(Item.generatedName(colors: [], category: "sweater"), "Sweater")
        XCTAssertEqual(NewItem(name: "Black dress", category: "onePieceSet", colors: ["black"]).displayName(.ko), "검정 원피스")
    }

    /// A name generated from the label before nouns is still closet's own: it reads as it is generated now and
    /// follows a correction, as a typed name does not.
    func testANameGeneratedFromTheOldLabelReadsAsTheNounAndFollowsACorrection() {
        var older = NewItem(name: "Navy shirt / blouse", category: "blouseShirt", colors: ["navy"], needsReview: true)
        XCTAssertTrue(older.hasGeneratedName())
        XCTAssertEqual(older.displayName(.en), "Navy shirt")
        XCTAssertEqual(older.displayName(.ko), Strings.colour("navy", .ko) + " 셔츠")
        older.confirm(category: "coat")
        XCTAssertEqual(older.name, "Navy coat")
        let bare = NewItem(name: "Dress / one-piece set", category: "onePieceSet")
        XCTAssertEqual(bare.displayName(.en), "Dress")
        let typed = NewItem(name: "Navy shirt / blouse from Mum", category: "blouseShirt", colors: ["navy"])
        XCTAssertFalse(typed.hasGeneratedName())
        XCTAssertEqual(typed.displayName(.en), "Navy shirt / blouse from Mum")
    }
}
