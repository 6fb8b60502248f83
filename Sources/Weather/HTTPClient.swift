import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A small blocking HTTP GET with a hard deadline and a cap on the body, so that no command ever
/// hangs on the network or fills memory with an endless answer.
public struct HTTPClient: Sendable {
    public var timeout: TimeInterval
    /// Bodies larger than this are refused as they arrive (a forecast is a few kilobytes).
    public var maxBytes: Int

    public init(timeout: TimeInterval = 3, maxBytes: Int = 1 << 20) { self.timeout = timeout; self.maxBytes = maxBytes }

    /// Collects the body, cancelling the task as soon as it passes the cap. Its messages name the host that
    /// answered, which after a redirect is not the one asked first.
    final class Collector: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        let maxBytes: Int
        /// The host asked first.
        let origin: String
        let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var data = Data()
        private var failure: WeatherError?
        private var current: String

        init(maxBytes: Int, host: String) { self.maxBytes = maxBytes; self.origin = host; self.current = host }

        /// The host being talked to now, and the one first asked when a redirect led elsewhere.
        var host: String {
            lock.lock(); defer { lock.unlock() }
            return current == origin ? current : "\(current) (redirected from \(origin))"
        }

        var result: Result<Data, WeatherError> {
            lock.lock(); defer { lock.unlock() }
            return failure.map { .failure($0) } ?? .success(data)
        }

        func fail(_ error: WeatherError) { lock.lock(); if failure == nil { failure = error }; lock.unlock() }

        /// Follows a redirect to another http(s) address, remembering its host; refuses any other.
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
        ) {
            guard let url = request.url, ["http", "https"].contains(url.scheme?.lowercased() ?? ""), let next = url.host else {
                fail(WeatherError("\(host) redirected to an address that is not http(s)", cause: .unreachable))
                completionHandler(nil)
                task.cancel()
                return
            }
            lock.lock(); current = next; lock.unlock()
            completionHandler(request)
        }

        func urlSession(
            _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
            completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
        ) {
            if let answered = response.url?.host { lock.lock(); current = answered; lock.unlock() }
            if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
                let redirect = (300..<400).contains(http.statusCode) ? " (a redirect closet could not follow)" : ""
                fail(WeatherError("\(host) answered HTTP \(http.statusCode)\(redirect)", cause: .unreachable))
                completionHandler(.cancel)
            } else if response.expectedContentLength > Int64(maxBytes) {
                fail(
                    WeatherError(
                        "\(host) sent \(response.expectedContentLength / 1024) KB, over the \(maxBytes / 1024) KB a forecast may be"))
                completionHandler(.cancel)
            } else {
                completionHandler(.allow)
            }
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive chunk: Data) {
            let host = self.host
            lock.lock()
            let over = failure == nil && data.count + chunk.count > maxBytes
            if over {
                failure = WeatherError("\(host) sent more than the \(maxBytes / 1024) KB a forecast may be")
            } else if failure == nil {
                data.append(chunk)
            }
            lock.unlock()
            if over { dataTask.cancel() }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
            if let error {
                if let now = task.currentRequest?.url?.host { lock.lock(); current = now; lock.unlock() }
                fail(WeatherError(HTTPClient.describe(error, host: host), cause: .unreachable))
            }
            done.signal()
        }
    }

    public func get(_ url: URL) throws -> Data {
        let host = url.host ?? "the server"
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let collector = Collector(maxBytes: maxBytes, host: host)
        let session = URLSession(configuration: configuration, delegate: collector, delegateQueue: nil)
        defer { session.invalidateAndCancel() }
        let task = session.dataTask(with: url)
        task.resume()
        // The session's own timeouts should fire first; this is the backstop.
        if collector.done.wait(timeout: .now() + timeout + 0.5) == .timedOut {
            task.cancel()
            throw WeatherError("\(collector.host) did not answer within \(Int(timeout)) s", cause: .unreachable)
        }
        return try collector.result.get()
    }

    /// Plain words for the errors URLSession reports by number.
    static func describe(_ error: Error, host: String) -> String {
        let code = (error as NSError).code
        switch code {
        case NSURLErrorTimedOut: return "\(host) did not answer in time"
        case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed: return "\(host) was not found: check the address and the connection"
        case NSURLErrorCannotConnectToHost: return "cannot connect to \(host): is it reachable from here?"
        case NSURLErrorNotConnectedToInternet, NSURLErrorNetworkConnectionLost: return "no connection to \(host)"
        case NSURLErrorCancelled: return "the request to \(host) was stopped"
        default: return "cannot reach \(host): \(error.localizedDescription)"
        }
    }
}
