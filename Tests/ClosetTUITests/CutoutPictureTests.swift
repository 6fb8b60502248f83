import ClosetKit
import Cutouts
import Foundation
import Imaging
import Segmenter
import TestSupport
import XCTest

@testable import ClosetTUI

/// The pictures the TUI draws for a photo with a mask: the garment on the backdrop, at every size the cache gives
/// (half-block cells, the thumbnail, the preview, the original), and the photo as taken when the backdrop is off.
final class CutoutPictureTests: XCTestCase {
    static let bed: (UInt8, UInt8, UInt8) = (30, 150, 50), garment: (UInt8, UInt8, UInt8) = (200, 40, 40)

    /// A wardrobe of one 600×800 photo: the garment at (150…449, 200…599) on the bed; and its hash.
    func wardrobe(_ dir: TemporaryDirectory) throws -> (Wardrobe, String) {
        let wardrobe = try Wardrobe(folder: dir.path("w"))
        var photo = RGBImage(width: 600, height: 800, fill: Self.bed)
        for y in 200..<600 { for x in 150..<450 { photo[x, y] = (Self.garment.0, Self.garment.1, Self.garment.2) } }
        let thumbnail = try Thumbnail(of: photo)
        let upload = PhotoUpload(
            data: try ImageEncoder.png(photo), ext: "png", width: 600, height: 800, thumbnail: thumbnail.jpeg,
            thumbWidth: thumbnail.image.width, thumbHeight: thumbnail.image.height)
        _ = try wardrobe.addAll([(NewItem(name: "Red tee", category: "shortSleeve"), upload)])
        return (wardrobe, upload.hash)
    }

    /// The garment's mask, square as the wardrobe stores it.
    static func mask() -> GarmentMask {
        var pixels = [UInt8](repeating: 0, count: 320 * 320)
        for y in 80..<240 { for x in 80..<240 { pixels[y * 320 + x] = 255 } }
        return GarmentMask(width: 320, height: 320, pixels: pixels, coverage: 0.25)
    }

    func near(_ p: (r: UInt8, g: UInt8, b: UInt8), _ c: (UInt8, UInt8, UInt8), within: Int) -> Bool {
        abs(Int(p.r) - Int(c.0)) <= within && abs(Int(p.g) - Int(c.1)) <= within && abs(Int(p.b) - Int(c.2)) <= within
    }

    func testEverySizeIsTheGarmentOnTheBackdropAndThePhotoWhenTheBackdropIsOff() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let (wardrobe, hash) = try wardrobe(dir)
        let cache = ThumbnailCache(wardrobe: wardrobe)
        cache.readMask = { $0 == hash ? Self.mask() : nil }
        for box in [PixelSize(width: 100, height: 130), PixelSize(width: 240, height: 240), PixelSize(width: 700, height: 700)] {
            let picture = try XCTUnwrap(cache.picture(hash, fitting: box), "\(box)")
            XCTAssertTrue(near(picture[0, 0], Backdrop.colour, within: 3), "\(box): the corner is the backdrop: \(picture[0, 0])")
            XCTAssertTrue(near(picture[picture.width / 2, picture.height / 2], Self.garment, within: 20), "\(box): the garment")
            // Cropped to the garment (3:4) and its margin: no bed at the sides.
            XCTAssertEqual(Double(picture.width) / Double(picture.height), 0.75, accuracy: 0.05)
        }
        XCTAssertEqual(cache.pictureKey(hash), hash + ":cutout", "the cut-out is placed as another picture than the photo")
        let cells = try XCTUnwrap(cache.cells(hash, columns: 8, rows: 6))
        let corner = cells[0][0].top
        XCTAssertTrue(near((corner.0, corner.1, corner.2), Backdrop.colour, within: 12), "half blocks too: \(corner)")

