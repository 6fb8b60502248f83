import Foundation

/// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, quotes doubled.
public enum CSV {
    public static func line(_ fields: [String]) -> String {
        fields.map { field in
            if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return field
        }.joined(separator: ",")
    }

    /// Parses a whole document into rows of fields.
    public static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        var sawAny = false
        while let c = next() {
            sawAny = true
            if quoted {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = n }
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ",": row.append(field); field = ""
            case "\r": continue
            case "\n": row.append(field); rows.append(row); row = []; field = ""
            default: field.unicodeScalars.append(c)
            }
        }
        if quoted { throw ClosetError.badData("CSV: a quoted field is not closed") }
        if sawAny && (!field.isEmpty || !row.isEmpty) { row.append(field); rows.append(row) }
        return rows
    }

    /// Parses a document with a header line into dictionaries keyed by column name.
    public static func records(_ text: String) throws -> [[String: String]] {
        let rows = try parse(text)
        guard let header = rows.first else { return [] }
        return rows.dropFirst().filter { !($0.count == 1 && $0[0].isEmpty) }.map { row in
            var record: [String: String] = [:]
            for (i, name) in header.enumerated() where i < row.count { record[name] = row[i] }
            return record
        }
    }

    /// A yes/no field that may be left to a default: "yes", "no", or empty for nil.
    public static func yesNo(_ value: Bool?) -> String { value.map { $0 ? "yes" : "no" } ?? "" }

    /// Reads a yes/no field written by ``yesNo(_:)`` (nil or empty: the default), or throws naming the column.
    public static func yesNo(_ text: String?, column: String) throws -> Bool? {
        switch text?.lowercased() {
        case nil, "": return nil
        case "yes": return true
        case "no": return false
        case let other?:
            throw ClosetError.badData("\(column) '\(SafeText.escaped(String(other.prefix(40))))' is neither yes, no nor empty")
        }
    }
}
