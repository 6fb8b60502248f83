import Foundation

extension ClosetProcess {
    /// Runs `closet ARGS` as ``run(_:stdin:withWardrobe:)`` does, and returns with its result the peak resident
    /// memory of that one closet process, in kilobytes.
    ///
    /// The peak comes from GNU time, which forks closet and reads its `wait4` usage. Not from this process's
    /// `RUSAGE_CHILDREN`, which holds the largest peak of any child ever reaped; nor from a child spawned here
    /// directly, since `posix_spawn` (vfork) hands the spawning process's own peak to the child's at `exec`.
    /// Forked from the small `time` process, closet's figure is its own.
    public func runMeasuringPeak(_ arguments: [String]) throws -> (result: Result, peakKilobytes: Int) {
        try Requirement.programs(["/usr/bin/time"], install: "GNU time: make test installs it")
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("closet-peak-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: report) }
        var measured = self
        measured.launcher = ["/usr/bin/time", "--format=%M", "--output=\(report.path)", "--"] + launcher
        let result = try measured.run(arguments)
        // A command that fails has "Command exited with non-zero status N" on the line before the figure.
        let text = try String(contentsOf: report, encoding: .utf8)
        guard let line = text.split(separator: "\n").last, let kilobytes = Int(line.trimmingCharacters(in: .whitespaces)) else {
            throw PeakUnreadable(report: text)
        }
        return (result, kilobytes)
    }

    /// GNU time wrote no figure.
    public struct PeakUnreadable: Error, CustomStringConvertible {
        public let report: String
        public var description: String { "GNU time gave no peak memory: \(report)" }
    }
}
