import Foundation

/// Runs the built `closet` executable, as a person would from a shell.
public struct ClosetProcess {
    public struct Result {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var stdoutData: Data
    }

    /// The `closet` binary beside the test bundle (SwiftPM builds both into one folder).
    public static var executable: URL {
        var dir = Bundle.main.bundleURL
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") { dir = bundle.bundleURL }
        let candidates = [dir.deletingLastPathComponent().appendingPathComponent("closet"), dir.appendingPathComponent("closet")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    public let wardrobe: URL
    public var environment: [String: String] = [:]
    /// A command that runs closet (`setpriv --reuid=… --`, to run it as another user), or empty.
    public var launcher: [String] = []
    /// Runs the commands in this process (`ClosetInProcess`) instead of launching the binary.
    public var inProcess = false

    public init(wardrobe: URL) { self.wardrobe = wardrobe }

    /// closet on `dir/wardrobe` with the classifier off (CLOSET_MODEL=none): for tests that type categories.
    public static func withoutModel(in dir: TemporaryDirectory) -> ClosetProcess {
        var closet = ClosetProcess(wardrobe: dir.path("wardrobe"))
        closet.environment["CLOSET_MODEL"] = "none"
        return closet
    }

    /// The environment closet runs in: this process's, without CLOSET_HOME, in a neutral locale (the language
    /// follows it: tests run in one unless they set their own), with cut-outs off (CLOSET_SEGMENT_MODEL=none: the
    /// network at 320 is slow in a debug build; tests of cut-outs name a model), with ``environment`` on top.
    var processEnvironment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["CLOSET_SEGMENT_MODEL"] = "none"
        env["CLOSET_HOME"] = nil
        env["LC_ALL"] = nil
        env["LC_MESSAGES"] = nil
        env["LANG"] = "C.UTF-8"
        for (k, v) in environment { env[k] = v }
        return env
    }

    /// Runs `closet ARGS --wardrobe W`, with `stdin` fed when given.
    @discardableResult
    public func run(_ arguments: [String], stdin: Data? = nil, withWardrobe: Bool = true) throws -> Result {
        if inProcess && launcher.isEmpty {
            return try ClosetInProcess.run(
                arguments + (withWardrobe ? ["--wardrobe", wardrobe.path] : []), environment: processEnvironment, stdin: stdin)
        }
        let process = Process()
        process.executableURL = launcher.isEmpty ? Self.executable : URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            (launcher.isEmpty ? [] : launcher + [Self.executable.path]) + arguments + (withWardrobe ? ["--wardrobe", wardrobe.path] : [])
        process.environment = processEnvironment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let errData = errBox.data
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }
}