        cache.backdrop = .photo
        let photo = try XCTUnwrap(cache.picture(hash, fitting: PixelSize(width: 700, height: 700)))
        XCTAssertTrue(near(photo[0, 0], Self.bed, within: 3), "the photo as taken: \(photo[0, 0])")
        XCTAssertEqual(cache.pictureKey(hash), hash)
        let photoCells = try XCTUnwrap(cache.cells(hash, columns: 8, rows: 6))
        XCTAssertTrue(near(photoCells[0][0].top, Self.bed, within: 12), "\(photoCells[0][0].top)")
    }

    func testAPhotoWithoutAMaskOrOneThatCannotBeReadIsShownAsTaken() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let (wardrobe, hash) = try wardrobe(dir)
        let cache = ThumbnailCache(wardrobe: wardrobe)
        cache.readMask = { _ in throw ClosetError.badData("a damaged mask") }
        let picture = try XCTUnwrap(cache.picture(hash, fitting: PixelSize(width: 700, height: 700)))
        XCTAssertTrue(near(picture[0, 0], Self.bed, within: 3))
        XCTAssertEqual(cache.pictureKey(hash), hash)
        XCTAssertNil(cache.takeFailure(), "a mask is no photo: nothing is said")
        // The background pass made one meanwhile: looked at again when told.
        cache.readMask = { _ in Self.mask() }
        cache.masksChanged()
        XCTAssertEqual(cache.pictureKey(hash), hash + ":cutout")
    }

    func testTheItemPagesKeySwitchesTheBackdropForTheSession() {
        var state = AppState()
        XCTAssertEqual(state.backdrop, .cutout)
        state.stack = [.closet, .item]
        let binding = state.itemBindings.first { $0.label == "b" }
        XCTAssertNotNil(binding, "b is declared on the item page, so the footer and help list it")
        XCTAssertTrue(KeyBinding.footer(state.itemBindings, width: 400).contains("b cut-out or photo"))
        _ = state.handle(.char("b"))
        XCTAssertEqual(state.backdrop, .photo)
        XCTAssertTrue(state.message?.contains("Photos as taken") ?? false, state.message ?? "")
        _ = state.handle(.char("b"))
        XCTAssertEqual(state.backdrop, .cutout)
    }
}

extension CutoutPictureTests {
    func testTodaysOutfitIsOnePictureOfItsCutOutsUnderAKeyOfItsOwn() throws {
        let dir = TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let (wardrobe, hash) = try wardrobe(dir)
        let cache = ThumbnailCache(wardrobe: wardrobe)
        cache.readMask = { $0 == hash ? Self.mask() : nil }
        let box = PixelSize(width: 300, height: 600)
        let outfit = try XCTUnwrap(cache.outfit([(role: .top, hash: hash), (role: .bottom, hash: "no-such-photo")], fitting: box))
        // Portrait 3:4 within the box; the piece without a photo is left out (the top has the picture to itself),
        // the top cut out on the backdrop.
        XCTAssertEqual([outfit.image.width, outfit.image.height], [300, 400])
        XCTAssertTrue(near(outfit.image[2, 2], Backdrop.colour, within: 1))
        XCTAssertTrue(near(outfit.image[150, 200], Self.garment, within: 20), "the top")
        XCTAssertEqual(Self.count(Self.bed, in: outfit.image), 0, "no bed")
        XCTAssertTrue(outfit.key.hasSuffix(":" + hash + ":cutout,no-such-photo"), outfit.key)
        cache.backdrop = .photo
        let photo = try XCTUnwrap(cache.outfit([(role: .top, hash: hash)], fitting: box))
        XCTAssertNotEqual(photo.key, outfit.key, "the photos as taken are another picture")
        XCTAssertGreaterThan(Self.count(Self.bed, in: photo.image), 1000)
        XCTAssertNil(cache.outfit([(role: .top, hash: "no-such-photo")], fitting: box))
    }

    static func count(_ c: (UInt8, UInt8, UInt8), in image: RGBImage) -> Int {
        stride(from: 0, to: image.pixels.count, by: 3).filter { i in
            abs(Int(image.pixels[i]) - Int(c.0)) <= 6 && abs(Int(image.pixels[i + 1]) - Int(c.1)) <= 6
                && abs(Int(image.pixels[i + 2]) - Int(c.2)) <= 6
        }.count
    }
}
