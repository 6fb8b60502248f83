import Foundation

/// A `closet` started in the background, to be signalled while it works (as a shutdown or a closed terminal would),
/// its standard output read as it comes, so a test can take what it printed first (`closet receive`'s address)
/// while it runs.
public final class RunningCloset: @unchecked Sendable {
    public let process = Process()
    private let out = Pipe()
    private let err = Pipe()
    private let lock = NSCondition()
    private var outData = Data()
    private var errData = Data()
    private var ended = false
    private let group = DispatchGroup()

    init(executable: URL, arguments: [String], environment: [String: String]) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        group.enter()
        DispatchQueue.global().async { [self] in
            while true {
                let chunk = out.fileHandleForReading.availableData
                lock.lock()
                if chunk.isEmpty { ended = true } else { outData.append(chunk) }
                lock.broadcast()
                lock.unlock()
                if chunk.isEmpty { break }
            }
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async { [self] in
            let data = err.fileHandleForReading.readDataToEndOfFile()
            lock.lock()
            errData = data
            lock.unlock()
            group.leave()
        }
    }

    /// The first line of stdout, waiting for it (at most `timeout` seconds, which only stops a hang); nil when
    /// closet ended without one.
    public func firstLine(timeout: TimeInterval = 300) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let newline = outData.firstIndex(of: 10) { return String(decoding: outData[..<newline], as: UTF8.self) }
            if ended || !lock.wait(until: deadline) { return nil }
        }
    }

    /// Waits until stdout holds `text` (or closet ended); true when it does.
    public func waitForOutput(_ text: String, timeout: TimeInterval = 300) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        while true {
            if String(decoding: outData, as: UTF8.self).contains(text) { return true }
            if ended || !lock.wait(until: deadline) { return false }
        }
    }

    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for it to end and returns what it printed.
    public func finish() -> ClosetProcess.Result {
        group.wait()
        process.waitUntilExit()
        lock.lock()
        defer { lock.unlock() }
        return ClosetProcess.Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }
}

extension ClosetProcess {
    /// Starts `closet ARGS --wardrobe W` without waiting for it.
    public func start(_ arguments: [String]) throws -> RunningCloset {
        try RunningCloset(
            executable: Self.executable, arguments: arguments + ["--wardrobe", wardrobe.path], environment: processEnvironment)
    }
}

extension ClosetProcess {
    /// Starts `closet receive ARGS --wardrobe W` without waiting for it.
    public func startReceiving(_ arguments: [String]) throws -> RunningCloset { try start(["receive"] + arguments) }
}

extension ClosetProcess {
    /// Whether user `nobody` can run the built closet and read `paths` (a clone in a folder shut to others
    /// cannot): tests that run closet as another user skip, saying so, when it cannot.
    public static func nobodyCanRun(reading paths: [String] = []) -> Bool {
        let asNobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", "test"]
        guard (try? Shell.run(asNobody + ["-x", executable.path]))?.status == 0 else { return false }
        return paths.allSatisfy { (try? Shell.run(asNobody + ["-r", $0]))?.status == 0 }
    }
}
