/// What a terminal answered to the detection queries, parsed from the raw bytes it sent back.
///
/// Recognised, anywhere in the bytes and in any order:
/// - XTVERSION: `DCS > | name(version) ST`;
/// - the kitty graphics answer: `APC G i=31 ; OK ST` (or an error text);
/// - the cell size: `CSI 6 ; height ; width t`;
/// - Sixel colour registers (XTSMGRAPHICS): `CSI ? 1 ; 0 ; n S`;
/// - DA1, the primary device attributes: `CSI ? p1 ; p2 … c`, which every terminal answers, so it ends detection.
/// Bytes that are none of these (keys typed meanwhile, garbage) are skipped, never interpreted.
public struct TerminalReplies: Equatable, Sendable {
    public var version: String?
    /// The kitty query's answer: "OK" when the terminal stored the test image.
    public var kitty: String?
    public var cellPixels: CellPixels?
    /// Sixel colour registers (XTSMGRAPHICS), when the terminal said.
    public var colorRegisters: Int?
    /// DA1's parameters; nil until the answer arrived.
    public var deviceAttributes: [Int]?

    public init() {}

    /// True once DA1 has arrived: the terminal has answered (or ignored) everything asked before it.
    public var isComplete: Bool { deviceAttributes != nil }

    /// DA1 lists 4 when the terminal speaks Sixel.
    public var hasSixel: Bool { deviceAttributes?.dropFirst().contains(4) ?? false }

    /// Parses everything in `bytes` (a partial sequence at the end is left for a later call with more bytes).
    public static func parse(_ bytes: [UInt8]) -> TerminalReplies {
        var replies = TerminalReplies()
        var i = 0
        let esc: UInt8 = 0x1B
        while i < bytes.count {
            guard bytes[i] == esc, i + 1 < bytes.count else { i += 1; continue }
            switch bytes[i + 1] {
            case UInt8(ascii: "P"), UInt8(ascii: "_"):
                // DCS or APC: up to ST (ESC \) or BEL.
                guard let end = stringTerminator(bytes, from: i + 2) else { return replies }
                let body = Array(bytes[(i + 2)..<end.start])
                if bytes[i + 1] == UInt8(ascii: "P") { replies.readDCS(body) } else { replies.readAPC(body) }
                i = end.next
            case UInt8(ascii: "["):
                guard let end = csiEnd(bytes, from: i + 2) else { return replies }
                replies.readCSI(Array(bytes[(i + 2)..<end]), final: bytes[end])
                i = end + 1
            default:
                i += 1
            }
        }
        return replies
    }

    /// The end of a control string: where its terminator starts and the index after it.
    static func stringTerminator(_ bytes: [UInt8], from start: Int) -> (start: Int, next: Int)? {
        var j = start
        while j < bytes.count {
            if bytes[j] == 0x07 { return (j, j + 1) }
            if bytes[j] == 0x1B, j + 1 < bytes.count, bytes[j + 1] == UInt8(ascii: "\\") { return (j, j + 2) }
            // A control string is short here; a runaway one is garbage.
            if j - start > 4096 { return (j, j) }
            j += 1
        }
        return nil
    }

    /// The index of a CSI sequence's final byte (0x40…0x7E), nil when it has not arrived yet.
    static func csiEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var j = start
        while j < bytes.count {
            if (0x40...0x7E).contains(bytes[j]) { return j }
            if j - start > 64 { return j }
            j += 1
        }
        return nil
    }

    mutating func readDCS(_ body: [UInt8]) {
        // XTVERSION: ">|" then the name, printable ASCII only, kept short.
        guard body.count > 2, body[0] == UInt8(ascii: ">"), body[1] == UInt8(ascii: "|") else { return }
        let text = body.dropFirst(2).prefix(80).filter { (0x20...0x7E).contains($0) }
        version = String(decoding: text, as: UTF8.self)
    }

    mutating func readAPC(_ body: [UInt8]) {
        guard body.first == UInt8(ascii: "G") else { return }
        let text = String(decoding: body.dropFirst().prefix(200).filter { (0x20...0x7E).contains($0) }, as: UTF8.self)
        let parts = text.split(separator: ";", maxSplits: 1).map(String.init)
        // Only the answer to our own query (i=31).
        guard parts.first?.split(separator: ",").contains("i=31") ?? false else { return }
        kitty = parts.count > 1 ? parts[1] : ""
    }

    mutating func readCSI(_ parameters: [UInt8], final: UInt8) {
        let text = String(decoding: parameters, as: UTF8.self)
        switch final {
        case UInt8(ascii: "c"):
            guard text.hasPrefix("?") else { return }
            let numbers = text.dropFirst().split(separator: ";").compactMap { Int($0) }
            deviceAttributes = numbers
        case UInt8(ascii: "S"):
            // XTSMGRAPHICS: ?1;0;N S is "colour registers: N" (status 0 = success).
            let numbers = text.dropFirst(text.hasPrefix("?") ? 1 : 0).split(separator: ";").map { Int($0) }
            guard text.hasPrefix("?"), numbers.count == 3, numbers[0] == 1, numbers[1] == 0, let n = numbers[2], (2...65_536).contains(n)
            else { return }
            colorRegisters = n
        case UInt8(ascii: "t"):
            let numbers = text.split(separator: ";").map { Int($0) }
            guard numbers.count == 3, numbers[0] == 6, let h = numbers[1], let w = numbers[2] else { return }
            let cell = CellPixels(width: w, height: h)
            if cell.isPlausible { cellPixels = cell }
        default: return
        }
    }
}
