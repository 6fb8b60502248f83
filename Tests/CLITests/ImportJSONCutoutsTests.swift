import ClosetKit
import Foundation
import Imaging
import TestSupport
import XCTest

/// `closet import --json` says what became of the cut-outs: the pass runs before the answer is printed (the answer is
/// whole, and the process ends with it), and its `cutouts` object counts the masks stored, those that found
/// nothing, and the photos left for `closet cutout --all`. The shipped U²-Netp runs at 32×32, as in MaskCLITests.
final class ImportJSONCutoutsTests: XCTestCase {
    var dir: TemporaryDirectory!
    var closet: ClosetProcess!

    override func setUpWithError() throws {
        dir = TemporaryDirectory("closet-import-json-cutouts")
        closet = ClosetInProcess.withoutModel(in: dir)
        closet.environment["CLOSET_SEGMENT_MODEL"] = try SmallSegmentModel.make(in: dir).path
    }

    func photos(_ count: Int, from first: Int = 0) throws -> [String] {
        try (first..<(first + count)).map { n in
            try dir.write(
                "in/p\(n).jpg",
                ImageEncoder.jpeg(SyntheticPhoto.garment(width: 64 + n, height: 48, color: (200, 40, 60), seed: UInt32(n)), quality: 90)
            ).path
        }
    }

    func cutouts(_ result: ClosetProcess.Result) throws -> [String: Any] {
        let object = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout)
        return try XCTUnwrap(object["cutouts"] as? [String: Any], "a cutouts object in \(result.stdout)")
    }

    func testTheAnswerComesAfterThePassAndCountsItsMasks() throws {
        let result = try closet.run(["import", "--json", "--category", "hat"] + photos(2))
        XCTAssertEqual(result.status, 0, result.stderr)
        let made = try cutouts(result)
        XCTAssertEqual(made["ran"] as? Bool, true)
        XCTAssertEqual((made["stored"] as? Int ?? -1) + (made["nothingFound"] as? Int ?? -1), 2, "\(made)")
        XCTAssertEqual(made["leftForLater"] as? Int, 0)
        XCTAssertEqual(try Wardrobe(folder: closet.wardrobe).photosWithoutMask(model: "u2netp@32").count, 0, "stored before the answer")
        XCTAssertEqual(result.stderr, "", "a script's stderr stays quiet")
    }

    func testWithoutThePassTheAnswerSaysThePhotosAreLeftForLater() throws {
        var result = try closet.run(["import", "--json", "--no-cutouts", "--category", "hat"] + photos(2))
        XCTAssertEqual(result.status, 0, result.stderr)
        var left = try cutouts(result)
        XCTAssertEqual(left["ran"] as? Bool, false)
        XCTAssertEqual(left["stored"] as? Int, 0)
        XCTAssertEqual(left["leftForLater"] as? Int, 2)
        XCTAssertEqual(try Wardrobe(folder: closet.wardrobe).photosWithoutMask(model: "u2netp@32").count, 2)

        closet.environment["CLOSET_SEGMENT_MODEL"] = "none"
        result = try closet.run(["import", "--json", "--category", "hat"] + photos(1, from: 5))
        XCTAssertEqual(result.status, 0, result.stderr)
        left = try cutouts(result)
        XCTAssertEqual(left["ran"] as? Bool, false, "no segmentation model")
        XCTAssertEqual(left["leftForLater"] as? Int, 1)
    }
}
