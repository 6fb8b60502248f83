import Foundation

/// One HTTP/1.1 request's head, parsed strictly: a request line of method, origin-form target and version,
/// header lines of a token name and a value, no folded lines, no bare CR or LF, no NUL, at most one
/// Content-Length (digits only), and no Transfer-Encoding (a body has a length or is refused).
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    /// The path, as sent (percent-encoding kept): it is compared with the routes, never used as a file path.
    public var path: String
    public var query: String
    public var headers: [(name: String, value: String)]
    public var contentLength: Int?

    public static func == (a: HTTPRequest, b: HTTPRequest) -> Bool {
        a.method == b.method && a.path == b.path && a.query == b.query && a.contentLength == b.contentLength
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }

    /// The first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public enum ParseError: Error, Equatable {
        /// Malformed: answered 400.
        case bad(String)
        /// A body without a length (chunked): answered 411.
        case lengthRequired
    }

    /// Parses the head (everything before the blank line, without it).
    public static func parse(_ head: [UInt8]) throws -> HTTPRequest {
        guard !head.contains(0) else { throw ParseError.bad("NUL in the request head") }
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var i = 0
        while i < head.count {
            if head[i] == 13 {
                guard i + 1 < head.count, head[i + 1] == 10 else { throw ParseError.bad("a CR without LF") }
                lines.append(head[start..<i])
                i += 2
                start = i
            } else if head[i] == 10 {
                throw ParseError.bad("a bare LF")
            } else {
                i += 1
            }
        }
        lines.append(head[start..<head.count])
        guard let requestLine = lines.first else { throw ParseError.bad("no request line") }
        let parts = requestLine.split(separator: 32, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw ParseError.bad("the request line is not METHOD TARGET VERSION") }
        let method = String(decoding: parts[0], as: UTF8.self)
        guard !method.isEmpty, parts[0].allSatisfy(isTokenByte) else { throw ParseError.bad("a bad method") }
        guard parts[2].elementsEqual("HTTP/1.1".utf8) || parts[2].elementsEqual("HTTP/1.0".utf8) else {
            throw ParseError.bad("not HTTP/1.1")
        }
        let target = parts[1]
        guard target.first == UInt8(ascii: "/"), target.count <= 2048, target.allSatisfy({ $0 > 32 && $0 < 127 }) else {
            throw ParseError.bad("the target is not a path")
        }
        let text = String(decoding: target, as: UTF8.self)
        let path = text.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var request = HTTPRequest(
            method: method, path: String(path[0]), query: path.count > 1 ? String(path[1]) : "", headers: [], contentLength: nil)
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
                throw ParseError.bad("a header line without a name")
            }
            let name = line[line.startIndex..<colon]
            guard name.allSatisfy(isTokenByte) else { throw ParseError.bad("a bad header name") }
            let value = line[(colon + 1)...].drop { $0 == 32 || $0 == 9 }.reversed().drop { $0 == 32 || $0 == 9 }.reversed()
            guard value.allSatisfy({ $0 == 9 || ($0 >= 32 && $0 != 127) }) else { throw ParseError.bad("a control byte in a header") }
            request.headers.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
        guard request.headers.count <= 100 else { throw ParseError.bad("too many headers") }
        if request.header("Transfer-Encoding") != nil { throw ParseError.lengthRequired }
        let lengths = request.headers.filter { $0.name.caseInsensitiveCompare("Content-Length") == .orderedSame }.map(\.value)
        if let length = lengths.first {
            guard lengths.count == 1, !length.isEmpty, length.count <= 15, length.utf8.allSatisfy({ (48...57).contains($0) }),
                let value = Int(length)
            else { throw ParseError.bad("a bad Content-Length") }
            request.contentLength = value
        }
        return request
    }

    /// RFC 9110's token characters.
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: Array("!#$%&'*+-.^_`|~".utf8).contains(b)
        }
    }
}

/// An answer: status, headers, and a body in memory (pages and JSON are small).
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, contentType: String = "text/plain; charset=utf-8", body: [UInt8], headers: [(String, String)] = []) {
        self.status = status
        self.headers = [("Content-Type", contentType)] + headers
        self.body = body
    }

    public static func text(_ status: Int, _ text: String) -> HTTPResponse { HTTPResponse(status: status, body: Array((text + "\n").utf8)) }

    /// Every path without the token, and every route that does not exist, gets this same answer.
    public static let notFound = text(404, "Not found")

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 301: "Moved Permanently"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }

    /// The bytes on the wire; every answer closes the connection (one request a connection).
    public var wire: [UInt8] {
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\nConnection: close\r\nCache-Control: no-store\r\n"
        head += "X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n\r\n"
        return Array(head.utf8) + body
    }
}
