import Foundation

/// A small HTTP/1.1 server over POSIX sockets: one listening socket on one address, a thread a connection up to
/// `maxConnections` (one more is answered 503 and closed), one request a connection, and a deadline on every
/// read (`HTTPConnection`). What to answer is the handler's.
public final class HTTPServer: @unchecked Sendable {
    public typealias Handler = @Sendable (HTTPRequest, HTTPConnection) -> HTTPResponse

    public let limits: ReceiveLimits
    private let handler: Handler
    private var listener: Int32 = -1
    private var wake: [Int32] = [-1, -1]
    private let lock = NSLock()
    private var open = 0
    private var stopped = false
    private let finished = DispatchGroup()
    /// The port it listens on (the one the system chose when asked for 0).
    public private(set) var port: UInt16 = 0

    public init(limits: ReceiveLimits, handler: @escaping Handler) {
        self.limits = limits
        self.handler = handler
    }

    public enum StartError: Error, CustomStringConvertible {
        case badAddress(String)
        case cannotListen(String, UInt16, String)

        public var description: String {
            switch self {
            case .badAddress(let a): "'\(a)' is not an IPv4 or IPv6 address"
            case .cannotListen(let a, let p, let why): "cannot listen on \(a) port \(p): \(why)"
            }
        }
    }

    /// Binds `address` (an IPv4 or IPv6 address, never a name) and `port` (0: any free one), and starts accepting.
    public func start(address: String, port: UInt16) throws {
        var storage = sockaddr_storage()
        var length: socklen_t
        let family: Int32
        if address.contains(":") {
            family = AF_INET6
            var a6 = sockaddr_in6()
            a6.sin6_family = sa_family_t(AF_INET6)
            a6.sin6_port = port.bigEndian
            guard inet_pton(AF_INET6, address, &a6.sin6_addr) == 1 else { throw StartError.badAddress(address) }
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: a6, as: sockaddr_in6.self) }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        } else {
            family = AF_INET
            var a4 = sockaddr_in()
            a4.sin_family = sa_family_t(AF_INET)
            a4.sin_port = port.bigEndian
            guard inet_pton(AF_INET, address, &a4.sin_addr) == 1 else { throw StartError.badAddress(address) }
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: a4, as: sockaddr_in.self) }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        }
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw StartError.cannotListen(address, port, String(cString: strerror(errno))) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 128) == 0 else {
            let why = String(cString: strerror(errno))
            close(fd)
            throw StartError.cannotListen(address, port, why)
        }
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = withUnsafeBytes(of: &storage) { raw in
            UInt16(bigEndian: family == AF_INET ? raw.load(as: sockaddr_in.self).sin_port : raw.load(as: sockaddr_in6.self).sin6_port)
        }
        listener = fd
        guard pipe(&wake) == 0 else { throw StartError.cannotListen(address, port, String(cString: strerror(errno))) }
        for fd in wake { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "receive-accept"
        finished.enter()
        thread.start()
    }

    /// Connections open now.
    public var openConnections: Int { lock.withLock { open } }

    /// Stops accepting, and waits for the connections in progress to end (each has its deadlines).
    public func stop() {
        let first = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard first, listener >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(wake[1], &byte, 1)
        finished.wait()
        close(listener)
        close(wake[0])
        close(wake[1])
    }

    private func acceptLoop() {
        defer { finished.leave() }
        while true {
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: wake[0], events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, -1)
            if ready < 0 && errno == EINTR { continue }
            if fds[1].revents != 0 || lock.withLock({ stopped }) { return }
            guard fds[0].revents & Int16(POLLIN) != 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
            let admitted = lock.withLock { () -> Bool in
                guard open < limits.maxConnections else { return false }
                open += 1
                return true
            }
            guard admitted else {
                // Over the cap: a short answer, written without waiting, and closed.
                let busy = HTTPResponse.text(503, "Too many connections: try again in a moment").wire
                _ = busy.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(client)
                continue
            }
            finished.enter()
            let thread = Thread { [self] in
                defer {
                    lock.withLock { open -= 1 }
                    finished.leave()
                }
                serve(HTTPConnection(fd: client, limits: limits))
            }
            thread.name = "receive-connection"
            thread.start()
        }
    }

    private func serve(_ connection: HTTPConnection) {
        defer { connection.close() }
        let response: HTTPResponse
        do {
            let request = try connection.readHead()
            response = handler(request, connection)
        } catch HTTPConnection.Failure.timedOut {
            response = .text(408, "The request took too long")
        } catch HTTPConnection.Failure.tooLarge {
            response = .text(431, "The request's headers are too large")
        } catch HTTPRequest.ParseError.lengthRequired {
            response = .text(411, "A body needs a Content-Length")
        } catch HTTPRequest.ParseError.bad(let why) {
            response = .text(400, "Bad request: \(why)")
        } catch {
            return  // the client went away
        }
        connection.send(response)
    }
}
