import Foundation
import XCTest

/// Runs work that must end by itself (a client that gives up on a silent server, a reader that stops at a
/// limit) and waits for it to end, with a deadline far beyond any fair duration. A hang fails the test,
/// naming `what`, instead of hanging the suite; how long the work took is never asserted (benchmarks print
/// that: `closet bench timeouts`).
public enum Watchdog {
    /// The value `work` returned (or the error it threw, rethrown), or nil after failing the test when it had
    /// not returned within `deadline` seconds (it is then left running).
    public static func result<T>(
        within deadline: TimeInterval = 60, _ what: String, file: StaticString = #filePath, line: UInt = #line,
        _ work: @escaping () throws -> T
    ) throws -> T? {
        let box = Outcome<T>()
        let done = DispatchSemaphore(value: 0)
        Thread {
            box.outcome = Result { try work() }
            done.signal()
        }.start()
        guard done.wait(timeout: .now() + deadline) == .success, let outcome = box.outcome else {
            XCTFail("\(what): still running after \(Int(deadline)) s", file: file, line: line)
            return nil
        }
        return try outcome.get()
    }
}

/// Where the watched thread leaves its result.
private final class Outcome<T>: @unchecked Sendable {
    var outcome: Result<T, Error>?
}
