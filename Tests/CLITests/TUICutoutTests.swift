import ClosetKit
import Foundation
import Imaging
import TestSupport
import XCTest

/// The TUI cuts out the photos still without a mask in the background when it opens (and after an import), with
/// its progress on the message line. The real binary in tmux; the shipped U²-Netp at 32×32 (as in CutoutCLITests).
final class TUICutoutTests: XCTestCase {
    func testTheTUICutsOutPhotosWithoutAMaskAndSaysSo() throws {
        let dir = TemporaryDirectory("closet-tui-cutouts")
        let small = try SmallSegmentModel.make(in: dir)

        // Three photos imported with cut-outs off (the test environment's default).
        let closet = ClosetInProcess.withoutModel(in: dir)
        let files = try (0..<3).map { n in
            try dir.write(
                "in/p\(n).jpg", ImageEncoder.jpeg(SyntheticPhoto.garment(width: 64, height: 48 + n, seed: UInt32(n)), quality: 90)
            ).path
        }
        XCTAssertEqual(try closet.run(["import", "--category", "hat"] + files).status, 0)
        XCTAssertEqual(try Wardrobe(folder: closet.wardrobe).photosWithoutMask(model: "u2netp@32").count, 3)

        let pane = try TmuxPane(columns: 120, rows: 32)
        try pane.launch(closet.wardrobe, environment: "CLOSET_MODEL=none CLOSET_SEGMENT_MODEL=\(small.path) ")
        try pane.waitFor("Cut out 3 photos")
        try pane.keys("q")
        try pane.waitFor("EXITED")
        XCTAssertEqual(try Wardrobe(folder: closet.wardrobe).photosWithoutMask(model: "u2netp@32").count, 0)
    }
}
