import Foundation

/// A thread-safe list of lines, for tests that run work concurrently.
public final class ConcurrentLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    public init() {}
    public func add(_ value: String) { lock.lock(); stored.append(value); lock.unlock() }
    public var values: [String] { lock.lock(); defer { lock.unlock() }; return stored }
}
