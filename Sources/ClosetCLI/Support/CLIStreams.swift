import Foundation

/// Where one run of closet reads and writes: the process's own descriptors for the binary, or a caller's
/// (files, pipes) when closet runs in-process. Commands reach them only through `Output` and `CLIContext`.
struct CLIContext {
    var environment: [String: String]
    var stdin: Int32
    var stdout: BufferedOutput
    var stderr: Int32

    /// The run in progress (one at a time: `ClosetCLI.run` sets it and puts the previous one back).
    nonisolated(unsafe) static var current = CLIContext(
        environment: ProcessInfo.processInfo.environment, stdin: STDIN_FILENO, stdout: BufferedOutput(STDOUT_FILENO),
        stderr: STDERR_FILENO)

    /// One line read from stdin without its newline; nil at its end. Byte by byte, so nothing past the line
    /// is taken from a stream that a later question reads.
    static func readLine() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(current.stdin, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }

    /// Writes `text` to stderr as it is: best effort (a stderr that cannot be written is no reason to fail).
    static func writeStderr(_ text: String) {
        _ = BufferedOutput.writeAll(current.stderr, Array(text.utf8))
    }
}

/// A buffered writer on a descriptor that remembers the first failed write, as stdio's `ferror` does, so that
/// the end of a run can say that what was printed is incomplete. Like stdio, it writes each line at once to a
/// terminal, and in 64 KB pieces elsewhere.
final class BufferedOutput {
    let descriptor: Int32
    private let lineBuffered: Bool
    private var buffer: [UInt8] = []
    private(set) var failure: Int32 = 0

    init(_ descriptor: Int32) {
        self.descriptor = descriptor
        lineBuffered = isatty(descriptor) == 1
    }

    func write(_ text: String) { write(bytes: text.utf8) }

    func write<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 || (lineBuffered && buffer.contains(UInt8(ascii: "\n"))) { flush() }
    }

    /// Writes out what is buffered; a failure is kept for `flush` callers to find in `failure`.
    func flush() {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard failure == 0, !buffer.isEmpty else { return }
        let code = Self.writeAll(descriptor, buffer)
        if code != 0 { failure = code }
    }

    /// Writes every byte, retrying after a signal; returns 0 or the errno of the failed write.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if written == 0 { return EIO }
            offset += written
        }
        return 0
    }
}
