import ClosetKit
import Foundation
import TestSupport
import XCTest

/// A profile saved by an older closet keeps what the person set; a damaged one is an error, never a reset.
final class StoredSettingsTests: XCTestCase {
    let dir = TemporaryDirectory()
    lazy var closet = ClosetProcess.withoutModel(in: dir)

    /// A profile as an older closet saved it: before `geocodingURL`, `weatherURL`, `autoWeather` and `graphics`.
    let olderProfile = #"{"name":"Mina","latitude":37.57,"longitude":126.98,"city":"Seoul","units":"imperial","language":"ko"}"#

    func testAProfileSavedBeforeAFieldExistedKeepsEveryFieldItHas() throws {
        let wardrobe = try Wardrobe(folder: closet.wardrobe)
        try wardrobe.setSetting("profile", olderProfile)
        var profile = try wardrobe.profile()
        XCTAssertEqual(profile.name, "Mina")
        XCTAssertEqual(profile.latitude, 37.57)
        XCTAssertEqual(profile.longitude, 126.98)
        XCTAssertEqual(profile.city, "Seoul")
        XCTAssertEqual(profile.units, .imperial)
        XCTAssertEqual(profile.language, .ko)
        XCTAssertEqual(profile.geocodingURL, Profile().geocodingURL, "the missing keys take their defaults")
        XCTAssertEqual(profile.weatherURL, Profile().weatherURL)
        XCTAssertFalse(profile.autoWeather)
        // The next change keeps the rest.
        profile.autoWeather = true
        try wardrobe.saveProfile(profile)
        XCTAssertEqual(try wardrobe.profile().name, "Mina")
        XCTAssertEqual(try wardrobe.profile().language, .ko)

        // Through the CLI, as the issue found it: `closet profile --units metric` after an older closet.
        try wardrobe.setSetting("profile", olderProfile)
        let result = try closet.run(["profile", "--units", "metric", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let saved = try Wardrobe(folder: closet.wardrobe).profile()
        XCTAssertEqual(saved.name, "Mina")
        XCTAssertEqual(saved.latitude, 37.57)
        XCTAssertEqual(saved.language, .ko)
        XCTAssertEqual(saved.units, .metric)
    }

    func testADamagedProfileIsAnErrorAndIsNeverSavedOver() throws {
        let wardrobe = try Wardrobe(folder: closet.wardrobe)
        for damaged in [
            "{not json", #"{"name":5}"#, #"{"latitude":"north"}"#, "[1]", #"{"units":"cubits"}"#, #"{"latitude":95,"longitude":0}"#,
            #"{"autoWeather":"yes"}"#, "",
        ] {
            try wardrobe.setSetting("profile", damaged)
            XCTAssertThrowsError(try wardrobe.profile(), damaged) {
                guard case .damagedSetting(key: "profile", _)? = $0 as? ClosetError else { return XCTFail("\($0)") }
            }
            let result = try closet.run(["profile", "--name", "Other"])
            XCTAssertEqual(result.status, 65, damaged + result.stderr)
            XCTAssertTrue(result.stderr.contains("profile is damaged"), result.stderr)
            XCTAssertTrue(result.stderr.contains("closet profile --reset"), result.stderr)
            XCTAssertEqual(try wardrobe.setting("profile"), damaged, "nothing was written over it")
        }
        // `--reset` starts again, and prints what was there first.
        let result = try closet.run(["profile", "--reset", "--name", "Ann"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("the saved profile was"), result.stderr)
        XCTAssertEqual(try wardrobe.profile().name, "Ann")
    }

    func testDamagedLaundryRulesAreAnErrorAndAreNeverSavedOver() throws {
        let wardrobe = try Wardrobe(folder: closet.wardrobe)
        try wardrobe.setLaundryAfter(5, category: "jeans")
        let rules = try XCTUnwrap(try wardrobe.setting("laundry.after"))
        try wardrobe.setSetting("laundry.after", #"{"jeans":"five"}"#)
        XCTAssertThrowsError(try wardrobe.laundryAfter())
        XCTAssertThrowsError(try wardrobe.setLaundryAfter(1, category: "tShirt"))
        XCTAssertEqual(try wardrobe.setting("laundry.after"), #"{"jeans":"five"}"#)
        // A reset starts the profile again, and the laundry rules only when they are damaged.
        var profile = Profile()
        profile.name = "Mina"
        try wardrobe.saveProfile(profile)
        let old = try wardrobe.resetProfile()
        XCTAssertEqual(old.map(\.key), ["profile", "laundry.after"])
        XCTAssertEqual(try wardrobe.laundryAfter(), [:])
        try wardrobe.setSetting("laundry.after", rules)
        XCTAssertEqual(try wardrobe.resetProfile().map(\.key), [])
        XCTAssertEqual(try wardrobe.laundryAfter(), ["jeans": 5])
    }
}
