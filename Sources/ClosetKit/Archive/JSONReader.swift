import Foundation

/// A pull parser over JSON text read in chunks, for documents too large to decode whole (a wardrobe's
/// export): the caller walks objects and arrays one key or element at a time, and takes a small value
/// (one item, one photo) as raw bytes for `JSONDecoder`, so memory holds one element, never the whole graph.
///
/// Every value is bounded: a string or a raw element longer than its limit, or nesting deeper than
/// ``maxDepth``, is refused with the byte offset where it starts, never read on.
struct JSONReader {
    /// Where the bytes come from: the next chunk, or nil at the end.
    private let source: () throws -> Data?
    private var buffer: [UInt8] = []
    private var index = 0
    /// Bytes consumed before `buffer`, for the offset errors name.
    private var consumed = 0
    /// Where the text comes from, as errors name it (a file's path).
    let name: String

    static let maxDepth = 64

    /// Reads `data` in chunks of `chunk` bytes: the buffer never copies the whole text.
    init(data: Data, name: String, chunk: Int = 1 << 20) {
        var start = data.startIndex
        self.source = {
            guard start < data.endIndex else { return nil }
            let end = min(start + chunk, data.endIndex)
            defer { start = end }
            return data[start..<end]
        }
        self.name = name
    }

    /// Reads `handle` in chunks of `chunk` bytes.
    init(handle: FileHandle, name: String, chunk: Int = 1 << 20) {
        self.source = {
            do {
                guard let data = try handle.read(upToCount: chunk), !data.isEmpty else { return nil }
                return data
            } catch {
                throw ClosetError.io("cannot read \(name): \(error.localizedDescription)")
            }
        }
        self.name = name
    }

    /// The offset of the next byte in the whole text.
    var offset: Int { consumed + index }

    func fault(_ what: String) -> ClosetError {
        ClosetError.badData("\(name) is not valid JSON at byte \(offset): \(what)")
    }

    private mutating func fill() throws -> Bool {
        if index < buffer.count { return true }
        consumed += buffer.count
        buffer = []
        index = 0
        while let next = try source() {
            if next.isEmpty { continue }
            buffer = [UInt8](next)
            return true
        }
        return false
    }

