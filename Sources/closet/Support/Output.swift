import ClosetKit
import Foundation

/// Writing to the terminal: results to stdout, messages to stderr.
enum Output {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("closet: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    /// Prints an Encodable as one line of JSON with sorted keys.
    static func json<T: Encodable>(_ value: T) throws {
        let data = try JSONEncoder.closet.encode(value)
        print(String(decoding: data, as: UTF8.self))
    }

    /// Prints a JSON object built from dictionaries and arrays.
    static func jsonObject(_ value: Any) throws {
        let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Pads or cuts `text` to `width` terminal cells (wide characters take two).
    static func column(_ text: String, _ width: Int) -> String {
        var out = ""
        var used = 0
        for ch in text {
            let w = ch.unicodeScalars.first.map { Self.cellWidth($0) } ?? 1
            if used + w > width { break }
            out.append(ch)
            used += w
        }
        return out + String(repeating: " ", count: max(0, width - used))
    }

    static func cellWidth(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v)
        {
            return 2
        }
        return 1
    }
}
