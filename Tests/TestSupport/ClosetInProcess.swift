import ClosetCLI
import Foundation

/// Runs closet's commands in this process (`ClosetCLI.run`), as `ClosetProcess` runs the binary: the same
/// arguments, environment, stdin and results, without starting a process. Tests of what only a real process
/// shows (signals, exit codes of the binary, locks between processes, power cuts, terminals) launch the binary.
public enum ClosetInProcess {
    /// closet on `wardrobe`, run in-process.
    public static func closet(wardrobe: URL) -> ClosetProcess {
        var closet = ClosetProcess(wardrobe: wardrobe)
        closet.inProcess = true
        return closet
    }

    /// closet on `dir/wardrobe` with the classifier off (CLOSET_MODEL=none), run in-process.
    public static func withoutModel(in dir: TemporaryDirectory) -> ClosetProcess {
        var closet = ClosetProcess.withoutModel(in: dir)
        closet.inProcess = true
        return closet
    }

    /// Runs `arguments` with `environment`, stdin from `stdin` (empty when nil), stdout and stderr into files
    /// that are read back: a file, like the binary's pipe, is no terminal, and never fills up.
    static func run(_ arguments: [String], environment: [String: String], stdin: Data?) throws -> ClosetProcess.Result {
        let input = try Scratch(contents: stdin ?? Data())
        let out = try Scratch(contents: Data())
        let err = try Scratch(contents: Data())
        let status = ClosetCLI.run(
            arguments: arguments, environment: environment, stdin: input.handle, stdout: out.handle, stderr: err.handle)
        let outData = try out.contents(), errData = try err.contents()
        return ClosetProcess.Result(
            status: status, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
            stdoutData: outData)
    }

    /// An unlinked temporary file, open for reading and writing.
    final class Scratch {
        let handle: FileHandle

        init(contents: Data) throws {
            var template = Array((NSTemporaryDirectory() + "/closet-inprocess-XXXXXX").utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            unlink(String(cString: template))
            handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            try handle.write(contentsOf: contents)
            try handle.seek(toOffset: 0)
        }

        func contents() throws -> Data {
            try handle.seek(toOffset: 0)
            return try handle.readToEnd() ?? Data()
        }
    }
}
