import Foundation

public struct HTTPAnswer {
    public var status: Int
    public var head: String
    public var body: Data

    public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    public var text: String { String(decoding: body, as: UTF8.self) }
    public func list(_ key: String) -> [[String: Any]] { json[key] as? [[String: Any]] ?? [] }
}

/// A blocking TCP client to 127.0.0.1, with a 120 s receive deadline that only stops a hang.
public final class RawClient {
    public let fd: Int32

    public init(port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var timeout = timeval(tv_sec: 120, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    public func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            offset += n
        }
    }

    /// Reads what has arrived (waiting for at least one byte), as text.
    public func readSome() throws -> String {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = recv(fd, &buffer, buffer.count, 0)
        guard n > 0 else { throw POSIXError(.ECONNRESET) }
        return String(decoding: buffer[..<n], as: UTF8.self)
    }

    /// Reads to the end of the connection and splits the answer into status, head and body.
    public func readAnswer() throws -> HTTPAnswer {
        var all = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { throw POSIXError(.ETIMEDOUT) }
            if n < 0 && errno == ECONNRESET && !all.isEmpty { break }
            guard n > 0 else { break }
            all.append(contentsOf: buffer[..<n])
        }
        guard let split = all.range(of: Data("\r\n\r\n".utf8)) else { throw POSIXError(.EPROTO) }
        let head = String(decoding: all[..<split.lowerBound], as: UTF8.self)
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return HTTPAnswer(status: status, head: head, body: all[split.upperBound...])
    }

    public func close() { Glibc.close(fd) }
}

/// A multipart/form-data upload as a browser writes it, parts named `photo` by default.
public enum MultipartRequest {
    public static let boundary = "----closetTestBoundary7MA4YWxkTrZu0gW"

    public static func body(_ parts: [(String, Data)], name: String = "photo") -> [UInt8] {
        var body: [UInt8] = []
        for (filename, data) in parts {
            let escaped = filename.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(escaped)\"\r\n".utf8)
            body += Array("Content-Type: application/octet-stream\r\n\r\n".utf8) + Array(data) + Array("\r\n".utf8)
        }
        return body + Array("--\(boundary)--\r\n".utf8)
    }

    public static func request(path: String, parts: [(String, Data)]) -> [UInt8] {
        let body = body(parts)
        return head(path: path, length: body.count) + body
    }

    public static func head(path: String, length: Int) -> [UInt8] {
        Array(
            ("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=\(boundary)\r\n"
                + "Content-Length: \(length)\r\n\r\n").utf8)
    }

}

extension RawClient {
    /// Sends `bytes` on a new connection to 127.0.0.1:`port` and reads the answer to its end.
    public static func exchange(port: UInt16, _ bytes: [UInt8]) throws -> HTTPAnswer {
        let client = try RawClient(port: port)
        defer { client.close() }
        try client.write(bytes)
        return try client.readAnswer()
    }
}
