/// Parses the flat JSON arrays closet stores in list columns (`["a","b"]`, `[0.5,0.25]`) without
/// a JSONDecoder. Returns nil for anything else, and the caller falls back to JSONDecoder.
enum FlatJSON {
    static func strings(_ text: String) -> [String]? {
        var text = text
        return text.withUTF8 { strings($0) }
    }

    /// The same over UTF-8 bytes (straight from SQLite's column text, no String in between).
    static func strings(_ b: UnsafeBufferPointer<UInt8>) -> [String]? {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), backslash = UInt8(ascii: "\\")
        guard b.count >= 2, b[0] == UInt8(ascii: "["), b[b.count - 1] == UInt8(ascii: "]") else { return nil }
        var result: [String] = []
        var i = 1
        let end = b.count - 1
        while i < end {
            guard b[i] == quote else { return nil }
            var j = i + 1
            while j < end && b[j] != quote {
                if b[j] == backslash { return nil }  // escapes: leave to JSONDecoder
                j += 1
            }
            guard j < end else { return nil }
            result.append(String(decoding: UnsafeBufferPointer(rebasing: b[(i + 1)..<j]), as: UTF8.self))
            i = j + 1
            if i < end { guard b[i] == comma else { return nil }; i += 1 }
        }
        return result
    }

    static func numbers(_ text: String) -> [Double]? {
        guard text.hasPrefix("["), text.hasSuffix("]") else { return nil }
        var result: [Double] = []
        for part in text.dropFirst().dropLast().split(separator: ",") {
            guard let value = Double(part) else { return nil }
            result.append(value)
        }
        return result
    }
}
