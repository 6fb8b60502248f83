import ClosetKit
import Foundation
import Imaging
import Importer
import Receiver
import TestSupport
import XCTest

/// A receive session on 127.0.0.1 over a new wardrobe, with the classifier off and every photo filed as a top,
/// and a raw HTTP client to talk to it (hostile requests are written byte by byte).
final class ReceiverHarness {
    let dir = TemporaryDirectory("receive")
    let wardrobe: Wardrobe
    let session: ReceiveSession
    let server: HTTPServer
    /// The session's importer.
    let importer: PhotoImporter

    init(limits: ReceiveLimits = ReceiveLimits(), language: Language = .en) throws {
        wardrobe = try Wardrobe(folder: dir.path("wardrobe"))
        importer = try PhotoImporter(wardrobe: wardrobe, classifier: nil)
        var template = ItemTemplate()
        template.category = "shortSleeve"
        session = try ReceiveSession(importer: importer, template: template, language: language, limits: limits)
        let session = session
        server = HTTPServer(limits: limits) { request, connection in session.handle(request, connection) }
        try server.start(address: "127.0.0.1", port: 0)
    }

    deinit { server.stop() }

    var base: String { "/\(session.token)/" }

    /// Sends `bytes` on a new connection and reads the answer to its end (the server closes every connection).
    func send(_ bytes: [UInt8]) throws -> HTTPAnswer {
        let client = try RawClient(port: server.port)
        defer { client.close() }
        try client.write(bytes)
        return try client.readAnswer()
    }

    func get(_ path: String) throws -> HTTPAnswer {
        try send(Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
    }

    /// POSTs a multipart body of `parts` (file name, bytes) named `photo` to `/TOKEN/upload` (+ `query`).
    func upload(_ parts: [(String, Data)], query: String = "") throws -> HTTPAnswer {
        try send(MultipartRequest.request(path: base + "upload" + query, parts: parts))
    }

    /// Every file under the test's folder, relative to it.
    func filesWritten() -> [String] {
        let root = dir.url.resolvingSymlinksInPath().path
        let walker = FileManager.default.enumerator(atPath: root)
        var files: [String] = []
        while let next = walker?.nextObject() as? String { files.append(next) }
        return files.sorted()
    }

    /// The staging folder's entries (empty once every upload is done).
    func staged() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: dir.path("wardrobe/.receive").path)) ?? [] }
}

/// The test photos: the format fixtures (made with the real encoders), and a JPEG stored turned with EXIF 6.
enum ReceiverPhotos {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ImagingTests/Fixtures/formats")

    static func fixture(_ name: String) throws -> Data { try Data(contentsOf: fixtures.appendingPathComponent(name)) }

    /// A 64x48 JPEG stored turned, with EXIF orientation 6: upright 48x64, red above, blue below.
    static func turnedJPEG() throws -> Data {
        var pixels: [UInt8] = []
        for y in 0..<48 {
            for x in 0..<64 {
                // Stored (x, y) is upright (47 - y, x): the top of the upright picture is the stored left.
                pixels += x < 32 ? [220, 30, 30] : [30, 30, 220]
                _ = y
            }
        }
        let jpeg = try ImageEncoder.jpeg(RGBImage(width: 64, height: 48, pixels: pixels), quality: 90)
        return JPEGTools.withOrientation(jpeg, 6)
    }

    /// A PNG signature, an IHDR (with its CRC) saying `side`x`side`, and the start of its pixel data: a bomb's header.
    static func pngBomb(side: Int) -> Data {
        func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 255), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }
        let ihdr = Array("IHDR".utf8) + be32(side) + be32(side) + [8, 2, 0, 0, 0]
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in ihdr {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return Data(
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be32(13) + ihdr + be32(Int(~crc)) + be32(1 << 20) + Array("IDAT".utf8)
                + [UInt8](repeating: 0, count: 64))
    }

    /// The five formats a phone or a shop page sends.
    static func five() throws -> [(String, Data)] {
        [
            ("shirt.jpg", try turnedJPEG()), ("shirt.png", try fixture("portrait.png")), ("IMG_0001.HEIC", try fixture("portrait-o6.heic")),
            ("shop.webp", try fixture("portrait-o6.webp")), ("photo.avif", try fixture("portrait-o6.avif")),
        ]
    }
}
