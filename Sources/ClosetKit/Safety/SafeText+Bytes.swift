/// File names are bytes, and not always UTF-8 (a folder named on a Latin-1 system): these show such a name
/// without losing or inventing a byte.
extension SafeText {
    /// A path or name given as bytes, made safe to print: bytes that are not UTF-8 as `\xNN` (lowercase hex),
    /// the text between them as `escaped` shows it.
    public static func escaped(bytes: [UInt8]) -> String { hexEscaped(bytes: bytes, text: { escaped($0) }) }

    /// The same with only the bytes that are not UTF-8 escaped, for JSON, which must be text but is otherwise exact.
    public static func text(bytes: [UInt8]) -> String { hexEscaped(bytes: bytes, text: { $0 }) }

    static func hexEscaped(bytes: [UInt8], text: (String) -> String) -> String {
        if let whole = String(validating: bytes, as: UTF8.self) { return text(whole) }
        var out = ""
        var run = ""
        var parser = Unicode.UTF8.ForwardParser()
        var input = bytes.makeIterator()
        var position = 0
        while true {
            switch parser.parseScalar(from: &input) {
            case .valid(let encoded):
                run.unicodeScalars.append(Unicode.UTF8.decode(encoded))
                position += encoded.count
            case .error(let length):
                out += text(run)
                run = ""
                for byte in bytes[position..<(position + length)] {
                    out += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
                }
                position += length
            case .emptyInput:
                return out + text(run)
            }
        }
    }
}
