import CQREncode
import Foundation
import Imaging

/// A QR code (libqrencode, error correction M, 8-bit mode) of a short text, and its drawings: half blocks for a
/// terminal, pixels for a PNG (which a decoder such as zbarimg reads back in the tests).
public struct QRCode: Sendable {
    /// Modules a side.
    public let size: Int
    /// Row by row, true for a dark module.
    public let modules: [Bool]

    public init(_ text: String) throws {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else {
            throw QRError(text: "libqrencode could not encode \(text.utf8.count) bytes: \(String(cString: strerror(errno)))")
        }
        defer { QRcode_free(code) }
        size = Int(code.pointee.width)
        modules = (0..<(size * size)).map { code.pointee.data[$0] & 1 == 1 }
    }

    public struct QRError: Error, CustomStringConvertible { public let text: String; public var description: String { text } }

    /// Whether the module at (x, y) is dark; outside the code (the quiet zone) it is light.
    public func dark(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < size && y < size && modules[y * size + x] }

    /// The code in half blocks, two module rows a text line, with a quiet zone of `quiet` modules. With `colours`
    /// (a terminal) the light and dark are set explicitly (white and black), so it reads on any background;
    /// without, light modules are drawn as blocks, which reads on the usual dark background.
    public func halfBlocks(quiet: Int = 2, colours: Bool) -> String {
        var out = ""
        let range = -quiet..<(size + quiet)
        for y in stride(from: -quiet, to: size + quiet, by: 2) {
            if colours { out += "\u{1B}[0m" }
            for x in range {
                let (top, bottom) = (dark(x, y), dark(x, y + 1))
                if colours {
                    // Upper half block: the foreground is the top module, the background the bottom one.
                    out += "\u{1B}[\(top ? 30 : 97);\(bottom ? 40 : 107)m▀"
                } else {
                    switch (top, bottom) {
                    case (false, false): out += "█"
                    case (false, true): out += "▀"
                    case (true, false): out += "▄"
                    case (true, true): out += " "
                    }
                }
            }
            out += colours ? "\u{1B}[0m\n" : "\n"
        }
        return out
    }

    /// The modules read back from `halfBlocks(quiet:colours: false)` text (a test's check that the drawing holds the code).
    public static func modules(fromHalfBlocks text: String, quiet: Int = 2) throws -> (size: Int, modules: [Bool]) {
        var rows: [[Bool]] = []
        for line in text.split(separator: "\n") {
            var top: [Bool] = [], bottom: [Bool] = []
            for c in line {
                switch c {
                case "█": top.append(false); bottom.append(false)
                case "▀": top.append(false); bottom.append(true)
                case "▄": top.append(true); bottom.append(false)
                case " ": top.append(true); bottom.append(true)
                default: throw QRError(text: "not a half block: \(c)")
                }
            }
            rows += [top, bottom]
        }
        let size = (rows.first?.count ?? 0) - 2 * quiet
        guard size > 0 else { throw QRError(text: "no code") }
        let modules = (0..<size).flatMap { y in (0..<size).map { x in rows[y + quiet][x + quiet] } }
        return (size, modules)
    }

    /// The code as an image, `scale` pixels a module, with the standard quiet zone of 4 modules.
    public func image(scale: Int = 8) -> RGBImage {
        let side = (size + 8) * scale
        var pixels = [UInt8](repeating: 255, count: side * side * 3)
        for y in 0..<side {
            for x in 0..<side where dark(x / scale - 4, y / scale - 4) {
                let at = (y * side + x) * 3
                pixels[at] = 0
                pixels[at + 1] = 0
                pixels[at + 2] = 0
            }
        }
        return RGBImage(width: side, height: side, pixels: pixels)
    }
}
