import Foundation
import Imaging
import TestSupport
import XCTest

/// Reading a photo hands its bytes to a hasher as they arrive, so that import hashes without a second pass.
final class ReadPiecesTests: XCTestCase {
    func testPiecesAreTheFilesBytesInOrderAMegabyteAtMost() throws {
        let dir = TemporaryDirectory()
        let bytes = Data([0xFF, 0xD8, 0xFF, 0xE0] + (0..<(5 << 19) + 3).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) })
        try dir.write("big.jpg", bytes)
        var pieces: [Int] = []
        var seen = Data()
        let data = try ImageDecoder().read(file: dir.path("big.jpg")) { piece in
            pieces.append(piece.count)
            seen.append(contentsOf: piece)
        }
        XCTAssertEqual(data, bytes)
        XCTAssertEqual(seen, bytes)
        XCTAssertGreaterThan(pieces.count, 2)
        XCTAssertLessThanOrEqual(pieces.max() ?? 0, 1 << 20)
    }
}
