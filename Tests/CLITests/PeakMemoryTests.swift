import Foundation
import TestSupport
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// The memory tests' measure (`ClosetProcess.runMeasuringPeak`) is one closet run's own peak: not the test
/// process's, not an earlier child's.
final class PeakMemoryTests: XCTestCase {
    func testAChildsPeakIsItsOwnWhateverThisProcessOrAnEarlierChildHeld() throws {
        let dir = TemporaryDirectory()
        let closet = ClosetProcess.withoutModel(in: dir)
        // 400 MB touched here, and an earlier closet run: neither may show in the next run's figure.
        let held = 400 << 20
        let block = UnsafeMutableRawPointer.allocate(byteCount: held, alignment: 4096)
        defer { block.deallocate() }
        for page in stride(from: 0, to: held, by: 4096) {
            block.storeBytes(of: UInt8(truncatingIfNeeded: page >> 12), toByteOffset: page, as: UInt8.self)
        }
        XCTAssertEqual(try closet.run(["list"]).status, 0)
        let (result, peakKilobytes) = try closet.runMeasuringPeak(["list"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertGreaterThan(peakKilobytes, 1024, "a real figure")
        XCTAssertLessThan(peakKilobytes, 200 << 10, "closet list's own peak, not the 400 MB this test holds")
        withExtendedLifetime(block) {}
    }
}
