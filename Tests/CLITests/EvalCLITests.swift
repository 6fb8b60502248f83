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
        let closet = ClosetProcess.withoutModel(in: dir)

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

    func testColourLabelsWithAnUnknownNameAreRefused() throws {
        let dir = TemporaryDirectory()
        let labels = dir.path("labels.csv")
        let closet = ClosetProcess.withoutModel(in: dir)
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
