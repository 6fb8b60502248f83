import Foundation
import Inference
import XCTest

final class SafeTensorsTests: XCTestCase {
    func testRoundTripF32AndF16() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let values: [Float] = [0, 1, -2.5, 65504, 1e-7, -0.1, 3.14159]
        try SafeTensors.write(["a": ([7], values), "b.c": ([1, 2], [5, 6])], metadata: ["k": "v"], to: url)
        let st = try SafeTensors(contentsOf: url)
        XCTAssertEqual(try st.floats("a").values, values)
        XCTAssertEqual(try st.floats("b.c").shape, [1, 2])
        XCTAssertEqual(st.metadata["k"], "v")
        try SafeTensors.write(["a": ([7], values)], half: true, to: url)
        let half = try SafeTensors(contentsOf: url).floats("a").values
        for (h, v) in zip(half, values) { XCTAssertEqual(h, v, accuracy: max(abs(v) * 1e-3, 1e-7)) }
    }

    func testHalfConversionEdgeCases() {
        XCTAssertEqual(SafeTensors.halfToFloat(0x3C00), 1)
        XCTAssertEqual(SafeTensors.halfToFloat(0xC000), -2)
        XCTAssertEqual(SafeTensors.halfToFloat(0x7BFF), 65504)
        XCTAssertEqual(SafeTensors.halfToFloat(0x0001), Float(sign: .plus, exponent: -24, significand: 1))
        XCTAssertTrue(SafeTensors.halfToFloat(0x7C00).isInfinite)
        XCTAssertTrue(SafeTensors.halfToFloat(0x7E00).isNaN)
        for bits in stride(from: UInt16(0), to: 0x7C00, by: 97) {
            XCTAssertEqual(SafeTensors.floatToHalf(SafeTensors.halfToFloat(bits)), bits)
        }
    }

    func testMalformedFilesAreRefused() {
        XCTAssertThrowsError(try SafeTensors(data: Data([1, 2, 3])))
        var huge = Data([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]); huge.append(Data("{}".utf8))
        XCTAssertThrowsError(try SafeTensors(data: huge))
        let header = #"{"x":{"dtype":"F32","shape":[4],"data_offsets":[0,8]}}"#
        var bad = Data(); var n = UInt64(header.utf8.count).littleEndian
        withUnsafeBytes(of: &n) { bad.append(contentsOf: $0) }
        bad.append(Data(header.utf8)); bad.append(Data(count: 8))
        XCTAssertThrowsError(try SafeTensors(data: bad)) { XCTAssertTrue("\($0)".contains("does not fit")) }
        let int8 = #"{"x":{"dtype":"I8","shape":[1],"data_offsets":[0,1]}}"#
        var typed = Data(); var m = UInt64(int8.utf8.count).littleEndian
        withUnsafeBytes(of: &m) { typed.append(contentsOf: $0) }
        typed.append(Data(int8.utf8)); typed.append(Data(count: 1))
        // I8 is read now (int8 models); asked for as floats it is refused, never reinterpreted.
        XCTAssertThrowsError(try SafeTensors(data: typed).floats("x"))
    }
}
