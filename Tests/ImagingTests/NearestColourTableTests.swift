import Foundation
import XCTest

@testable import Imaging

/// The table of nearest chromatic colours (``NearestColourTable``) gives the colour CIEDE2000 gives: at random
/// colours away from a boundary between two names, at the grid's corners, and through the palette import uses.
/// (Every 8-bit sRGB colour was checked once in a release build: README, "Colours".)
final class NearestColourTableTests: XCTestCase {
    let palette = ColorPalette.shared
    var labs: [Lab] { palette.entries.map(\.lab) }

    /// A deterministic generator, so that a failure can be run again.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// How much nearer the nearest chromatic colour is than the next (CIEDE2000).
    func margin(_ lab: Lab) -> Double {
        let distances = labs.filter { $0.chroma >= 12 }.map { $0.deltaE2000(lab) }.sorted()
        return distances[1] - distances[0]
    }

    func testTheTableAgreesWithCIEDE2000AwayFromBoundariesAndAtCorners() {
        let labs = self.labs
        let exact: @Sendable (Lab) -> Int = { ColorPalette.nearestChromaticIndex($0, among: labs) }
        let table = NearestColourTable(exact: exact)  // as the palette makes it
        var random = Generator(state: 40)
        var checked = 0, looked = 0
        while checked < 1500 {
            let lab = Lab(
                l: Float.random(in: 0...100, using: &random), a: Float.random(in: -90...100, using: &random),
                b: Float.random(in: -110...95, using: &random))
            guard lab.chroma >= 6, margin(lab) > 0.5 else { continue }
            checked += 1
            if table.cell(of: lab) != nil { looked += 1 }
            XCTAssertEqual(table.nearest(lab), exact(lab), "\(lab)")
        }
        XCTAssertGreaterThan(looked, 1000, "most colours are looked up, not computed")
        for _ in 0..<1500 {
            let (i, j, k) = (Int.random(in: 0...50, using: &random), Int.random(in: 0...128, using: &random), Int.random(in: 0...128, using: &random))
            let corner = Lab(
                l: table.corner(i, NearestColourTable.lRange), a: table.corner(j, NearestColourTable.abRange),
                b: table.corner(k, NearestColourTable.abRange))
            XCTAssertEqual(table.nearest(corner), exact(corner), "corner \(corner)")
        }
    }

    func testThePalettesNamesAreTheComputedOnesForPhotoColours() {
        var random = Generator(state: 7)
        var compared = 0
        while compared < 3000 {
            let lab = Lab(r: UInt8.random(in: 0...255, using: &random), g: UInt8.random(in: 0...255, using: &random), b: UInt8.random(in: 0...255, using: &random))
            guard lab.chroma >= 6 else { continue }
            compared += 1
            XCTAssertEqual(palette.nearestChromatic(lab).name, palette.computedNearestChromatic(lab).name, "\(lab)")
        }
    }

    func testColoursOutsideTheGridOrOnTheNeutralAxisAreComputed() {
        let labs = self.labs
        let table = NearestColourTable(step: 2, neutralRadius: 14) { ColorPalette.nearestChromaticIndex($0, among: labs) }
        XCTAssertNil(table.cell(of: Lab(l: 50, a: 5, b: -5)), "near the neutral axis")
        XCTAssertNil(table.cell(of: Lab(l: 50, a: 200, b: 0)), "outside the grid")
        XCTAssertNil(table.cell(of: Lab(l: .nan, a: 40, b: 0)))
        XCTAssertNotNil(table.cell(of: Lab(l: 100, a: 128, b: -128)), "the grid's last faces are in it")
        for lab in [Lab(l: 50, a: 5, b: -5), Lab(l: 50, a: 200, b: 0), Lab(l: 100, a: 128, b: -128)] {
            XCTAssertEqual(table.nearest(lab), ColorPalette.nearestChromaticIndex(lab, among: labs))
        }
    }
}
