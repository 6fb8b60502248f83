import ClosetKit
import Cutouts
import Imaging
import Segmenter
import XCTest

/// The cut-out on made-up photos and masks: a red square on a green "bed".
final class CutoutTests: XCTestCase {
    /// A `width`×`height` green photo with a red rectangle at (x, y, w, h).
    func photo(_ width: Int, _ height: Int, garment: Cutout.Box) -> RGBImage {
        var image = RGBImage(width: width, height: height, fill: (20, 160, 40))
        for y in garment.y..<(garment.y + garment.height) {
            for x in garment.x..<(garment.x + garment.width) { image[x, y] = (200, 20, 30) }
        }
        return image
    }

    /// A mask of `width`×`height` with 255 inside `box`, 0 elsewhere; its coverage counted as the segmenter does.
    func mask(_ width: Int, _ height: Int, box: Cutout.Box?) -> GarmentMask {
        var pixels = [UInt8](repeating: 0, count: width * height)
        if let box {
            for y in box.y..<(box.y + box.height) { for x in box.x..<(box.x + box.width) { pixels[y * width + x] = 255 } }
        }
        let coverage = Double(pixels.filter { $0 >= 128 }.count) / Double(pixels.count)
        return GarmentMask(width: width, height: height, pixels: pixels, coverage: coverage)
    }

    func isBackdrop(_ p: (r: UInt8, g: UInt8, b: UInt8)) -> Bool {
        p.r == Backdrop.colour.r && p.g == Backdrop.colour.g && p.b == Backdrop.colour.b
    }

    func testTheGarmentIsCroppedWithAMarginOfBackdropAndNoBedIsLeft() {
        let garment = Cutout.Box(x: 30, y: 20, width: 40, height: 50)
        let out = Cutout.compose(photo(120, 100, garment: garment), mask: mask(120, 100, box: garment))
        // Cropped to the box (50 high) plus 8 % of it each side: 4 pixels.
        XCTAssertEqual(out.width, 48)
        XCTAssertEqual(out.height, 58)
        XCTAssertTrue(isBackdrop(out[0, 0]), "the corner is the backdrop, not the bed: \(out[0, 0])")
        XCTAssertTrue(isBackdrop(out[out.width - 1, out.height - 1]))
        let middle = out[out.width / 2, out.height / 2]
        XCTAssertEqual(middle.r, 200)
        XCTAssertEqual(middle.g, 20)
        // No pixel of the green bed is left anywhere.
        for y in 0..<out.height {
            for x in 0..<out.width { XCTAssertFalse(out[x, y].g > 150 && out[x, y].r < 100, "bed at \(x),\(y)") }
        }
    }

    func testEdgesAreSoftWhereTheMaskIsSoft() {
        let garment = Cutout.Box(x: 10, y: 10, width: 20, height: 20)
        var soft = mask(40, 40, box: garment)
        // A half-opaque column along the garment's left edge.
        var pixels = soft.pixels
        for y in 10..<30 { pixels[y * 40 + 9] = 128 }
        soft = GarmentMask(width: 40, height: 40, pixels: pixels, coverage: soft.coverage)
        let out = Cutout.compose(photo(40, 40, garment: Cutout.Box(x: 9, y: 10, width: 21, height: 20)), mask: soft)
        // The box starts at column 9 (128 counts as garment); the margin is 2 pixels, so column 9 lands at 2.
        // The half-garment pixel is a blend leaning to the backdrop (green 234 there, 20 in the garment).
        let edge = out[2, out.height / 2]
        let garmentShare = Double(234 - Int(edge.g)) / Double(234 - 20)
        XCTAssertGreaterThan(garmentShare, 0.1, "soft, not cut hard: \(edge)")
        XCTAssertLessThan(garmentShare, 0.5, "leaning to the backdrop: \(edge)")
        // Inside, the garment as it is; a pixel further out, only backdrop.
        XCTAssertEqual(out[3, out.height / 2].g, 20)
        XCTAssertTrue(isBackdrop(out[1, out.height / 2]))
    }

    func testAGarmentAtThePhotosEdgeGetsBackdropBeyondIt() {
        let garment = Cutout.Box(x: 0, y: 0, width: 30, height: 60)
        let out = Cutout.compose(photo(60, 60, garment: garment), mask: mask(60, 60, box: garment))
        // 60 × 8 % = 4.8 pixels of margin on every side, even past the photo's left and top.
        XCTAssertEqual(out.width, 30 + 5 + 5)
        XCTAssertEqual(out.height, 70)
        XCTAssertTrue(isBackdrop(out[0, 0]))
        XCTAssertTrue(isBackdrop(out[2, out.height / 2]))
        XCTAssertEqual(out[6, out.height / 2].r, 200)
    }

