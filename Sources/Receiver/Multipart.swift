import Foundation

/// `multipart/form-data` (RFC 7578) read from a body already on disk: each part's name, the client's file name
/// (a label only, never a path) and where its bytes lie. Nothing is copied until a part is wanted.
public struct Multipart {
    public struct Part {
        public var name: String
        /// The file name the client gave, as sent (untrusted): see ``Multipart/label(_:index:)``.
        public var filename: String?
        public var range: Range<Int>
    }

    /// The boundary from a Content-Type header, nil unless it is multipart/form-data with a valid boundary.
    public static func boundary(contentType: String) -> String? {
        let fields = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let type = fields.first, type.lowercased() == "multipart/form-data" else { return nil }
        for field in fields.dropFirst() {
            let pair = field.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            guard (1...70).contains(value.utf8.count), value.utf8.allSatisfy({ $0 >= 32 && $0 < 127 && $0 != 34 }) else { return nil }
            return value
        }
        return nil
    }

    public enum Failure: Error, Equatable { case malformed(String) }

    /// The parts of `body`, in order. A body that does not follow the format is refused whole.
    public static func parts(of body: Data, boundary: String) throws -> [Part] {
        let delimiter = Data(("--" + boundary).utf8)
        let next = Data(("\r\n--" + boundary).utf8)
        guard let first = body.range(of: delimiter),
            first.lowerBound == body.startIndex || body[..<first.lowerBound].allSatisfy({ $0 == 13 || $0 == 10 })
        else { throw Failure.malformed("the body does not start with the boundary") }
        var parts: [Part] = []
        var at = first.upperBound
        while true {
            guard at + 2 <= body.endIndex else { throw Failure.malformed("the body ends inside a part") }
            if body[at] == UInt8(ascii: "-"), body[at + 1] == UInt8(ascii: "-") { return parts }
            guard body[at] == 13, body[at + 1] == 10 else { throw Failure.malformed("no line end after a boundary") }
            guard let headEnd = body.range(of: Data("\r\n\r\n".utf8), in: (at + 2)..<min(body.endIndex, at + 2 + 8192)) else {
                throw Failure.malformed("a part's headers do not end")
            }
            let head = String(decoding: body[(at + 2)..<headEnd.lowerBound], as: UTF8.self)
            guard let end = body.range(of: next, in: headEnd.upperBound..<body.endIndex) else {
                throw Failure.malformed("a part does not end with the boundary")
            }
            var name = ""
            var filename: String?
            for line in head.components(separatedBy: "\r\n") {
                let pair = line.split(separator: ":", maxSplits: 1)
                guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-disposition" else { continue }
                let params = parameters(String(pair[1]))
                name = params["name"] ?? ""
                filename = params["filename"]
            }
            parts.append(Part(name: name, filename: filename, range: headEnd.upperBound..<end.lowerBound))
            guard parts.count <= 1000 else { throw Failure.malformed("more than 1000 parts") }
            at = end.upperBound
        }
    }

    /// `form-data; name="photo"; filename="a.jpg"` → ["name": "photo", "filename": "a.jpg"] (quoted strings with
    /// backslash escapes, as browsers write them).
    static func parameters(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var scalars = Array(text.unicodeScalars)[...]
        while !scalars.isEmpty {
            guard let semicolon = scalars.firstIndex(of: ";") else { break }
            scalars = scalars[(semicolon + 1)...].drop { $0 == " " || $0 == "\t" }
            guard let equals = scalars.firstIndex(of: "=") else { break }
            let key = String(String.UnicodeScalarView(scalars[..<equals])).trimmingCharacters(in: .whitespaces).lowercased()
            scalars = scalars[(equals + 1)...]
            var value = String.UnicodeScalarView()
            if scalars.first == "\"" {
                scalars = scalars.dropFirst()
                while let c = scalars.first, c != "\"" {
                    scalars = scalars.dropFirst()
                    if c == "\\", let escaped = scalars.first {
                        value.append(escaped); scalars = scalars.dropFirst()
                    } else {
                        value.append(c)
                    }
                }
                scalars = scalars.dropFirst()
            } else {
                while let c = scalars.first, c != ";" { value.append(c); scalars = scalars.dropFirst() }
            }
            if result[key] == nil { result[key] = String(value).trimmingCharacters(in: .whitespaces) }
        }
        return result
    }

    /// What a part is called in answers: the last component of the client's file name (after any `/` or `\`), with
    /// NUL and control characters left out, at most 120 characters; `photo N` when nothing is left. It names the
    /// photo in the answer only: stored files are named by their SHA-256.
    public static func label(_ filename: String?, index: Int) -> String {
        let last = (filename ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(
            String.UnicodeScalarView(last.unicodeScalars.filter { $0.value >= 32 && $0.value != 127 && !(0x80...0x9F).contains($0.value) })
        )
        .trimmingCharacters(in: .whitespaces)
        let short = String(clean.prefix(120))
        return short.isEmpty || short == "." || short == ".." ? "photo \(index)" : short
    }
}
