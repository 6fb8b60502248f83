import Foundation

/// A small streaming JSON writer for closet's hot output paths (`list --json` of 10,000 items):
/// Foundation's JSONEncoder spent most of that command's time. Keys are written in the order given,
/// which callers keep sorted so that the output matches `JSONEncoder.closet`.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]

    public init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    public mutating func beginObject() { valuePrefix(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    public mutating func endObject() { needsComma.removeLast(); bytes.append(UInt8(ascii: "}")) }
    public mutating func beginArray() { valuePrefix(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    public mutating func endArray() { needsComma.removeLast(); bytes.append(UInt8(ascii: "]")) }

    public mutating func key(_ name: String) {
        separate()
        writeString(name)
        bytes.append(UInt8(ascii: ":"))
        // The value that follows must not write a comma.
        pendingKey = true
    }

    private var pendingKey = false

    private mutating func valuePrefix() {
        if pendingKey { pendingKey = false; needsComma[needsComma.count - 1] = true } else { separate() }
    }

    public mutating func string(_ value: String?) {
        valuePrefix()
        guard let value else { bytes.append(contentsOf: "null".utf8); return }
        writeString(value)
    }

    public mutating func number(_ value: Double?) {
        valuePrefix()
        guard let value, value.isFinite else { bytes.append(contentsOf: "null".utf8); return }
        if value == value.rounded(), abs(value) < 1e15 {
            bytes.append(contentsOf: String(Int64(value)).utf8)
        } else {
            bytes.append(contentsOf: "\(value)".utf8)
        }
    }

    public mutating func integer(_ value: Int64?) {
        valuePrefix()
        guard let value else { bytes.append(contentsOf: "null".utf8); return }
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func bool(_ value: Bool?) {
        guard let value else { valuePrefix(); bytes.append(contentsOf: "null".utf8); return }
        bool(value)
    }

    public mutating func bool(_ value: Bool) {
        valuePrefix()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    public mutating func strings(_ values: [String]) {
        valuePrefix()
        bytes.append(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            writeString(v)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func integers(_ values: [Int64]) {
        valuePrefix()
        bytes.append(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: String(v).utf8)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A line break after the document.
    public mutating func newline() { bytes.append(0x0A) }

    /// The bytes written so far, handed over and forgotten: a long document goes out in pieces.
    public mutating func drain() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    public mutating func numbers(_ values: [Double]) {
        valuePrefix()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
        for v in values { number(v) }
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func writeString(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case 0x0A: bytes.append(contentsOf: [92, 110])
            case 0x0D: bytes.append(contentsOf: [92, 114])
            case 0x09: bytes.append(contentsOf: [92, 116])
            case 0..<0x20: bytes.append(contentsOf: String(format: "\\u%04x", b).utf8)
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension ItemJSON {
    /// Writes this item with sorted keys, exactly as `JSONEncoder.closet` would.
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("archiveReason"); w.string(archiveReason)
        w.key("brand"); w.string(brand)
        w.key("category"); w.string(category)
        w.key("categoryName"); w.string(categoryName)
        w.key("colorShares"); w.numbers(colorShares)
        w.key("colors"); w.strings(colors)
        w.key("comment"); w.string(comment)
        w.key("confidence"); w.number(confidence)
        w.key("created"); w.string(created)
        w.key("detail"); w.strings(detail)
        w.key("formality"); w.integer(formality.map(Int64.init))
        w.key("formalityLevel"); w.integer(Int64(formalityLevel))
        w.key("group"); w.string(group)
        w.key("guessShares"); w.numbers(guessShares)
        w.key("guesses"); w.strings(guesses)
        w.key("id"); w.integer(id)
        w.key("lastWorn"); w.string(lastWorn)
        w.key("name"); w.string(name)
        w.key("needsReview"); w.bool(needsReview)
        w.key("open"); w.bool(open)
        w.key("pattern"); w.string(pattern)
        w.key("photo"); w.string(photo)
        w.key("price"); w.number(price)
        w.key("rainproof"); w.bool(rainproof)
        w.key("seasons"); w.strings(seasons)
        w.key("size"); w.string(size)
        w.key("status"); w.string(status)
        w.key("statusSince"); w.string(statusSince)
        w.key("styles"); w.strings(styles)
        w.key("thickness"); w.integer(Int64(thickness))
        w.key("thicknessSet"); w.bool(thicknessSet)
        w.key("updated"); w.string(updated)
        w.key("wears"); w.integer(Int64(wears))
        w.endObject()
    }

    /// A JSON array of items, as `closet list --json` prints it.
    public static func array(_ items: [ItemJSON]) -> String {
        var w = JSONWriter(capacity: items.count * 480)
        w.beginArray()
        for item in items { item.write(to: &w) }
        w.endArray()
        return w.string
    }
}
