import Foundation
import Imaging
import TestSupport
import XCTest

/// `closet receive` as a person (or a script) runs it: the address as the first line, a QR code that decodes to it,
/// uploads through the API into the wardrobe, beside another closet importing, and a summary at the end.
final class ReceiveCLITests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("ImagingTests/Fixtures/formats")

    /// The port and token of a receive address, checked against its form `http://127.0.0.1:PORT/TOKEN/`.
    static func parse(_ address: String?, file: StaticString = #filePath, line: UInt = #line) throws -> (port: UInt16, base: String) {
        let address = try XCTUnwrap(address, "closet receive printed no address", file: file, line: line)
        let pattern = try NSRegularExpression(pattern: "^http://127\\.0\\.0\\.1:([0-9]+)(/[0-9a-f]{32}/)$")
        let match = try XCTUnwrap(
            pattern.firstMatch(in: address, range: NSRange(address.startIndex..., in: address)), address, file: file, line: line)
        let port = try XCTUnwrap(UInt16(String(address[Range(match.range(at: 1), in: address)!])))
        return (port, String(address[Range(match.range(at: 2), in: address)!]))
    }

    static func photos() throws -> [(String, Data)] {
        try ["portrait.png", "portrait-o6.heic", "portrait-o6.webp", "portrait-o6.avif"].map {
            ($0, try Data(contentsOf: fixtures.appendingPathComponent($0)))
        }
    }

    func testTheAddressComesFirstTheQRCodeDecodesToItAndUploadsBecomeItems() throws {
        let dir = TemporaryDirectory("receive-cli")
        let closet = ClosetProcess.withoutModel(in: dir)
        let running = try closet.startReceiving(["--bind", "127.0.0.1", "--port", "0", "--category", "shortSleeve"])
        let address = running.firstLine()
        let (port, base) = try Self.parse(address)
        let answer = try RawClient.exchange(port: port, MultipartRequest.request(path: base + "upload", parts: try Self.photos()))
        XCTAssertEqual(answer.status, 200, answer.text)
        XCTAssertEqual(answer.list("imported").count, 4, answer.text)
        XCTAssertTrue(running.waitForOutput("portrait-o6.avif"), "each arrival is shown")
        running.signal(SIGINT)
        let result = running.finish()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Received: imported 4, duplicates 0, failed 0"), result.stdout)
        // The QR code under the address: the half blocks between the first line and the text after them.
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let blocks = lines.dropFirst().prefix { !$0.isEmpty && $0.allSatisfy { "█▀▄ ".contains($0) } }
        XCTAssertGreaterThan(blocks.count, 10, result.stdout)
        try Requirement.programs(["/usr/bin/zbarimg"], install: "apt-get install zbar-tools")
        let png = try dir.write("qr.png", try ImageEncoder.png(Self.image(halfBlocks: Array(blocks))))
        let decoded = try Shell.run(["/usr/bin/zbarimg", "--raw", "-q", png.path])
        XCTAssertEqual(decoded.output.trimmingCharacters(in: .newlines), address)
        let list = try closet.run(["list", "--json"])
        XCTAssertEqual(list.status, 0)
        XCTAssertEqual(((try JSONSerialization.jsonObject(with: list.stdoutData)) as? [Any])?.count, 4, list.stdout)
    }

    /// Half-block text (light modules drawn, dark blank) as pixels: 6 a module, a white border around.
    static func image(halfBlocks lines: [String]) -> RGBImage {
        var rows: [[Bool]] = []
        for line in lines {
            var top: [Bool] = [], bottom: [Bool] = []
            for c in line {
                top.append(c == "▄" || c == " ")
                bottom.append(c == "▀" || c == " ")
            }
            rows += [top, bottom]
        }
        let scale = 6, margin = 4, width = (rows[0].count + 2 * margin) * scale, height = (rows.count + 2 * margin) * scale
        var pixels = [UInt8](repeating: 255, count: width * height * 3)
        for (y, row) in rows.enumerated() {
            for (x, dark) in row.enumerated() where dark {
                for dy in 0..<scale {
                    for dx in 0..<scale {
                        let at = (((y + margin) * scale + dy) * width + (x + margin) * scale + dx) * 3
                        pixels[at] = 0
                        pixels[at + 1] = 0
                        pixels[at + 2] = 0
                    }
                }
            }
        }
        return RGBImage(width: width, height: height, pixels: pixels)
    }

    /// Another closet imports into the same wardrobe while photos arrive: both finish, every photo is an item once.
    func testAnUploadWhileAnotherProcessImports() throws {
        let dir = TemporaryDirectory("receive-busy")
        let closet = ClosetProcess.withoutModel(in: dir)
        for i in 0..<12 {
            let pixels = [UInt8](repeating: UInt8(i * 20), count: 64 * 64 * 3)
            try dir.write("folder/\(i).jpg", try ImageEncoder.jpeg(RGBImage(width: 64, height: 64, pixels: pixels), quality: 90))
        }
        let running = try closet.startReceiving(["--bind", "127.0.0.1", "--port", "0", "--category", "shortSleeve"])
        let (port, base) = try Self.parse(running.firstLine())
        let importing = DispatchGroup()
        nonisolated(unsafe) var imported: ClosetProcess.Result?
        DispatchQueue.global().async(group: importing) {
            imported = try? closet.run(["import", "--category", "jeans", "--json", dir.path("folder").path])
        }
        var answers: [HTTPAnswer] = []
        for photo in try Self.photos() {
            answers.append(try RawClient.exchange(port: port, MultipartRequest.request(path: base + "upload", parts: [photo])))
        }
        importing.wait()
        running.signal(SIGTERM)
        XCTAssertEqual(running.finish().status, 0)
        XCTAssertEqual(imported?.status, 0, imported?.stderr ?? "")
        XCTAssertEqual(answers.map { $0.list("imported").count }, [1, 1, 1, 1], answers.map(\.text).joined())
        let list = try closet.run(["list", "--json"])
        XCTAssertEqual(((try JSONSerialization.jsonObject(with: list.stdoutData)) as? [Any])?.count, 16, list.stdout)
    }

    func testTheSessionEndsByItselfAfterTheIdleMinutes() throws {
        let dir = TemporaryDirectory("receive-idle")
        let running = try ClosetProcess.withoutModel(in: dir).startReceiving([
            "--bind", "127.0.0.1", "--port", "0", "--minutes", "0.02", "--category", "shortSleeve",
        ])
        let result = running.finish()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("No upload for"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Received: imported 0"), result.stdout)
    }

    func testABindAddressThatIsNotAnAddressIsAUsageError() throws {
        let dir = TemporaryDirectory("receive-bind")
        let result = try ClosetProcess.withoutModel(in: dir).run(["receive", "--bind", "example.com", "--category", "shortSleeve"])
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(result.stderr.contains("example.com"), result.stderr)
    }
}