    func testAnEmptyMaskOrTheWholeFrameOrNoMaskGivesThePhotoAsItIs() {
        let image = photo(33, 17, garment: Cutout.Box(x: 3, y: 3, width: 5, height: 5))
        XCTAssertEqual(Cutout.compose(image, mask: mask(33, 17, box: nil)), image)
        XCTAssertEqual(Cutout.compose(image, mask: mask(33, 17, box: Cutout.Box(x: 0, y: 0, width: 33, height: 17))), image)
        XCTAssertEqual(Cutout.compose(image, mask: nil), image)
        XCTAssertNil(Cutout.garmentBox(mask(33, 17, box: nil)))
    }

    func testAMaskOfAnotherSizeIsStretchedOverThePhoto() {
        // The mask at the original's size (400×300), the bitmap a preview a quarter of it (100×75), an odd size.
        let big = mask(400, 300, box: Cutout.Box(x: 200, y: 100, width: 100, height: 100))
        let preview = photo(100, 75, garment: Cutout.Box(x: 50, y: 25, width: 25, height: 25))
        let out = Cutout.compose(preview, mask: big)
        // 25 pixels and a margin of 2 each side.
        XCTAssertEqual(out.width, 29)
        XCTAssertEqual(out.height, 29)
        XCTAssertEqual(out[14, 14].r, 200)
        XCTAssertTrue(isBackdrop(out[0, 14]))
        // And a mask smaller than the photo.
        let small = mask(20, 15, box: Cutout.Box(x: 10, y: 5, width: 5, height: 5))
        let fromSmall = Cutout.compose(preview, mask: small)
        XCTAssertEqual(fromSmall.width, 29)
        XCTAssertEqual(fromSmall[14, 14].r, 200)
    }

    func testFittingShrinksButNeverEnlarges() {
        let garment = Cutout.Box(x: 10, y: 10, width: 100, height: 50)
        let image = photo(200, 100, garment: garment)
        let small = Cutout.compose(image, mask: mask(200, 100, box: garment), fitting: PixelSize(width: 54, height: 54))
        XCTAssertEqual(small.width, 54)
        XCTAssertLessThan(small.height, 54)
        let large = Cutout.compose(image, mask: mask(200, 100, box: garment), fitting: PixelSize(width: 1000, height: 1000))
        XCTAssertEqual(large.width, 116)
    }

    func testOnePixelPhotosAndMasksDoNotCrash() {
        let one = RGBImage(width: 1, height: 1, fill: (1, 2, 3))
        XCTAssertEqual(Cutout.compose(one, mask: GarmentMask(width: 1, height: 1, pixels: [255], coverage: 1)), one)
        let garment = GarmentMask(width: 3, height: 1, pixels: [0, 255, 0], coverage: 1.0 / 3)
        let out = Cutout.compose(RGBImage(width: 3, height: 1, fill: (9, 9, 9)), mask: garment)
        XCTAssertGreaterThan(out.width, 0)
    }

    func testTheBackdropSettingIsACutoutUnlessSetAndAWrongWordIsDamage() throws {
        XCTAssertEqual(try Profile.stored("{}").backdrop, .cutout)
        XCTAssertEqual(try Profile.stored(#"{"backdrop": "photo"}"#).backdrop, .photo)
        XCTAssertThrowsError(try Profile.stored(#"{"backdrop": "lace"}"#))
        XCTAssertEqual(Profile.Backdrop.photo.toggled, .cutout)
    }
}

extension CutoutTests {
    func testAShrunkMaskCutsOutTheSameGarment() {
        let garment = Cutout.Box(x: 100, y: 60, width: 200, height: 120)
        let full = mask(401, 301, box: garment)
        let small = full.shrunk(longest: 100)
        XCTAssertEqual(small.width, 100)
        XCTAssertEqual(small.height, 75)
        XCTAssertEqual(small.coverage, full.coverage)
        XCTAssertEqual(full.shrunk(longest: 1000), full)
        let image = photo(401, 301, garment: garment)
        let a = Cutout.compose(image, mask: full), b = Cutout.compose(image, mask: small)
        XCTAssertLessThanOrEqual(abs(a.width - b.width), 8)
        XCTAssertLessThanOrEqual(abs(a.height - b.height), 8)
        XCTAssertEqual(b[b.width / 2, b.height / 2].r, 200)
    }
}
