import Foundation
import Imaging
import XCTest

/// CIEDE2000 against Sharma, Wu and Dalal's published test pairs, and the names given at the palette's edges.
final class ColourNamingTests: XCTestCase {
    func testCIEDE2000MatchesSharmasPairs() {
        let pairs: [((Float, Float, Float), (Float, Float, Float), Double)] = [
            ((50.0000, 2.6772, -79.7751), (50.0000, 0.0000, -82.7485), 2.0425),
            ((50.0000, 3.1571, -77.2803), (50.0000, 0.0000, -82.7485), 2.8615),
            ((50.0000, 2.8361, -74.0200), (50.0000, 0.0000, -82.7485), 3.4412),
            ((50.0000, -1.3802, -84.2814), (50.0000, 0.0000, -82.7485), 1.0000),
            ((50.0000, 0.0000, 0.0000), (50.0000, -1.0000, 2.0000), 2.3669),
            ((50.0000, -1.0000, 2.0000), (50.0000, 0.0000, 0.0000), 2.3669),
            ((50.0000, 2.5000, 0.0000), (73.0000, 25.0000, -18.0000), 27.1492),
            ((50.0000, 2.5000, 0.0000), (61.0000, -5.0000, 29.0000), 22.8977),
            ((50.0000, 2.5000, 0.0000), (56.0000, -27.0000, -3.0000), 31.9030),
            ((50.0000, 2.5000, 0.0000), (58.0000, 24.0000, 15.0000), 19.4535),
            ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
            ((63.0109, -31.0961, -5.8663), (62.8187, -29.7946, -4.0864), 1.2630),
            ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
        ]
        for (a, b, expected) in pairs {
            let x = Lab(l: a.0, a: a.1, b: a.2), y = Lab(l: b.0, a: b.1, b: b.2)
            XCTAssertEqual(x.deltaE2000(y), expected, accuracy: 1e-3, "\(a) vs \(b)")
            XCTAssertEqual(y.deltaE2000(x), expected, accuracy: 1e-3, "symmetric")
        }
        XCTAssertEqual(Lab(l: 40, a: 10, b: -20).deltaE2000(Lab(l: 40, a: 10, b: -20)), 0)
    }

    func testNamesAtThePalettesEdges() {
        let palette = ColorPalette.shared
        func name(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> String { palette.name(Lab(r: r, g: g, b: b)) }
        // Dark low-chroma blue is navy, not black; mid is denim; light is sky blue, not light grey.
        XCTAssertEqual(name(30, 36, 58), "navy")
        XCTAssertEqual(name(12, 12, 14), "black")
        XCTAssertEqual(name(85, 100, 125), "denim")
        XCTAssertEqual(name(165, 185, 210), "sky blue")
        XCTAssertEqual(name(190, 190, 190), "light grey")
        // Greys by lightness.
        XCTAssertEqual(name(60, 60, 60), "charcoal")
        XCTAssertEqual(name(128, 128, 128), "grey")
        XCTAssertEqual(name(246, 246, 246), "white")
        // Warm, pale, low chroma: beige, not light grey; darker and warm: brown.
        XCTAssertEqual(name(215, 198, 168), "beige")
        XCTAssertEqual(name(110, 75, 50), "brown")
        // A grey or black garment under a warm lamp reads warm with little chroma: still grey or charcoal, not brown.
        XCTAssertEqual(palette.name(Lab(l: 47, a: 6, b: 6)), "grey")
        XCTAssertEqual(palette.name(Lab(l: 32, a: 5, b: 8)), "charcoal")
        XCTAssertEqual(palette.name(Lab(l: 37, a: 7.5, b: 14)), "brown", "chroma 16 is brown")
        // Chromatic colours by CIEDE2000: a red T-shirt is red, not burgundy; a lime top yellow or green.
        XCTAssertEqual(name(200, 30, 40), "red")
        XCTAssertEqual(name(110, 20, 40), "burgundy")
        XCTAssertEqual(name(240, 150, 180), "pink")
        XCTAssertTrue(["yellow", "green"].contains(name(190, 220, 60)))
        XCTAssertEqual(name(40, 140, 60), "green")
    }

    /// The first colour is the name whose share plus naming prior is largest, among names covering the
    /// minimum share; the others follow by share. A shaded white shirt's pixels split among grey, white and
    /// light grey, and the shipped priors still call it white (a person does; without priors it is grey).
    func testTheFirstColourWeighsTheNamingPriors() throws {
        let shaded = ["grey": 0.40, "white": 0.33, "light grey": 0.27]
        let shipped = DominantColors()
        XCTAssertGreaterThan(ColorPalette.shared.prior("white"), ColorPalette.shared.prior("grey") + 0.07)
        XCTAssertEqual(shipped.rank(shaded).map(\.name), ["white", "grey", "light grey"])
        XCTAssertEqual(shipped.rank(shaded).map(\.share), [0.33, 0.4, 0.27], "shares are the pixels', not the scores")
        let flat = ColorPalette(
            entries: ColorPalette.shared.entries.map { ColorPalette.Entry(name: $0.name, rgb: $0.rgb, neutral: $0.neutral) })
        XCTAssertEqual(DominantColors(palette: flat).rank(shaded).map(\.name), ["grey", "white", "light grey"])

        // A name under the minimum share is never first, however large its prior.
        var strong = flat.entries
        strong[strong.firstIndex { $0.name == "black" }!] = ColorPalette.Entry(name: "black", rgb: [20, 20, 20], neutral: true, prior: 0.2)
        let thin = ["grey": 0.2, "black": 0.06, "charcoal": 0.1]
        XCTAssertEqual(DominantColors(palette: ColorPalette(entries: strong)).rank(thin).map(\.name), ["grey"])
        // Only names under the minimum: the largest score among them, alone.
        XCTAssertEqual(DominantColors(palette: ColorPalette(entries: strong)).rank(["grey": 0.05, "black": 0.04]).map(\.name), ["black"])
        XCTAssertEqual(shipped.rank([:]), [])
        // Ties go to the name first in alphabetical order, so a photo always gets the same answer.
        XCTAssertEqual(DominantColors(palette: flat).rank(["red": 0.5, "pink": 0.5]).map(\.name), ["pink", "red"])
    }

    func testThePaletteRefusesAPriorOutOfRange() throws {
        func decode(_ prior: String) throws -> ColorPalette.Entry {
            try JSONDecoder().decode(
                ColorPalette.Entry.self, from: Data(#"{"name": "red", "rgb": [200, 30, 30], "neutral": false\#(prior)}"#.utf8))
        }
        XCTAssertEqual(try decode("").prior, 0, "a palette without priors names by share alone")
        XCTAssertEqual(try decode(#", "prior": -0.05"#).prior, -0.05)
        XCTAssertThrowsError(try decode(#", "prior": 0.5"#))
        XCTAssertThrowsError(try decode(#", "prior": 1e400"#))
        XCTAssertThrowsError(
            try JSONDecoder().decode(ColorPalette.Entry.self, from: Data(#"{"name": "red", "rgb": [200, 30], "neutral": false}"#.utf8)))
        XCTAssertTrue(ColorPalette.shared.entries.allSatisfy { abs($0.prior) <= 0.2 })
    }
}
