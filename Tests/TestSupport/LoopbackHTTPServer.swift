import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for tests: each request's path picks a canned response,
/// including faults (an error status, garbage, a stall past the client's timeout). It stops by itself
/// when released, and serves at most `maxRequests` requests.
public final class LoopbackHTTPServer: @unchecked Sendable {
    public struct Response {
        public var status: Int
        public var body: String
        /// Seconds to wait before answering (to test timeouts); `.infinity`: never answer while the server runs
        /// (a stall past any client timeout, released when the server stops).
        public var delay: TimeInterval
        /// More header lines, such as a redirect's `Location`.
        public var headers: [String: String]
        public init(status: Int = 200, body: String, delay: TimeInterval = 0, headers: [String: String] = [:]) {
            self.status = status; self.body = body; self.delay = delay; self.headers = headers
        }
    }

    public private(set) var port: UInt16 = 0
    public private(set) var requests: [String] = []
    private let socketFD: Int32
    private let routes: (String) -> Response
    private let lock = NSLock()
    private var running = true
    /// Signalled once per stalled request when the server stops.
    private let released = DispatchSemaphore(value: 0)
    private var stalled = 0

    public init(maxRequests: Int = 100, routes: @escaping (String) -> Response) throws {
        self.routes = routes
        socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) } }
        guard bound == 0, listen(socketFD, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(socketFD, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [weak self] in self?.serve(maxRequests) }
        thread.start()
    }

    deinit { stop() }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public func stop() {
        lock.lock(); let wasRunning = running; running = false; let waiting = stalled; stalled = 0; lock.unlock()
        if wasRunning { shutdown(socketFD, Int32(SHUT_RDWR)); close(socketFD) }
        for _ in 0..<waiting { released.signal() }
    }

    private func serve(_ maxRequests: Int) {
        for _ in 0..<maxRequests {
            let client = accept(socketFD, nil, nil)
            if client < 0 { return }
            DispatchQueue.global().async { self.handle(client) }
        }
    }

    private func handle(_ client: Int32) {
        defer { close(client) }
        var buffer = [UInt8](repeating: 0, count: 8192)
        let n = read(client, &buffer, buffer.count)
        guard n > 0 else { return }
        let request = String(decoding: buffer[0..<n], as: UTF8.self)
        let path = request.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        lock.lock(); requests.append(path); lock.unlock()
        let response = routes(path)
        if response.delay == .infinity {
            lock.lock(); let stall = running; if stall { stalled += 1 }; lock.unlock()
            if stall { released.wait() }
            return
        }
        if response.delay > 0 { Thread.sleep(forTimeInterval: response.delay) }
        let body = Array(response.body.utf8)
        let extra = response.headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)\r\n" }.joined()
        let head =
            "HTTP/1.1 \(response.status) X\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\(extra)Connection: close\r\n\r\n"
        let bytes = Array(head.utf8) + body
        _ = bytes.withUnsafeBufferPointer { write(client, $0.baseAddress, $0.count) }
    }
}
