import ClosetKit
import Foundation
import Imaging
import Receiver
import TestSupport
import XCTest

/// An upload is written to disk once (its body, from which its photos are imported), and a photo's size limit is
/// the importer's own, defined once.
final class ReceiveStagingTests: XCTestCase {
    /// While a photo is imported, the staging folder holds the upload's body and nothing else: no second copy of
    /// the photo. (The importer asks about a damaged photo in the middle of the import: that is when it looks.)
    func testAnUploadIsOnDiskOnceWhileItsPhotoIsImported() throws {
        let h = try ReceiverHarness()
        let jpeg = try ImageEncoder.jpeg(SyntheticPhoto.garment(width: 64, height: 48, seed: 3), quality: 90)
        let damaged = jpeg.prefix(jpeg.count * 2 / 3)
        let seen = ConcurrentLog()
        h.importer.keepsDamaged = { _, _ in
            seen.add(h.staged().sorted().joined(separator: ","))
            return true
        }
        let answer = try h.upload([("cut.jpg", damaged)])
        XCTAssertEqual(answer.list("imported").count, 1, answer.text)
        XCTAssertEqual(seen.values.count, 1, "the importer asked about the damaged photo")
        let staged = seen.values.first?.split(separator: ",") ?? []
        XCTAssertEqual(staged.count, 1, "only the body is staged: \(staged)")
        XCTAssertTrue(staged.allSatisfy { $0.hasSuffix(".body") }, "\(staged)")
        XCTAssertEqual(h.staged(), [], "the body is removed once imported")
    }

    /// A photo of exactly the importer's limit is received and imported; a byte more is refused with the limit
    /// named, before it is imported.
    func testAPhotoAtTheImportersLimitIsReceivedAndOneByteMoreIsRefused() throws {
        XCTAssertEqual(ReceiveLimits().maxFileBytes, ImageDecoder().maxFileBytes)
        XCTAssertEqual(ReceiveLimits().maxFileBytes, PhotoLimits.maxFileBytes)
        let h = try ReceiverHarness()
        var photo = try ReceiverPhotos.fixture("portrait.png")
        photo.append(Data(count: PhotoLimits.maxFileBytes - photo.count))
        XCTAssertEqual(photo.count, 64 * 1024 * 1024)
        let atLimit = try h.upload([("at-limit.png", photo)])
        XCTAssertEqual(answerFiles(atLimit, "imported"), ["at-limit.png"], atLimit.text)
        photo.append(0)
        let over = try h.upload([("over.png", photo)])
        XCTAssertEqual(answerFiles(over, "failed"), ["over.png"], over.text)
        XCTAssertTrue((over.list("failed").first?["error"] as? String ?? "").contains("over the 64 MB limit"), over.text)
        XCTAssertEqual(try h.wardrobe.summaries().count, 1)
    }

    func answerFiles(_ answer: HTTPAnswer, _ key: String) -> [String] { answer.list(key).compactMap { $0["file"] as? String } }
}
