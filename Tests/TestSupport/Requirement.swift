import Foundation
import XCTest

/// What a test needs from the machine (root, tmux, Xvfb, `../shared`, a network mirror…), said once.
///
/// Every test that cannot run here throws ``missing(_:)`` instead of building its own `XCTSkip`: on a
/// developer's machine the test skips, saying what was missing; under `CLOSET_REQUIRE_ALL=1` (CI runs
/// `make test-all` with it) it fails instead, so a CI machine that lost tmux or the dataset cannot pass by
/// skipping. Only what no machine can be asked for stays a skip there: ``notOnThisCPU(_:)`` (AVX-512).
public enum Requirement {
    /// True when `CLOSET_REQUIRE_ALL` is set to `1` (or `true`/`yes`): skips become failures.
    public static var everythingRequired: Bool {
        guard let value = ProcessInfo.processInfo.environment["CLOSET_REQUIRE_ALL"]?.lowercased() else { return false }
        return ["1", "true", "yes"].contains(value)
    }

    /// The error a test throws when `reason` (what is missing, and what installs it) keeps it from running:
    /// an `XCTSkip`, or under `CLOSET_REQUIRE_ALL=1` a failure that says the same.
    public static func missing(_ reason: String, file: StaticString = #filePath, line: UInt = #line) -> Error {
        missing(reason, required: everythingRequired, file: file, line: line)
    }

    /// ``missing(_:)`` with the flag given (for the helper's own tests).
    public static func missing(_ reason: String, required: Bool, file: StaticString = #filePath, line: UInt = #line) -> Error {
        required ? Unmet(reason: reason) : XCTSkip(reason, file: file, line: line)
    }

    /// The error for hardware this CPU lacks (AVX-512): a skip even under `CLOSET_REQUIRE_ALL=1`, since
    /// installing a package cannot add it.
    public static func notOnThisCPU(_ reason: String, file: StaticString = #filePath, line: UInt = #line) -> Error {
        XCTSkip(reason, file: file, line: line)
    }

    /// Throws ``missing(_:)`` unless each program exists (absolute paths), naming the first one that does not.
    public static func programs(_ paths: [String], install: String, file: StaticString = #filePath, line: UInt = #line) throws {
        for path in paths where !FileManager.default.isExecutableFile(atPath: path) {
            throw missing("\(path) is not installed (\(install))", file: file, line: line)
        }
    }

    /// A requirement not met while `CLOSET_REQUIRE_ALL=1` asks for every test to run.
    public struct Unmet: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { "CLOSET_REQUIRE_ALL=1 and this test cannot run: \(reason)" }
    }
}
