import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small blocking HTTP GET with a hard deadline, so that no command ever hangs on the network.
public struct HTTPClient: Sendable {
    public var timeout: TimeInterval

    public init(timeout: TimeInterval = 3) { self.timeout = timeout }

    public func get(_ url: URL) throws -> Data {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let session = URLSession(configuration: configuration)
        defer { session.invalidateAndCancel() }
        final class Box: @unchecked Sendable { var result: Result<Data, Error>? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: url) { data, response, error in
            if let error {
                box.result = .failure(WeatherError("cannot reach \(url.host ?? "the server"): \(error.localizedDescription)"))
            } else if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
                box.result = .failure(WeatherError("\(url.host ?? "the server") answered HTTP \(http.statusCode)"))
            } else {
                box.result = .success(data ?? Data())
            }
            done.signal()
        }
        task.resume()
        // The session's own timeouts should fire first; this is the backstop.
        if done.wait(timeout: .now() + timeout + 0.5) == .timedOut {
            task.cancel()
            throw WeatherError("\(url.host ?? "the server") did not answer within \(Int(timeout)) s")
        }
        return try box.result!.get()
    }
}
