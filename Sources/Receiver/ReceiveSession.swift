import ClosetKit
import Foundation
import Imaging
import Importer

/// One `closet receive` session: the routes behind the token, the limits, and the uploads turned into items through
/// the same importer as `closet import` (dedupe, classification, review, the writer lock).
///
/// Routes, all under `/TOKEN/`: `GET /TOKEN/` the upload page, `POST /TOKEN/upload` the photos (multipart parts
/// named `photo`; JSON in the shape of `import --json`, or a page when the no-JavaScript form sends `?form=1`).
/// Anything else, and every path without the token, is 404; there is no listing.
public final class ReceiveSession: @unchecked Sendable {
    public let token: ReceiveToken
    public let limits: ReceiveLimits
    public let language: Language
    let importer: PhotoImporter
    let template: ItemTemplate
    /// `<wardrobe>/.receive`: each upload's body is staged here, inside the wardrobe, its photos imported from it,
    /// and the file removed by its own name once they are.
    let staging: URL
    private let importLock = NSLock()
    private let lock = NSLock()
    private let slots: DispatchSemaphore
    private var sessionBytes: Int64 = 0
    private var inFlight = 0
    private var uploading = 0
    private var lastActivity = Date()
    public private(set) var totals = ReceiveTotals()
    /// Called after each upload is imported, with what became of each photo (on the connection's thread).
    public var onArrival: (@Sendable ([ReceivedPhoto]) -> Void)?

    public init(importer: PhotoImporter, template: ItemTemplate, language: Language, limits: ReceiveLimits = ReceiveLimits()) throws {
        self.importer = importer
        self.template = template
        self.language = language
        self.limits = limits
        self.token = ReceiveToken()
        self.slots = DispatchSemaphore(value: limits.maxUploadsAtOnce)
        staging = importer.wardrobe.folder.appendingPathComponent(".receive", isDirectory: true)
        try Self.prepareStaging(staging)
    }

