/// Turns the bytes a terminal sends into keys. Pure: bytes in, keys out, no I/O and no clock, so every
/// sequence is tested in a table (`KeyDecoderTests`). ``Terminal/readKey(timeoutMS:)`` feeds it what it reads
/// and says when no more bytes came in time (`final`).
///
/// It knows the CSI (`ESC [`) and SS3 (`ESC O`) forms of the cursor and function keys, with or without
/// modifiers (a modifier closet has no use for leaves the key as it is), SGR mouse reports (`ESC [ < b;x;y M`),
/// and UTF-8 text. A terminal's late answer to a question closet asked at start (`CSI ? … c`, `CSI … t`,
/// `CSI ? … S`, or a `DCS`/`APC`/`OSC` string such as kitty's `ESC _ G … ESC \`) is read and dropped, never taken
/// for keys (its "?" would open help). ESC followed by anything else is Esc, and the rest keys of their own.
public struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    /// Bytes read from the terminal, in order.
    public mutating func feed<S: Sequence>(_ bytes: S) where S.Element == UInt8 { pending.append(contentsOf: bytes) }

    /// Whether bytes are waiting: the start of a sequence that more bytes may complete.
    public var isPending: Bool { !pending.isEmpty }

    /// The next key. Nil when nothing is waiting, or only the start of a sequence; `final` (no more bytes came
    /// in time) takes that start as it stands: a lone ESC is Esc.
    public mutating func next(final: Bool = false) -> Key? {
        while !pending.isEmpty {
            guard case .decoded(let key, let used) = Self.decode(pending[...], final: final) else { return nil }
            pending.removeFirst(used)
            if let key { return key }
        }
        return nil
    }

    /// Every key in `bytes`, as if nothing more followed them.
    public static func keys(_ bytes: [UInt8]) -> [Key] {
        var decoder = KeyDecoder()
        decoder.feed(bytes)
        var keys: [Key] = []
        while let key = decoder.next(final: true) { keys.append(key) }
        return keys
    }

    enum Step: Equatable {
        /// `used` bytes read: a key, or nil for bytes dropped (a terminal's reply, a byte that is no text).
        case decoded(Key?, used: Int)
        case incomplete
    }

    /// The longest terminal string kept waiting for its end (a kitty reply is short; a runaway one is dropped).
    static let maxString = 8192
    static let maxCSI = 64

    static func decode(_ b: ArraySlice<UInt8>, final: Bool) -> Step {
        guard let first = b.first else { return .incomplete }
        switch first {
        case 0x1B: return escape(b, final: final)
        case 9: return .decoded(.tab, used: 1)
        case 10, 13: return .decoded(.enter, used: 1)
        case 127, 8: return .decoded(.backspace, used: 1)
        case 1...26: return .decoded(.ctrl(Character(Unicode.Scalar(first + 96))), used: 1)
        case 0x20..<0x7F: return .decoded(.char(Character(Unicode.Scalar(first))), used: 1)
        case 0xC2...0xF4: return utf8(b, final: final)
        default: return .decoded(nil, used: 1)
        }
    }

    /// One character of 2 to 4 bytes; a broken one drops its first byte.
    static func utf8(_ b: ArraySlice<UInt8>, final: Bool) -> Step {
        let length = b.first! >= 0xF0 ? 4 : b.first! >= 0xE0 ? 3 : 2
        let bytes = Array(b.prefix(length))
        guard bytes.dropFirst().allSatisfy({ (0x80...0xBF).contains($0) }) else { return .decoded(nil, used: 1) }
        guard bytes.count == length else { return final ? .decoded(nil, used: 1) : .incomplete }
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        guard case .valid(let encoded) = parser.parseScalar(from: &iterator) else { return .decoded(nil, used: 1) }
        return .decoded(.char(Character(Unicode.UTF8.decode(encoded))), used: length)
    }

    static func escape(_ b: ArraySlice<UInt8>, final: Bool) -> Step {
        let s = b.startIndex
        guard b.count > 1 else { return final ? .decoded(.escape, used: 1) : .incomplete }
        switch b[s + 1] {
        case UInt8(ascii: "["): return csi(b, final: final)
        case UInt8(ascii: "O"):
            guard b.count > 2 else { return final ? .decoded(.escape, used: 1) : .incomplete }
            return .decoded(ss3(b[s + 2]), used: 3)
        case UInt8(ascii: "P"), UInt8(ascii: "_"), UInt8(ascii: "]"):
            // A control string, up to ST (ESC \), or BEL for OSC.
            var i = s + 2
            while i < b.endIndex {
                if b[i] == 7 && b[s + 1] == UInt8(ascii: "]") { return .decoded(nil, used: i - s + 1) }
                if b[i] == 0x1B {
                    guard i + 1 < b.endIndex else { break }
                    if b[i + 1] == UInt8(ascii: "\\") { return .decoded(nil, used: i - s + 2) }
                }
                i += 1
            }
            if b.count > maxString { return .decoded(nil, used: b.count) }
            return final ? .decoded(.escape, used: 1) : .incomplete
        default:
            // Esc, then whatever follows as keys of their own (Esc g is Esc and g, as curses has it).
            return .decoded(.escape, used: 1)
        }
    }

    /// `ESC O x`: the cursor keys in application mode, F1–F4, and the keypad's Enter.
    static func ss3(_ x: UInt8) -> Key? {
        switch x {
        case UInt8(ascii: "A"): .up
        case UInt8(ascii: "B"): .down
        case UInt8(ascii: "C"): .right
        case UInt8(ascii: "D"): .left
        case UInt8(ascii: "H"): .home
        case UInt8(ascii: "F"): .end
        case UInt8(ascii: "M"): .enter
        case UInt8(ascii: "P")...UInt8(ascii: "S"): .function(Int(x - UInt8(ascii: "P")) + 1)
        default: nil
        }
    }

    /// `ESC [`, parameters (0x30–0x3F), intermediates (0x20–0x2F), a final byte (0x40–0x7E); or X10's
    /// `ESC [ M` and three bytes.
    static func csi(_ b: ArraySlice<UInt8>, final: Bool) -> Step {
        let s = b.startIndex
        var i = s + 2
        if i < b.endIndex, b[i] == UInt8(ascii: "M") {
            guard b.count >= 6 else { return final ? .decoded(.escape, used: 1) : .incomplete }
            return .decoded(mouse(button: Int(b[s + 3]) - 32, x: Int(b[s + 4]) - 33, y: Int(b[s + 5]) - 33, release: false), used: 6)
        }
        while i < b.endIndex, (0x20...0x3F).contains(b[i]) { i += 1 }
        guard i < b.endIndex else {
            if b.count > maxCSI { return .decoded(nil, used: b.count) }
            return final ? .decoded(.escape, used: 1) : .incomplete
        }
        let finalByte = b[i]
        let used = i - s + 1
        guard (0x40...0x7E).contains(finalByte) else { return .decoded(.escape, used: 1) }
        let parameters = String(decoding: b[(s + 2)..<i], as: UTF8.self)
        return .decoded(csiKey(parameters, Character(Unicode.Scalar(finalByte))), used: used)
    }

    static func csiKey(_ parameters: String, _ final: Character) -> Key? {
        let numbers = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0.filter(\.isNumber)) }
        let first = numbers.first ?? nil
        // Answers to the questions closet asks at start: device attributes, window size, graphics attributes.
        if parameters.hasPrefix("?") && (final == "c" || final == "S") || final == "t" { return nil }
        if parameters.hasPrefix("<") {
            guard numbers.count == 3, let button = numbers[0], let x = numbers[1], let y = numbers[2] else { return nil }
            return mouse(button: button, x: x - 1, y: y - 1, release: final == "m")
        }
        guard !parameters.hasPrefix("?") && !parameters.hasPrefix(">") else { return nil }
        switch final {
        case "A": return .up
        case "B": return .down
        case "C": return .right
        case "D": return .left
        case "H": return .home
        case "F": return .end
        case "Z": return .backTab
        // F1–F4 with a modifier (`CSI 1;5P`); a cursor position report (`CSI row;col R`) is dropped.
        case "P", "Q", "S": return .function(Int(final.asciiValue! - UInt8(ascii: "P")) + 1)
        case "R": return first == nil || first == 1 ? .function(3) : nil
        case "~":
            switch first {
            case 1, 7: return .home
            case 4, 8: return .end
            case 3: return .delete
            case 5: return .pageUp
            case 6: return .pageDown
            case let n? where (11...15).contains(n): return .function(n - 10)
            case let n? where (17...21).contains(n): return .function(n - 11)
            case let n? where (23...24).contains(n): return .function(n - 12)
            default: return nil
            }
        default: return nil
        }
    }

    /// A mouse report: button 1 pressed, or a wheel step; releases, motion and other buttons are dropped.
    static func mouse(button: Int, x: Int, y: Int, release: Bool) -> Key? {
        guard !release, x >= 0, y >= 0 else { return nil }
        // Shift, Alt and Ctrl (4, 8, 16) leave the button as it is; motion (32) is no click.
        switch button & ~(4 | 8 | 16) {
        case 0: return .mouse(MouseEvent(.press, x: x, y: y))
        case 64: return .mouse(MouseEvent(.wheelUp, x: x, y: y))
        case 65: return .mouse(MouseEvent(.wheelDown, x: x, y: y))
        default: return nil
        }
    }
}
