/// Parses the flat JSON arrays closet stores in list columns (`["a","b"]`, `[0.5,0.25]`) without
/// a JSONDecoder. Returns nil for anything else, and the caller falls back to JSONDecoder.
enum FlatJSON {
    static func strings(_ text: String) -> [String]? {
        var result: [String] = []
        var utf8 = Substring(text).utf8[...]
        guard utf8.first == UInt8(ascii: "["), utf8.last == UInt8(ascii: "]") else { return nil }
        utf8 = utf8.dropFirst().dropLast()
        while !utf8.isEmpty {
            guard utf8.first == UInt8(ascii: "\"") else { return nil }
            utf8 = utf8.dropFirst()
            guard let end = utf8.firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            let body = utf8[..<end]
            if body.contains(UInt8(ascii: "\\")) { return nil }  // escapes: leave to JSONDecoder
            result.append(String(Substring(body)))
            utf8 = utf8[utf8.index(after: end)...]
            if utf8.first == UInt8(ascii: ",") { utf8 = utf8.dropFirst() } else if !utf8.isEmpty { return nil }
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