    /// The next byte, consumed; nil at the end.
    private mutating func take() throws -> UInt8? {
        guard try fill() else { return nil }
        defer { index += 1 }
        return buffer[index]
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    /// The next byte that is not white space, not consumed; nil at the end.
    mutating func peek() throws -> UInt8? {
        while try fill() {
            if !Self.isSpace(buffer[index]) { return buffer[index] }
            index += 1
        }
        return nil
    }

    mutating func expect(_ byte: UInt8) throws {
        guard try peek() == byte else { throw fault("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    /// After the end of the document: only white space may follow.
    mutating func expectEnd() throws {
        guard try peek() == nil else { throw fault("text after the end of the document") }
    }

    /// The next key of an object (its `{` already read): nil after its `}`. `first` is the caller's, true
    /// before the first key.
    mutating func nextKey(_ first: inout Bool, maxBytes: Int = 256) throws -> String? {
        if try peek() == UInt8(ascii: "}") { index += 1; return nil }
        if !first { try expect(UInt8(ascii: ",")) }
        first = false
        let key = try string(maxBytes: maxBytes)
        try expect(UInt8(ascii: ":"))
        return key
    }

    /// Whether an array (its `[` already read) has another element; false after its `]`.
    mutating func nextElement(_ first: inout Bool) throws -> Bool {
        if try peek() == UInt8(ascii: "]") { index += 1; return false }
        if !first { try expect(UInt8(ascii: ",")) }
        first = false
        return true
    }

    /// Whether the next value is `null` (then consumed).
    mutating func null() throws -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    private mutating func literal(_ word: String) throws {
        for expected in word.utf8 {
            guard try take() == expected else { throw fault("expected \(word)") }
        }
    }

    /// A string value of at most `maxBytes` bytes of UTF-8, escapes decoded.
    mutating func string(maxBytes: Int) throws -> String {
        guard try peek() == UInt8(ascii: "\"") else { throw fault("expected a string") }
        index += 1
        var out: [UInt8] = []
        while true {
            guard let b = try take() else { throw fault("the text ends inside a string") }
            switch b {
            case UInt8(ascii: "\""):
                guard let text = String(validating: out, as: UTF8.self) else { throw fault("a string is not UTF-8") }
                return text
            case UInt8(ascii: "\\"): try escape(into: &out)
            case 0..<0x20: throw fault("a control character inside a string")
            default: out.append(b)
            }
            guard out.count <= maxBytes else { throw fault("a string longer than \(maxBytes) bytes") }
        }
    }

    private mutating func escape(into out: inout [UInt8]) throws {
        guard let e = try take() else { throw fault("the text ends inside a string") }
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                try literal("\\u")
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw fault("a lone surrogate in a string") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let u = Unicode.Scalar(scalar) else { throw fault("a lone surrogate in a string") }
            out.append(contentsOf: Array(String(Character(u)).utf8))
        default: throw fault("an unknown escape in a string")
        }
    }

    private mutating func hex4() throws -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let b = try take(), let d = Self.hexDigit(b) else { throw fault("a bad \\u escape") }
            v = v * 16 + d
        }
        return v
    }

    private static func hexDigit(_ b: UInt8) -> UInt32? {
        switch b {
        case 48...57: UInt32(b - 48)
        case 65...70: UInt32(b - 55)
        case 97...102: UInt32(b - 87)
        default: nil
        }
    }

    /// A whole number that fits in 64 bits.
    mutating func integer() throws -> Int64 {
        guard let first = try peek(), first == UInt8(ascii: "-") || (48...57).contains(first) else { throw fault("expected a number") }
        var token: [UInt8] = []
        while try fill(), token.count <= 24 {
            let b = buffer[index]
            guard
                b == UInt8(ascii: "-") || (48...57).contains(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "e")
                    || b == UInt8(ascii: "E") || b == UInt8(ascii: "+")
            else { break }
            token.append(b)
            index += 1
        }
        guard let value = Int64(String(decoding: token, as: UTF8.self)) else { throw fault("expected a whole number") }
        return value
    }

    /// The next value's bytes exactly as written (at most `maxBytes`), checked for well-formed nesting and
    /// strings; for `JSONDecoder` to decode one small value.
    mutating func rawValue(maxBytes: Int) throws -> Data {
        var out: [UInt8] = []
        try skipValue(capture: &out, maxBytes: maxBytes)
        return Data(out)
    }

    /// Skips the next value, whatever it is.
    mutating func skipValue() throws {
        var none: [UInt8]? = nil
        try skipValue(capturing: &none, maxBytes: .max)
    }

    private mutating func skipValue(capture: inout [UInt8], maxBytes: Int) throws {
        var some: [UInt8]? = []
        try skipValue(capturing: &some, maxBytes: maxBytes)
        capture = some ?? []
    }

    private mutating func skipValue(capturing out: inout [UInt8]?, maxBytes: Int) throws {
        guard try peek() != nil else { throw fault("expected a value") }
        let start = offset
        var closers: [UInt8] = []
        var inString = false, escaped = false, sawValue = false
        repeat {
            guard let b = try take() else { throw fault("the text ends inside a value that starts at byte \(start)") }
            out?.append(b)
            if let count = out?.count, count > maxBytes {
                throw fault("the value that starts at byte \(start) is longer than \(maxBytes) bytes")
            }
            if inString {
                if escaped {
                    escaped = false
                } else if b == UInt8(ascii: "\\") {
                    escaped = true
                } else if b == UInt8(ascii: "\"") {
                    inString = false
                    sawValue = true
                } else if b < 0x20 {
                    throw fault("a control character inside a string")
                }
                continue
            }
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                closers.append(b == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]"))
                guard closers.count <= Self.maxDepth else { throw fault("values nested more than \(Self.maxDepth) deep") }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard closers.popLast() == b else { throw fault("a '\(Character(Unicode.Scalar(b)))' that closes nothing") }
                sawValue = true
            case UInt8(ascii: ","), UInt8(ascii: ":"), 0x20, 0x0A, 0x0D, 0x09:
                guard !closers.isEmpty else { throw fault("expected a value") }
            default:
                // Numbers and literals end at the next delimiter; the scalar is then whole.
                sawValue = true
                while try fill() {
                    let next = buffer[index]
                    if Self.isSpace(next) || next == UInt8(ascii: ",") || next == UInt8(ascii: "}") || next == UInt8(ascii: "]")
                        || next == UInt8(ascii: ":")
                    {
                        break
                    }
                    out?.append(next)
                    index += 1
                    if let count = out?.count, count > maxBytes {
                        throw fault("the value that starts at byte \(start) is longer than \(maxBytes) bytes")
                    }
                }
            }
        } while !closers.isEmpty || inString || !sawValue
    }
}
