import Foundation

/// One client's connection: every read waits at most until a deadline, so a client that sends slowly or stops
/// (a slow-loris attack, a body that never ends) is cut off, and nothing it sends is kept beyond the limits.
public final class HTTPConnection: @unchecked Sendable {
    let fd: Int32
    let limits: ReceiveLimits
    /// Bytes read past the head (the start of the body).
    private var pending: [UInt8] = []

    public enum Failure: Error { case timedOut, tooLarge, closed }

    init(fd: Int32, limits: ReceiveLimits) {
        self.fd = fd
        self.limits = limits
    }

    /// Reads the request line and headers within `headerTimeout` and `maxHeaderBytes`.
    func readHead() throws -> HTTPRequest {
        let deadline = Date().addingTimeInterval(limits.headerTimeout)
        var buffer: [UInt8] = []
        var searched = 0
        while true {
            if let end = Self.blankLine(in: buffer, from: max(0, searched - 3)) {
                pending = Array(buffer[(end + 4)...])
                return try HTTPRequest.parse(Array(buffer[..<end]))
            }
            searched = buffer.count
            guard buffer.count < limits.maxHeaderBytes else { throw Failure.tooLarge }
            let chunk = try read(max: limits.maxHeaderBytes - buffer.count, until: deadline, idle: limits.headerTimeout)
            buffer += chunk
        }
    }

    static func blankLine(in bytes: [UInt8], from: Int) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var i = from
        while i + 3 < bytes.count {
            if bytes[i] == 13, bytes[i + 1] == 10, bytes[i + 2] == 13, bytes[i + 3] == 10 { return i }
            i += 1
        }
        return nil
    }

    /// Reads exactly `length` body bytes, handing each piece to `sink` (which may throw to stop), within the body's
    /// deadlines: no silence longer than `bodyIdleTimeout`, and all of it within `bodyGrace` + length / `minBodyRate`.
    public func readBody(length: Int, sink: ([UInt8]) throws -> Void) throws {
        let deadline = Date().addingTimeInterval(limits.bodyGrace + Double(length) / Double(max(1, limits.minBodyRate)))
        var left = length
        if !pending.isEmpty {
            let first = Array(pending.prefix(left))
            pending = []
            left -= first.count
            try sink(first)
        }
        while left > 0 {
            let chunk = try read(max: min(left, 256 * 1024), until: deadline, idle: limits.bodyIdleTimeout)
            left -= chunk.count
            try sink(chunk)
        }
    }

    /// Tells a client that waits before sending its body (`Expect: 100-continue`, as curl does past 1 KB) to send it.
    public func continueIfExpected(_ request: HTTPRequest) {
        guard request.header("Expect")?.lowercased() == "100-continue" else { return }
        let line = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
        _ = line.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads what is there (at least one byte), waiting at most `idle` and never past `deadline`.
    private func read(max count: Int, until deadline: Date, idle: TimeInterval) throws -> [UInt8] {
        let idleEnd = Date().addingTimeInterval(idle)
        while true {
            let wait = min(deadline, idleEnd).timeIntervalSinceNow
            guard wait > 0 else { throw Failure.timedOut }
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pfd, 1, Int32(min(wait * 1000, 60_000).rounded(.up)))
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 { continue }
            var chunk = [UInt8](repeating: 0, count: count)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, count, 0) }
            if n < 0 && (errno == EAGAIN || errno == EINTR) { continue }
            guard n > 0 else { throw Failure.closed }
            chunk.removeSubrange(n...)
            return chunk
        }
    }

    /// Writes the answer, giving up on a client that does not read it within the header timeout.
    func send(_ response: HTTPResponse) {
        let bytes = response.wire
        let deadline = Date().addingTimeInterval(max(limits.headerTimeout, 10))
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 { offset += n; continue }
            guard n < 0, errno == EAGAIN || errno == EINTR else { return }
            let wait = deadline.timeIntervalSinceNow
            guard wait > 0 else { return }
            var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            _ = poll(&pfd, 1, Int32(wait * 1000))
        }
    }

    /// Closes after a short linger: what the client still sends (a body not read) is drained for at most half a
    /// second and 1 MB, so that the answer reaches it rather than a reset.
    func close() {
        shutdown(fd, Int32(SHUT_WR))
        let end = Date().addingTimeInterval(0.5)
        var drained = 0
        while drained < 1 << 20, let chunk = try? read(max: 64 * 1024, until: end, idle: 0.5) { drained += chunk.count }
        Glibc.close(fd)
    }
}
