import Foundation

/// A `closet` started in the background, to be signalled while it works (as a shutdown or a closed terminal would).
public final class RunningCloset: @unchecked Sendable {
    public let process = Process()
    private let out = Pipe()
    private let err = Pipe()
    private var outData = Data()
    private var errData = Data()
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
            outData = out.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async { [self] in
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
    }

    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Waits for it to end and returns what it printed.
    public func finish() -> ClosetProcess.Result {
        group.wait()
        process.waitUntilExit()
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
    /// Whether user `nobody` can run the built closet and read `paths` (a clone in a folder shut to others
    /// cannot): tests that run closet as another user skip, saying so, when it cannot.
    public static func nobodyCanRun(reading paths: [String] = []) -> Bool {
        let asNobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", "test"]
        guard (try? Shell.run(asNobody + ["-x", executable.path]))?.status == 0 else { return false }
        return paths.allSatisfy { (try? Shell.run(asNobody + ["-r", $0]))?.status == 0 }
    }
}
