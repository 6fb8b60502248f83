import ClosetKit
import XCTest

final class TaxonomyTests: XCTestCase {
    func testShippedTaxonomyHasEveryGroupAndCategory() {
        let t = Taxonomy.shared
        XCTAssertEqual(t.groups.map(\.id), ["top", "bottom", "outer", "onepiece", "shoes", "hat", "bag", "accessory"])
        XCTAssertEqual(t.categories.count, 32)
        XCTAssertEqual(
            t.categories(inGroup: "top").map(\.id),
            ["shortSleeve", "longSleeve", "sleeveless", "blouseShirt", "hoodie", "sweater", "trainingTop", "vest"])
        XCTAssertEqual(t.categories(inGroup: "outer").map(\.id), ["blazer", "cardigan", "coat", "jacket", "parka", "winterOuter"])
        XCTAssertEqual(t.category("winterOuter")?.ko, "패딩")
        XCTAssertEqual(t.category("shortSleeve")?.ko, "반소매 티셔츠")
        XCTAssertEqual(t.category("winterOuter")?.warmth, 5)
        XCTAssertEqual(t.category("winterOuter")?.seasons, [.winter])
        for c in t.categories {
            XCTAssertTrue((1...5).contains(c.warmth), c.id)
            XCTAssertFalse(c.seasons.isEmpty, c.id)
            XCTAssertFalse(c.ko.isEmpty, c.id)
        }
    }

    func testUnknownCategoryListsTheValidOnes() {
        XCTAssertThrowsError(try Taxonomy.shared.require(category: "tuxedo")) { error in
            guard case .usage(let message) = error as? ClosetError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("tuxedo"))
            XCTAssertTrue(message.contains("shortSleeve"))
            XCTAssertTrue(message.contains("winterOuter"))
        }
        XCTAssertEqual(try Taxonomy.shared.require(category: "JEANS").id, "jeans")
    }

    func testTaxonomyRejectsAnUnknownGroup() {
        let json =
            #"{"groups":[{"id":"top","en":"T","ko":"상"}],"categories":[{"id":"x","group":"nope","en":"X","ko":"엑","warmth":1,"seasons":[]}]}"#
        XCTAssertThrowsError(try Taxonomy(json: Data(json.utf8)))
    }

    func testSeasonParsing() throws {
        XCTAssertEqual(try Season(parsing: "Fall"), .autumn)
        XCTAssertThrowsError(try Season(parsing: "monsoon"))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        XCTAssertEqual(Season.of(Day.date("2026-07-01")!, calendar: calendar), .summer)
        XCTAssertEqual(Season.of(Day.date("2026-01-15")!, calendar: calendar), .winter)
    }

    func testDays() throws {
        XCTAssertEqual(try Day.parse("2026-3-7"), "2026-03-07")
        XCTAssertThrowsError(try Day.parse("yesterday-ish"))
        XCTAssertEqual(Day.distance(from: "2026-02-27", to: "2026-03-02"), 3)
        XCTAssertEqual(Day.distance(from: "2024-02-28", to: "2024-03-01"), 2, "leap year")
        XCTAssertEqual(Day.ordinal("1970-01-01"), 0)
        XCTAssertEqual(Day.ordinal("2000-03-01"), 11_017)
        XCTAssertNil(Day.ordinal("2026-13-01"))
    }
}

final class SearchAndDayTests: XCTestCase {
    func testSearchTextMatchesWordsInAnyCaseAndKoreanNames() {
        let taxonomy = Taxonomy.shared
        let item = Item(name: "Camel COAT", category: "coat", colors: ["Beige"], styles: ["office"], brand: "Zeta")
        let text = SearchText(item, taxonomy: taxonomy)
        XCTAssertTrue(text.contains(all: SearchText.words("camel coat")))
        XCTAssertTrue(text.contains(all: SearchText.words("BEIGE zet")))
        XCTAssertFalse(text.contains(all: SearchText.words("camel navy")))
        let korean = taxonomy.category("coat")!.ko
        XCTAssertTrue(text.contains(all: SearchText.words(korean)), "the Korean category name matches")
        XCTAssertTrue(SearchText(Item(name: "ÉTÉ Robe", category: "dress"), taxonomy: taxonomy).contains(all: SearchText.words("été")))
        // The batch index and the single constructor agree.
        let items = [item, Item(name: "Tee", category: "shortSleeve"), Item(name: "Coat two", category: "coat")]
        for (a, b) in zip(SearchText.index(items, taxonomy: taxonomy), items.map { SearchText($0, taxonomy: taxonomy) }) {
            XCTAssertEqual(a.contains(all: SearchText.words("coat")), b.contains(all: SearchText.words("coat")))
        }
        XCTAssertTrue(ItemFilter(text: "   ").matches(item), "a blank search matches everything")
    }

    func testFilterStyleAndColourIgnoreCase() {
        let item = Item(name: "Knit", category: "sweater", colors: ["Navy"], styles: ["office"])
        XCTAssertTrue(ItemFilter(style: "OFFICE", color: "navy").matches(item))
        XCTAssertFalse(ItemFilter(color: "nav").matches(item))
        XCTAssertTrue(ItemFilter(color: "ÉCRU").matches(Item(name: "x", category: "sweater", colors: ["écru"])))
    }

    func testDayOrdinalOfADateMatchesItsDayString() {
        for zone in ["UTC", "Asia/Seoul", "America/Los_Angeles"] {
            let tz = TimeZone(identifier: zone)!
            for t in stride(from: 1_700_000_000.0, to: 1_800_000_000.0, by: 3_333_333.7) {
                let date = Date(timeIntervalSince1970: t)
                XCTAssertEqual(Day.ordinal(of: date, timeZone: tz), Day.ordinal(Day.string(date, timeZone: tz)), "\(zone) \(date)")
            }
        }
    }
}

final class LocaleTests: XCTestCase {
    func testTheLanguageFollowsTheLocaleAsGettextReadsIt() {
        XCTAssertEqual(Language.fromLocale(["LANG": "ko_KR.UTF-8"]), .ko)
        XCTAssertEqual(Language.fromLocale(["LANG": "ko_KR.UTF-8", "LC_MESSAGES": "en_US.UTF-8"]), .en)
        XCTAssertEqual(Language.fromLocale(["LANG": "en_GB.UTF-8", "LC_ALL": "ko_KR.UTF-8"]), .ko)
        XCTAssertEqual(Language.fromLocale(["LC_ALL": "", "LANG": "ko"]), .ko, "an empty LC_ALL is not set")
        XCTAssertEqual(Language.fromLocale([:]), .en)
        var profile = Profile()
        XCTAssertEqual(profile.effectiveLanguage(["LANG": "ko_KR.UTF-8"]), .ko)
        profile.language = .en
        XCTAssertEqual(profile.effectiveLanguage(["LANG": "ko_KR.UTF-8"]), .en, "a chosen language wins")
    }
}
