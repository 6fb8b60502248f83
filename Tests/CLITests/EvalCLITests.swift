import Foundation
import Imaging
import TestSupport
import XCTest

/// `closet eval --colours`: the first colour named for labelled photos against every accepted name.
final class EvalCLITests: XCTestCase {
    func testColourEvaluationCountsTheFirstColourAgainstEveryAcceptedName() throws {
        let dir = TemporaryDirectory()
        let photos = dir.path("photos")
        try FileManager.default.createDirectory(at: photos, withIntermediateDirectories: true)
        let garments: [(String, (UInt8, UInt8, UInt8))] = [("red", (200, 30, 40)), ("navy", (30, 40, 110)), ("green", (40, 140, 60))]
        for (name, colour) in garments {
            try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 120, height: 160, color: colour), quality: 90)
                .write(to: photos.appendingPathComponent("\(name).jpg"))
        }
        // A photo beside the folder, which a label must not reach.
        try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 120, height: 160, color: (200, 30, 40)))
            .write(to: dir.path("outside.jpg"))
        let labels = dir.path("labels.csv")
        try "image,colours\nred,red;burgundy\nnavy.jpg,navy;black\ngreen,pink\n../outside,red\n".write(
            to: labels, atomically: true, encoding: .utf8)
        let closet = ClosetInProcess.withoutModel(in: dir)

        let text = try closet.run(["eval", "--colours", "--labels", labels.path, photos.path], withWardrobe: false)
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("3 photos (1 unreadable)"), text.stdout)
        XCTAssertTrue(text.stdout.contains("accepts for 2 (66.7%)"), text.stdout)
        XCTAssertTrue(text.stdout.contains("pink → green ×1"), text.stdout)

        let json = try closet.run(["eval", "--colours", "--json", "--labels", labels.path, photos.path], withWardrobe: false)
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        XCTAssertEqual(object["accepted"] as? Int, 2)
        XCTAssertEqual(object["unreadable"] as? Int, 1)
        let rows = try XCTUnwrap(object["photos"] as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["first"] as? String }, ["red", "navy", "green"])
        for row in rows {
            let shares = try XCTUnwrap(row["shares"] as? [String: Double])
            XCTAssertEqual(shares.values.reduce(0, +), 1, accuracy: 1e-6, "every garment pixel has one name")
            XCTAssertGreaterThan(shares[row["first"] as! String] ?? 0, 0.5)
        }
    }

    /// The classifier's evaluation also says how well its confidence is calibrated: one photo, so the error is
    /// exactly the distance between its confidence and 1 (right) or 0 (wrong).
    func testClassifierEvaluationReportsTheCalibrationError() throws {
        let dir = TemporaryDirectory()
        let photos = dir.path("photos")
        try FileManager.default.createDirectory(at: photos, withIntermediateDirectories: true)
        try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 150, height: 210, color: (30, 40, 110), seed: 3), quality: 90)
            .write(to: photos.appendingPathComponent("a.jpg"))
        let labels = dir.path("labels.csv")
        try "image,label\na,Pants\nb,Not sure\n".write(to: labels, atomically: true, encoding: .utf8)
        let closet = ClosetInProcess.closet(wardrobe: dir.path("wardrobe"))
        let json = try closet.run(["eval", "--json", "--labels", labels.path, photos.path], withWardrobe: false)
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
        XCTAssertEqual(object["images"] as? Int, 1)
        XCTAssertEqual(object["skipped"] as? Int, 1)
        let error = try XCTUnwrap(object["calibration_error"] as? Double)
        // What `closet classify` shows for the photo: its top class and that class's probability.
        let shown = try closet.run(["classify", "--json", "--no-personal", photos.appendingPathComponent("a.jpg").path])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        let line = try XCTUnwrap(try JSONSerialization.jsonObject(with: shown.stdoutData) as? [String: Any])
        let top = try XCTUnwrap((line["top"] as? [[String: Any]])?.first)
        let p = try XCTUnwrap(top["p"] as? Double)
        let right = ["longPants", "jeans"].contains(top["category"] as? String ?? "")
        XCTAssertEqual(object["accuracy"] as? Double, right ? 1 : 0)
        XCTAssertEqual(error, right ? 1 - p : p, accuracy: 1e-9)
        let text = try closet.run(["eval", "--labels", labels.path, photos.path], withWardrobe: false)
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains(String(format: "calibration error %.3f", error)), text.stdout)
    }

    func testColourLabelsWithAnUnknownNameAreRefused() throws {
        let dir = TemporaryDirectory()
        let labels = dir.path("labels.csv")
        let closet = ClosetInProcess.withoutModel(in: dir)
        try "image,colours\nphoto,red;rose\n".write(to: labels, atomically: true, encoding: .utf8)
        let unknown = try closet.run(["eval", "--colours", "--labels", labels.path, dir.url.path], withWardrobe: false)
        XCTAssertEqual(unknown.status, 65)
        XCTAssertTrue(unknown.stderr.contains("\"rose\" is not one of closet's colours"), unknown.stderr)
        try "image,label\nphoto,T-Shirt\n".write(to: labels, atomically: true, encoding: .utf8)
        let columns = try closet.run(["eval", "--colours", "--labels", labels.path, dir.url.path], withWardrobe: false)
        XCTAssertEqual(columns.status, 65)
        XCTAssertTrue(columns.stderr.contains("needs the columns image and colours"), columns.stderr)
    }
}
