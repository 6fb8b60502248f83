import ClosetKit
import Foundation
import Imaging
import XCTest

@testable import Segmenter

/// The mask as the wardrobe stores it (the network's stretched map, an 8-bit grey PNG) read back at any size; a
/// damaged blob is refused, naming the photo, and never used.
final class StoredMaskTests: XCTestCase {
    let map: [Float] = (0..<64).map { i in (2..<6).contains(i / 8) && (2..<6).contains(i % 8) ? 0.9 : 0.05 }

    func testTheStoredMapReadsBackAsTheMaskMadeDirectly() throws {
        let stored = GarmentMask(map: map, side: 8)
        let (png, state) = try stored.stored
        XCTAssertEqual(state, .garment)
        XCTAssertEqual(png[24], 8, "8 bits")
        XCTAssertEqual(png[25], 0, "grey")
        let back = try GarmentMask(png: png, width: 8, height: 8, photo: "abc")
        XCTAssertEqual(back.pixels, stored.pixels)
        XCTAssertEqual(back.coverage, 0.25, accuracy: 1e-9)
        // At the photo's size it is the mask the network's map gives there.
        let direct = GarmentMask(map: map, side: 8, width: 30, height: 20)
        XCTAssertEqual(try GarmentMask(png: png, width: 30, height: 20, photo: "abc").pixels, direct.pixels)
        // Nothing found is stored as such.
        XCTAssertEqual(try GarmentMask(map: [Float](repeating: 0.01, count: 64), side: 8).stored.state, .nothing)
    }

    func testADamagedStoredMaskIsRefusedNamingThePhoto() throws {
        let good = try GarmentMask(map: map, side: 8).png()
        var badHeader = good
        badHeader[20...23] = Data([0, 0, 0x10, 0])  // 4096 rows
        let rgb = try ImageEncoder.png([UInt8](repeating: 9, count: 8 * 8 * 3), width: 8, height: 8, channels: 3)
        let cases: [(Data, String)] = [
            (Data("junk".utf8), "not a PNG"), (good.prefix(40), "cannot be decoded"), (badHeader, "8x4096"),
            (rgb, "not an 8-bit grey PNG"), (good.prefix(20), "no PNG header"),
        ]
        for (blob, problem) in cases {
            XCTAssertThrowsError(try GarmentMask(png: blob, width: 8, height: 8, photo: "f00d")) { error in
                guard case .damagedMask(let photo, let why)? = error as? ClosetError else { return XCTFail("\(error)") }
                XCTAssertEqual(photo, "f00d")
                XCTAssertTrue(why.contains(problem), "\(problem): \(why)")
            }
        }
    }
}
