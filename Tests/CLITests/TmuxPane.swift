import Foundation
import TestSupport
import XCTest

/// A tmux server of its own with one pane, for driving the real binary as a person would: keys in with
/// send-keys, the screen out with capture-pane. The waits end as soon as the screen shows what they wait for;
/// their deadline only stops a hang. (The calls TUIScenarioTests makes, shared by the newer scenario files.)
final class TmuxPane {
    let socket = "closet-test-\(UUID().uuidString.prefix(8))"

    /// Starts a shell in a fresh session of this size, in a neutral locale (the language follows the wardrobe's
    /// profile); skips the test without tmux.
    init(columns: Int, rows: Int, in directory: String? = nil) throws {
        try Requirement.programs(["/usr/bin/tmux"], install: "make test-all installs it")
        _ = try tmux(
            ["new-session", "-d", "-s", "s", "-x", "\(columns)", "-y", "\(rows)"] + (directory.map { ["-c", $0] } ?? [])
                + ["env", "-u", "TMUX", "-u", "LC_ALL", "-u", "LC_MESSAGES", "LANG=C.UTF-8", "bash", "--norc", "--noprofile"])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    @discardableResult
    func tmux(_ args: [String]) throws -> String { try Shell.run(["tmux", "-L", socket] + args).output }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", "s"]) }

    /// The screen's lines.
    func lines() throws -> [String] { try screen().split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    func keys(_ k: String...) throws { try tmux(["send-keys", "-t", "s"] + k) }

    func resize(columns: Int, rows: Int) throws { try tmux(["resize-window", "-t", "s", "-x", "\(columns)", "-y", "\(rows)"]) }

    /// Types the command that runs closet on `wardrobe`, then prints EXITED when it ends.
    func launch(_ wardrobe: URL, environment: String = "CLOSET_MODEL=none CLOSET_SEGMENT_MODEL=none ") throws {
        try keys("\(environment)\(ClosetProcess.executable.path) --wardrobe \(wardrobe.path); echo EX\"\"ITED", "Enter")
    }

    /// Waits until the screen contains `text`, and the frame is whole.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 60, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitUntil("'\(text)' appeared", timeout: timeout, file: file, line: line) { $0.contains(text) }
    }

    /// Waits until the screen satisfies `ready`, then until two captures 0.1 s apart agree (for up to a second).
    @discardableResult
    func waitUntil(
        _ what: String, timeout: TimeInterval = 60, file: StaticString = #filePath, line: UInt = #line, _ ready: (String) -> Bool
    ) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if ready(last) {
                var previous = last
                for _ in 0..<10 {
                    Thread.sleep(forTimeInterval: 0.1)
                    let now = try screen()
                    if now == previous { return now }
                    if ready(now) { previous = now }
                }
                return previous
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        XCTFail("never \(what); the screen was:\n\(last)", file: file, line: line)
        return last
    }
}
