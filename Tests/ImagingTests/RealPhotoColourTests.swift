import Foundation
import Imaging
import XCTest

/// The first colour named for 96 real photos of the clothing set's test split, labelled by eye with every
/// name a person would accept for the garment's main colour (Fixtures/colour_labels.csv: image ids only;
/// the photos are read from ../shared when it is there). A quarter lie on busy backgrounds.
final class RealPhotoColourTests: XCTestCase {
    static let dataset = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/datasets/clothing/images")

    struct Labelled { var image: String; var accepted: Set<String>; var busy: Bool }

    static func labels() throws -> [Labelled] {
        let url = Bundle.module.url(forResource: "colour_labels", withExtension: "csv", subdirectory: "Fixtures")!
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Labelled(image: f[0], accepted: Set(f[2].split(separator: ";").map(String.init)), busy: f[3] == "busy")
        }
    }

    func testTheFirstColourIsOneAPersonAcceptsForMostRealPhotos() throws {
        guard FileManager.default.fileExists(atPath: Self.dataset.path) else { throw XCTSkip("../shared/datasets/clothing is not here") }
        let processor = PhotoProcessor()
        var right = 0, rightBusy = 0, busy = 0, total = 0
        var confusions: [String: Int] = [:]
        for label in try Self.labels() {
            guard let data = FileManager.default.contents(atPath: Self.dataset.appendingPathComponent("\(label.image).jpg").path) else {
                continue
            }
            let first = try processor.process(data).colors.first?.name ?? "none"
            total += 1
            if label.busy { busy += 1 }
            if label.accepted.contains(first) {
                right += 1
                if label.busy { rightBusy += 1 }
            } else {
                confusions["\(label.accepted.sorted().first!) → \(first)", default: 0] += 1
            }
        }
        let accuracy = Double(right) / Double(max(total, 1))
        print(
            String(
                format: "colour: first colour accepted for %d of %d real photos (%.1f%%); busy backgrounds %d of %d",
                right, total, accuracy * 100, rightBusy, busy))
        print(
            "colour confusions (a label's first accepted name → named): "
                + confusions.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }
                .joined(separator: ", "))
        XCTAssertEqual(total, 96)
        // The colours issue aims at 0.85; this guards what the border model, centre weighting, per-pixel
        // names and naming priors reach without the classifier's map: 70 of 96 (72.9 %).
        XCTAssertGreaterThanOrEqual(accuracy, 0.72)
    }
}
