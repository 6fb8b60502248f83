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

    /// Collects the body, cancelling the task as soon as it passes the cap.
    final class Collector: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        let maxBytes: Int
        let host: String
        let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var data = Data()
        private var failure: WeatherError?

        init(maxBytes: Int, host: String) { self.maxBytes = maxBytes; self.host = host }

        var result: Result<Data, WeatherError> {
            lock.lock(); defer { lock.unlock() }
            return failure.map { .failure($0) } ?? .success(data)
        }

        func fail(_ error: WeatherError) { lock.lock(); if failure == nil { failure = error }; lock.unlock() }

        func urlSession(
            _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
            completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
        ) {
            if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
                fail(WeatherError("\(host) answered HTTP \(http.statusCode)", cause: .unreachable))
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
            if let error { fail(WeatherError(HTTPClient.describe(error, host: host), cause: .unreachable)) }
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
            throw WeatherError("\(host) did not answer within \(Int(timeout)) s", cause: .unreachable)
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
