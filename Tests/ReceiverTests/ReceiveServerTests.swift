import ClosetKit
import Foundation
import Imaging
import Receiver
import TestSupport
import XCTest

/// `closet receive`'s server and session, in-process on 127.0.0.1: the token, the routes, the uploads into the
/// wardrobe, and the hostile requests a shared network may send.
final class ReceiveServerTests: XCTestCase {
    func testTheTokenIs128RandomBitsAndMatchesOnlyItself() throws {
        let token = ReceiveToken()
        XCTAssertEqual(token.text.count, 32)
        XCTAssertNotEqual(token.text, ReceiveToken().text)
        XCTAssertTrue(token.matches(Array(token.text.utf8)))
        var last = Array(token.text.utf8)
        last[31] = last[31] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        XCTAssertFalse(token.matches(last))
        XCTAssertFalse(token.matches(Array(token.text.utf8.dropLast())))
        XCTAssertFalse(token.matches(Array(token.text.utf8) + [UInt8(ascii: "0")]))
        XCTAssertFalse(token.matches([UInt8]()))
        XCTAssertNil(ReceiveToken(hex: "not hex"))
    }

    func testEveryPathWithoutTheTokenIsNotFoundAndThereIsNoOtherRoute() throws {
        let h = try ReceiverHarness()
        let token = h.session.token.text
        var wrong = Array(token)
        wrong[0] = wrong[0] == "a" ? "b" : "a"
        for path in [
            "/", "/index.html", "/favicon.ico", "/upload", "/\(String(wrong))/", "/\(token.dropLast())/", "/\(token)0/",
            "/\(token.uppercased())/", "/\(token)/photos/", "/\(token)/../", "/\(token)/upload/x", "/%2e%2e/\(token)/", "//\(token)/",
        ] {
            XCTAssertEqual(try h.get(path).status, 404, path)
        }
        let post = try h.send(
            MultipartRequest.request(path: "/\(String(wrong))/upload", parts: [("a.png", try ReceiverPhotos.fixture("portrait.png"))]))
        XCTAssertEqual(post.status, 404)
        XCTAssertEqual(try h.wardrobe.summaries().count, 0)
        let page = try h.get(h.base)
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.head.contains("Referrer-Policy: no-referrer"), page.head)
        XCTAssertEqual(try h.get("/\(token)").status, 301)
    }

    func testThePageTakesPhotosFromTheCameraOrSeveralAndWorksWithoutJavaScript() throws {
        let h = try ReceiverHarness()
        let html = try h.get(h.base).text
        XCTAssertTrue(html.contains("accept=\"image/*\" multiple"), html)
        XCTAssertTrue(html.contains("capture=\"environment\""), html)
        XCTAssertTrue(html.contains("<form id=\"send\" method=\"post\" action=\"upload?form=1\" enctype=\"multipart/form-data\">"), html)
        let korean = try ReceiverHarness(language: .ko)
        XCTAssertTrue(try korean.get(korean.base).text.contains("옷장에 사진 추가"))
    }

    /// JPEG, PNG, HEIC, WebP and AVIF become five items, each photo kept byte for byte, upright 48x64.
    func testFivePhotoFormatsBecomeFiveUprightItemsWithTheirOriginalBytes() throws {
        let h = try ReceiverHarness()
        let five = try ReceiverPhotos.five()
        let answer = try h.upload(five)
        XCTAssertEqual(answer.status, 200, answer.text)
        XCTAssertEqual(answer.list("imported").count, 5, answer.text)
        XCTAssertEqual(answer.list("failed").count, 0, answer.text)
        XCTAssertEqual(Set(answer.list("imported").compactMap { $0["file"] as? String }), Set(five.map(\.0)))
        XCTAssertEqual(try h.wardrobe.summaries().count, 5)
        for (name, data) in five {
            let hash = SHA256.hex(data)
            let photo = try XCTUnwrap(try h.wardrobe.photo(hash), name)
            XCTAssertEqual(photo.width, 48, name)
            XCTAssertEqual(photo.height, 64, name)
            let stored = try Data(contentsOf: h.wardrobe.photos.url(hash: photo.hash, ext: photo.ext))
            XCTAssertEqual(stored, data, "\(name): the original bytes are kept")
        }
        XCTAssertEqual(h.staged(), [])
        // The same photos again are duplicates.
        XCTAssertEqual(try h.upload(five).list("duplicates").count, 5)
    }

    /// A client's file name names the photo in the answer only: `../`, absolute paths, backslashes and NUL never reach a path.
    func testClientFileNamesAreNeverPaths() throws {
        let h = try ReceiverHarness()
        let png = try ReceiverPhotos.fixture("portrait.png")
        func variant(_ n: UInt8) -> Data {
            var d = png
            d.append(contentsOf: [0, 0, 0, 0, n])  // bytes after IEND: another file, the same picture
            return d
        }
        let names = ["../../../../tmp/evil.png", "/etc/passwd", "..\\..\\windows.png", "a\u{0}b.png", "..", "<script>.png"]
        let answer = try h.upload(names.enumerated().map { ($1, variant(UInt8($0))) })
        let files = answer.list("imported").compactMap { $0["file"] as? String }
        XCTAssertEqual(files, ["evil.png", "passwd", "windows.png", "ab.png", "photo 5", "<script>.png"], answer.text)
        let written = h.filesWritten()
        XCTAssertFalse(written.contains { $0.contains("evil") || $0.contains("passwd") || $0.contains("windows") }, "\(written)")
        XCTAssertTrue(written.allSatisfy { $0.hasPrefix("wardrobe") }, "\(written)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/evil.png"))
        // The no-JavaScript answer escapes the name for HTML.
        let page = try h.upload([("<img src=x onerror=alert(1)>.png", variant(9))], query: "?form=1")
        XCTAssertTrue(page.text.contains("&lt;img src=x onerror=alert(1)&gt;.png"), page.text)
        XCTAssertFalse(page.text.contains("<img src=x"), page.text)
    }

    func testBytesThatAreNotAPhotoAndADecompressionBombAreRefusedInWords() throws {
        let h = try ReceiverHarness()
        // A WebP whose header says 16383x16383 (268 megapixels: a gigabyte decoded) in a few bytes.
        var bomb = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8L".utf8) + [5, 0, 0, 0, 0x2F]
        let bits = UInt32(16382) | UInt32(16382) << 14
        bomb += [UInt8(bits & 255), UInt8(bits >> 8 & 255), UInt8(bits >> 16 & 255), UInt8(bits >> 24)] + [0]
        let size = UInt32(bomb.count - 8)
        bomb.replaceSubrange(4..<8, with: [UInt8(size & 255), UInt8(size >> 8 & 255), UInt8(size >> 16 & 255), UInt8(size >> 24)])
        // A PNG whose header says 50000x50000 (2.5 gigapixels).
        let png = ReceiverPhotos.pngBomb(side: 50000)
        let answer = try h.upload([
            ("notes.jpg", Data("this is text, named like a photo".utf8)), ("bomb.webp", Data(bomb)), ("bomb.png", png),
            ("broken.jpg", Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])),
        ])
        XCTAssertEqual(answer.status, 200, answer.text)
        let failed = answer.list("failed")
        XCTAssertEqual(failed.count, 4, answer.text)
        let why = Dictionary(uniqueKeysWithValues: failed.map { ($0["file"] as! String, $0["error"] as! String) })
        XCTAssertTrue(why["notes.jpg"]!.contains("not a photo"), why["notes.jpg"]!)
        XCTAssertTrue(why["bomb.webp"]!.contains("megapixels"), why["bomb.webp"]!)
        XCTAssertTrue(why["bomb.png"]!.contains("megapixels"), why["bomb.png"]!)
        XCTAssertFalse(why.values.contains { $0.contains(h.dir.url.path) }, "no staged path in \(why)")
        XCTAssertEqual(try h.wardrobe.summaries().count, 0)
        XCTAssertEqual(h.staged(), [])
    }

    func testAPhotoOverTheLimitAndABodyOverTheSessionAreRefused() throws {
        var limits = ReceiveLimits()
        limits.maxFileBytes = 1024 * 1024
        limits.maxRequestBytes = 3 * 1024 * 1024
        limits.maxSessionBytes = 3_670_016  // 3.5 MB
        let h = try ReceiverHarness(limits: limits)
        var large = try ReceiverPhotos.fixture("portrait.png")
        large.append(Data(count: 1024 * 1024 + 1))
        let answer = try h.upload([("large.png", large), ("small.png", try ReceiverPhotos.fixture("portrait.png"))])
        XCTAssertEqual(answer.list("failed").first?["file"] as? String, "large.png", answer.text)
        XCTAssertTrue((answer.list("failed").first?["error"] as? String ?? "").contains("over the 1 MB limit"), answer.text)
        XCTAssertEqual(answer.list("imported").count, 1, answer.text)
        // A request over its limit is refused from its Content-Length, before a byte of its body is read.
        let client = try RawClient(port: h.server.port)
        try client.write(MultipartRequest.head(path: h.base + "upload", length: 4 * 1024 * 1024))
        XCTAssertEqual(try client.readAnswer().status, 413)
        client.close()
        // The session's bytes: 1.05 MB so far, so 2.93 MB more does not fit in 3.5 MB.
        var three = try ReceiverPhotos.fixture("portrait.png")
        three.append(Data(count: 2 * 1024 * 1024 + 900 * 1024))
        let over = try h.send(MultipartRequest.request(path: h.base + "upload", parts: [("a.png", three)]))
        XCTAssertEqual(over.status, 413, over.text)
        XCTAssertTrue(over.text.contains("start closet receive again"), over.text)
    }

    /// A body that stops coming is cut off after the body's idle timeout, and what was staged is removed.
    func testABodyThatNeverEndsIsCutOff() throws {
        var limits = ReceiveLimits()
        limits.bodyIdleTimeout = 0.5
        let h = try ReceiverHarness(limits: limits)
        let client = try RawClient(port: h.server.port)
        defer { client.close() }
        try client.write(
            MultipartRequest.head(path: h.base + "upload", length: 1_000_000) + Array("--\(MultipartRequest.boundary)\r\n".utf8))
        let answer = try client.readAnswer()
        XCTAssertEqual(answer.status, 408, answer.text)
        XCTAssertEqual(h.staged(), [])
    }

    /// Headers that never end (slow loris) are cut off after the header timeout; so are headers over the size limit.
    func testHeadersThatNeverEndAreCutOff() throws {
        var limits = ReceiveLimits()
        limits.headerTimeout = 0.5
        let h = try ReceiverHarness(limits: limits)
        let client = try RawClient(port: h.server.port)
        defer { client.close() }
        try client.write(Array("GET \(h.base) HTTP/1.1\r\nX-Slow: ".utf8))
        XCTAssertEqual(try client.readAnswer().status, 408)
        let huge = try h.send(Array("GET \(h.base) HTTP/1.1\r\nX-Big: \(String(repeating: "a", count: 20000))\r\n\r\n".utf8))
        XCTAssertEqual(huge.status, 431)
    }

    /// A client that asks before sending its body (curl past 1 KB) is told to go on, and is not kept waiting.
    func testAClientExpectingContinueIsToldToSendItsBody() throws {
        let h = try ReceiverHarness()
        let body = MultipartRequest.body([("a.png", try ReceiverPhotos.fixture("portrait.png"))])
        var head = MultipartRequest.head(path: h.base + "upload", length: body.count)
        head.insert(contentsOf: Array("Expect: 100-continue\r\n".utf8), at: head.count - 2)
        let client = try RawClient(port: h.server.port)
        defer { client.close() }
        try client.write(head)
        XCTAssertEqual(try client.readSome(), "HTTP/1.1 100 Continue\r\n\r\n")
        try client.write(body)
        XCTAssertEqual(try client.readAnswer().list("imported").count, 1)
    }

    func testMalformedRequestsAreRefused() throws {
        let h = try ReceiverHarness()
        let cases: [(String, Int)] = [
            ("GARBAGE\r\n\r\n", 400),
            ("GET \(h.base) HTTP/1.1\nHost: x\n\n\r\n\r\n", 400),
            ("GET \(h.base)\0 HTTP/1.1\r\n\r\n", 400),
            ("POST \(h.base)upload HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411),
            ("POST \(h.base)upload HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400),
            ("POST \(h.base)upload HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
            ("POST \(h.base)upload HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi", 415),
            ("GET http://evil/\(h.session.token)/ HTTP/1.1\r\n\r\n", 400),
        ]
        for (request, status) in cases {
            XCTAssertEqual(try h.send(Array(request.utf8)).status, status, request.debugDescription)
        }
    }

    /// 100 connections at once: each is answered (the page, or 503 past the connection cap), none hangs, and the server
    /// serves the next one.
    func testAHundredParallelConnectionsAreEachAnsweredAndTheServerGoesOn() throws {
        var limits = ReceiveLimits()
        limits.maxConnections = 16
        let h = try ReceiverHarness(limits: limits)
        let statuses = ConcurrentLog()
        let png = try ReceiverPhotos.fixture("portrait.png")
        DispatchQueue.concurrentPerform(iterations: 100) { i in
            let answer = i % 10 == 0 ? try? h.upload([("p\(i).png", png)]) : try? h.get(h.base)
            statuses.add(String(answer?.status ?? -1))
        }
        let all = statuses.values.compactMap { Int($0) }
        XCTAssertEqual(all.count, 100)
        XCTAssertTrue(all.allSatisfy { $0 == 200 || $0 == 503 }, "\(all)")
        XCTAssertGreaterThan(all.filter { $0 == 200 }.count, 0)
        XCTAssertEqual(try h.get(h.base).status, 200)
    }

    /// Past `maxUploadsAtOnce`, an upload waits for a place, then is told to come back.
    func testUploadsPastTheLimitAtOnceAreToldToComeBack() throws {
        let png = try ReceiverPhotos.fixture("portrait.png")
        let body = MultipartRequest.body([("slow.png", png)])
        var limits = ReceiveLimits()
        limits.maxUploadsAtOnce = 1
        limits.uploadWait = 0.2
        // Room for two and a half uploads: the one told to come back must not count against the session.
        limits.maxSessionBytes = Int64(body.count * 5 / 2)
        let h = try ReceiverHarness(limits: limits)
        let held = MultipartRequest.request(path: h.base + "upload", parts: [("slow.png", png)])
        let first = try RawClient(port: h.server.port)
        defer { first.close() }
        try first.write(Array(held.prefix(held.count - 10)))
        // The first upload holds the one place while its body is incomplete.
        let holding = expectation(description: "the first upload is in progress")
        DispatchQueue.global().async {
            while h.session.uploadsInProgress == 0 { usleep(1000) }
            holding.fulfill()
        }
        wait(for: [holding], timeout: 60)
        let second = try h.upload([("second.png", png)])
        XCTAssertEqual(second.status, 503, second.text)
        try first.write(Array(held.suffix(10)))
        XCTAssertEqual(try first.readAnswer().list("imported").count, 1)
        var other = png
        other.append(contentsOf: [0, 0, 0, 0])  // bytes after IEND: another file, the same picture
        let third = try h.upload([("third.png", other)])
        XCTAssertEqual(third.list("imported").count, 1, third.text)
    }

    func testTheDefaultAddressIsTheDefaultRoutesInterface() {
        let routes = """
            Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
            docker0\t0000FEA9\t00000000\t0001\t0\t0\t1000\t0000FFFF\t0\t0\t0
            wlan1\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0
            wlan0\t00000000\t0100A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
            wlan0\t0000A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
            """
        XCTAssertEqual(LANAddress.defaultInterface(routes: routes), "wlan0")
        XCTAssertNil(LANAddress.defaultInterface(routes: "Iface\tDestination\n"))
    }

    func testTheQRCodeDecodesToTheAddress() throws {
        try Requirement.programs(["/usr/bin/zbarimg"], install: "apt-get install zbar-tools")
        let dir = TemporaryDirectory("qr")
        let url = "http://192.168.1.23:8123/\(ReceiveToken().text)/"
        let code = try QRCode(url)
        let png = try dir.write("qr.png", try ImageEncoder.png(code.image(scale: 4)))
        let result = try Shell.run(["/usr/bin/zbarimg", "--raw", "-q", png.path])
        XCTAssertEqual(result.output.trimmingCharacters(in: .newlines), url)
        // The half blocks hold the same modules: read back from the text, they decode the same.
        let back = try QRCode.modules(fromHalfBlocks: code.halfBlocks(colours: false))
        XCTAssertEqual(back.size, code.size)
        XCTAssertEqual(back.modules, code.modules)
    }
}