    /// Creates the staging folder (0700) unless it is there; refuses one that is a link or not a folder.
    static func prepareStaging(_ folder: URL) throws {
        if mkdir(folder.path, 0o700) != 0 && errno != EEXIST {
            throw ClosetError.cannotCreate("\(folder.path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard lstat(folder.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw ClosetError.cannotCreate("\(folder.path) is not a folder closet made (a link or a file): move it away")
        }
    }

    /// Removes the staging folder when it is empty (it holds nothing of the session's by then).
    public func finish() { rmdir(staging.path) }

    /// Uploads holding a place now (reading their body or being imported).
    public var uploadsInProgress: Int { lock.withLock { uploading } }

    /// How long no request with the token came and no upload was in progress.
    public var idleSeconds: TimeInterval { lock.withLock { inFlight > 0 ? 0 : Date().timeIntervalSince(lastActivity) } }

    // MARK: Routes.

    public func handle(_ request: HTTPRequest, _ connection: HTTPConnection) -> HTTPResponse {
        // "/" TOKEN, then the rest. The token is compared in constant time, whatever the path.
        let path = Array(request.path.utf8)
        let segmentEnd = path.dropFirst().firstIndex(of: UInt8(ascii: "/")) ?? path.count
        guard token.matches(path[1..<segmentEnd]) else { return .notFound }
        let rest = String(decoding: path[segmentEnd...], as: UTF8.self)
        touch(+1)
        defer { touch(-1) }
        switch rest {
        case "":
            return HTTPResponse(status: 301, body: [], headers: [("Location", "/\(token.text)/")])
        case "/":
            guard request.method == "GET" else { return methodNotAllowed("GET") }
            return HTTPResponse(status: 200, contentType: "text/html; charset=utf-8", body: Array(UploadPage.html(language).utf8))
        case "/upload":
            guard request.method == "POST" else { return methodNotAllowed("POST") }
            return upload(request, connection, page: request.query == "form=1")
        default:
            return .notFound
        }
    }

    private func methodNotAllowed(_ allowed: String) -> HTTPResponse {
        HTTPResponse(status: 405, body: Array("Method not allowed\n".utf8), headers: [("Allow", allowed)])
    }

    private func touch(_ delta: Int) {
        lock.withLock {
            inFlight += delta
            lastActivity = Date()
        }
    }

    // MARK: Uploads.

    private func refusal(_ status: Int, _ message: String, page: Bool) -> HTTPResponse {
        if page {
            return HTTPResponse(
                status: status, contentType: "text/html; charset=utf-8", body: Array(UploadPage.result([], error: message, language).utf8))
        }
        let body = (try? JSONSerialization.data(withJSONObject: ["error": message], options: [.sortedKeys])) ?? Data()
        return HTTPResponse(status: status, contentType: "application/json", body: Array(body))
    }

    func upload(_ request: HTTPRequest, _ connection: HTTPConnection, page: Bool) -> HTTPResponse {
        guard let contentType = request.header("Content-Type"), let boundary = Multipart.boundary(contentType: contentType) else {
            return refusal(415, say("Send the photos as multipart/form-data, in parts named photo."), page: page)
        }
        guard let length = request.contentLength else { return refusal(411, say("A body needs a Content-Length."), page: page) }
        guard length > 0 else { return refusal(400, say("The upload is empty."), page: page) }
        guard length <= limits.maxRequestBytes else {
            return refusal(
                413, Strings.format("One upload may be {0} MB at most.", language, "\(limits.maxRequestBytes / 1_048_576)"), page: page)
        }
        let reserved = lock.withLock { () -> Bool in
            guard sessionBytes + Int64(length) <= limits.maxSessionBytes else { return false }
            sessionBytes += Int64(length)
            return true
        }
        guard reserved else {
            return refusal(
                413,
                Strings.format(
                    "This session has received its {0} MB: start closet receive again for more.", language,
                    "\(limits.maxSessionBytes / 1_048_576)"), page: page)
        }
        guard slots.wait(timeout: .now() + limits.uploadWait) == .success else {
            // Nothing of it was read: its bytes go back to the session.
            lock.withLock { sessionBytes -= Int64(length) }
            return refusal(503, say("Four uploads are in progress: try again in a moment."), page: page)
        }
        lock.withLock { uploading += 1 }
        defer {
            lock.withLock { uploading -= 1 }
            slots.signal()
        }
        let bodyFile = staging.appendingPathComponent(UUID().uuidString + ".body")
        defer { unlink(bodyFile.path) }
        connection.continueIfExpected(request)
        do {
            let fd = try Self.createStaged(bodyFile)
            defer { close(fd) }
            try connection.readBody(length: length) { chunk in try Self.writeAll(fd, chunk) }
        } catch HTTPConnection.Failure.timedOut {
            return refusal(408, say("The upload stopped coming: send it again."), page: page)
        } catch let error as ClosetError {
            return refusal(500, error.description, page: page)
        } catch {
            return refusal(400, say("The upload ended before its end."), page: page)
        }
        let parts: [Multipart.Part]
        let body: Data
        do {
            body = try Data(contentsOf: bodyFile, options: .alwaysMapped)
            parts = try Multipart.parts(of: body, boundary: boundary).filter { $0.name == "photo" && !$0.range.isEmpty }
        } catch {
            return refusal(400, say("The upload is not a readable multipart form."), page: page)
        }
        guard !parts.isEmpty else { return refusal(400, say("The upload has no part named photo."), page: page) }
        let received = receive(parts, of: body)
        lock.withLock { totals.add(received) }
        onArrival?(received)
        if page {
            return HTTPResponse(
                status: 200, contentType: "text/html; charset=utf-8", body: Array(UploadPage.result(received, error: nil, language).utf8))
        }
        let json = (try? JSONSerialization.data(withJSONObject: ReceivedPhoto.json(received), options: [.sortedKeys])) ?? Data()
        return HTTPResponse(status: 200, contentType: "application/json", body: Array(json))
    }

    private func say(_ english: String) -> String { Strings.text(english, language) }

    /// Each part checked (size, bytes that start like a photo) and imported from the body's bytes where they lie:
    /// the upload is on disk once, as the body, until the photo is stored.
    func receive(_ parts: [Multipart.Part], of body: Data) -> [ReceivedPhoto] {
        var results: [ReceivedPhoto?] = Array(repeating: nil, count: parts.count)
        var accepted: [(index: Int, source: PhotoSource)] = []
        for (index, part) in parts.enumerated() {
            let label = Multipart.label(part.filename, index: index + 1)
            if part.range.count > limits.maxFileBytes {
                let limit = "\(limits.maxFileBytes / 1_048_576)"
                results[index] = .init(
                    label: label, outcome: .failed(Strings.format("over the {0} MB limit for one photo", language, limit)))
                continue
            }
            guard ImageFormat.sniff(body[part.range.lowerBound..<min(part.range.upperBound, part.range.lowerBound + 256)]) != nil else {
                results[index] = .init(label: label, outcome: .failed(say("not a photo: JPEG, PNG, HEIC, AVIF or WebP")))
                continue
            }
            // A name of closet's own for the part, never created: the importer's messages name it, and the answer
            // puts the label in its place.
            accepted.append((index, PhotoSource(file: staging.appendingPathComponent(UUID().uuidString), bytes: body[part.range])))
        }
        if !accepted.isEmpty {
            let report = importLock.withLock { importer.importPhotos(accepted.map(\.source), template: template) }
            for ((index, source), outcome) in zip(accepted, report.outcomes) {
                let label = Multipart.label(parts[index].filename, index: index + 1)
                results[index] = ReceivedPhoto(label: label, outcome: .init(outcome, staged: source.file, label: label, language: language))
            }
        }
        return results.enumerated().map { $1 ?? ReceivedPhoto(label: "photo \($0 + 1)", outcome: .failed(say("not imported"))) }
    }

    /// A new file, created exclusively, never through a link, readable by its owner only.
    static func createStaged(_ file: URL) throws -> Int32 {
        let fd = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ClosetError.cannotCreate("\(file.path): \(String(cString: strerror(errno)))") }
        return fd
    }

    static func writeAll<Bytes: ContiguousBytes>(_ fd: Int32, _ bytes: Bytes) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw ClosetError.io("cannot write an upload in the wardrobe: \(String(cString: strerror(errno)))") }
                offset += n
            }
        }
    }
}
