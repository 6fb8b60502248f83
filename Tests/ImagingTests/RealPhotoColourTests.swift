import Foundation
import Imaging
import TestSupport
import XCTest

/// The first colour named for 96 real photos of the clothing set's test split, labelled by eye with every
/// name a person would accept for the garment's main colour (Fixtures/colour_labels.csv: image ids only;
/// the photos are read from ../shared when it is there). A quarter lie on busy backgrounds.
final class RealPhotoColourTests: XCTestCase {
    func testTheFirstColourIsOneAPersonAcceptsForMostRealPhotos() throws {
        guard let images = ColourLabelScore.clothingImages else { throw Requirement.missing("../shared/datasets/clothing is not here") }
        let labels = try XCTUnwrap(Bundle.module.url(forResource: "colour_labels", withExtension: "csv", subdirectory: "Fixtures"))
        let processor = PhotoProcessor()
        let score = try ColourLabelScore(labels: labels, group: "background", images: images) { photo in
            try processor.process(Data(contentsOf: photo)).colors.first?.name ?? "none"
        }
        print("colour without the garment map: " + score.summary)
        XCTAssertEqual(score.total, 96)
        // The colours issue aims at 0.85; this guards what the border model, centre weighting, per-pixel
        // names and naming priors reach without the classifier's map: 70 of 96 (72.9 %).
        XCTAssertGreaterThanOrEqual(score.accuracy, 0.72)
    }
}
