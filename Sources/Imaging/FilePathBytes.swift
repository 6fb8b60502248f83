import Foundation

/// A file's path is bytes, not text: a folder named on a Latin-1 system (`caf\xE9`) is not UTF-8, and a `String`
/// cannot hold it (Foundation turns it into U+FFFD, which names another file). Such a path is kept in the URL
/// percent-encoded, as RFC 8089 writes a file URL's bytes, and read back from there; a UTF-8 path makes the same
/// URL as `URL(fileURLWithPath:)`.
extension URL {
    /// The file URL of a path given as bytes (without the terminating NUL).
    public init(filePathBytes bytes: [UInt8]) {
        if let text = String(validating: bytes, as: UTF8.self), !text.contains("\0") {
            self.init(fileURLWithPath: text)
            return
        }
        let unreserved = Set(Array("/-._~!$&'()*+,;=:@".utf8))
        var encoded = "file://"
        for byte in bytes {
            let isAlphanumeric = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            if isAlphanumeric || unreserved.contains(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += String(format: "%%%02X", byte)
            }
        }
        self = URL(string: encoded) ?? URL(fileURLWithPath: String(decoding: bytes, as: UTF8.self))
    }

    /// The path's bytes as the file system knows them: the percent-encoded path decoded byte by byte.
    public var filePathBytes: [UInt8] {
        let encoded = Array(path(percentEncoded: true).utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.count)
        var i = 0
        while i < encoded.count {
            if encoded[i] == UInt8(ascii: "%"), i + 2 < encoded.count,
                let value = UInt8(String(decoding: encoded[(i + 1)...(i + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                i += 3
            } else {
                bytes.append(encoded[i])
                i += 1
            }
        }
        return bytes
    }

    /// Whether the path is text (UTF-8), so that `path` names the file exactly.
    public var pathIsText: Bool { String(validating: filePathBytes, as: UTF8.self) != nil }
}
