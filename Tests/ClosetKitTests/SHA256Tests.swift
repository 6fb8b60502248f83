import ClosetKit
import XCTest

final class SHA256Tests: XCTestCase {
    /// FIPS 180-4's examples and the million a's, for swift-crypto's hasher and the portable one alike.
    static let vectors: [(Data, String)] = [
        (Data(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        (Data("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            Data(
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
                    .utf8),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
        (Data(repeating: UInt8(ascii: "a"), count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ]

    func testKnownVectors() {
        for (data, digest) in Self.vectors {
            XCTAssertEqual(SHA256.hex(data), digest, "\(data.count) bytes")
            XCTAssertEqual(PortableSHA256.hex(data), digest, "\(data.count) bytes, portable")
        }
    }

    func testIncrementalUpdatesMatchOneShot() {
        let data = Data((0..<1000).map { UInt8($0 % 251) })
        var hasher = SHA256()
        for chunk in stride(from: 0, to: data.count, by: 37) { hasher.update(data[chunk..<min(data.count, chunk + 37)]) }
        XCTAssertEqual(SHA256.hex(hasher.finalize()), SHA256.hex(data))
    }

    /// Every length around the 64-byte block and its padding boundary (55, 56, 64), fed whole, byte by byte and
    /// from raw buffers: the two implementations agree.
    func testBothImplementationsAgreeOnEveryLengthAndSplit() {
        var random = SystemRandomNumberGenerator()
        for length in 0...200 {
            let data = Data((0..<length).map { _ in UInt8.random(in: 0...255, using: &random) })
            let expected = PortableSHA256.hex(data)
            XCTAssertEqual(SHA256.hex(data), expected, "\(length) bytes")
            var split = SHA256()
            let cut = length / 3
            data.prefix(cut).withUnsafeBytes { split.update($0) }
            data.dropFirst(cut).withUnsafeBytes { split.update($0) }
            XCTAssertEqual(SHA256.hex(split.finalize()), expected, "\(length) bytes cut at \(cut)")
        }
    }

    /// A file hashed in 1 MB pieces (`--version`'s weights, a stored photo checked) gives the digest of its bytes.
    func testAFileIsHashedInPiecesToTheDigestOfItsBytes() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("closet-sha-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        let data = Data((0..<(3 << 20) + 17).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ ($0 >> 9)) })
        try data.write(to: file)
        XCTAssertEqual(SHA256.hex(file: file), PortableSHA256.hex(data))
        XCTAssertNil(SHA256.hex(file: file.appendingPathExtension("missing")))
    }

    /// A hasher finalised starts again from nothing.
    func testFinalizeResets() {
        var hasher = SHA256()
        hasher.update(Data("abc".utf8))
        _ = hasher.finalize()
        XCTAssertEqual(SHA256.hex(hasher.finalize()), Self.vectors[0].1)
    }
}
