import Foundation
import Imaging

/// The kitty graphics protocol's escape sequences (https://sw.kovidgoyal.net/kitty/graphics-protocol/).
/// Pictures go as 24-bit RGB (`f=24`) in base64, in chunks of at most 4096 bytes: every chunk but the
/// last says `m=1`. `q=2` keeps the terminal from answering, so no reply can be mistaken for a key.
public enum KittyGraphics {
    /// The most base64 bytes in one chunk, as the protocol requires.
    public static let chunkSize = 4096

    /// Transmits `image` as image `id`. With `virtualColumns`/`virtualRows` it also creates a virtual
    /// placement (`U=1`) of that many cells, which placeholder cells of that id then show.
    public static func transmit(id: UInt32, image: RGBImage, virtualColumns: Int? = nil, virtualRows: Int? = nil) -> [UInt8] {
        var control = "a=T,f=24,s=\(image.width),v=\(image.height),i=\(id),q=2"
        if let c = virtualColumns, let r = virtualRows {
            control += ",U=1,c=\(c),r=\(r)"
        } else {
            control = control.replacingOccurrences(of: "a=T", with: "a=t")
        }
        return chunked(control: control, payload: Data(image.pixels).base64EncodedData())
    }

    /// `control` on the first chunk, then the payload cut in chunks with `m=1` on all but the last.
    static func chunked(control: String, payload: Data) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + (payload.count / chunkSize + 1) * 24)
        var start = payload.startIndex
        var first = true
        repeat {
            let end = min(payload.endIndex, start + chunkSize)
            let more = end < payload.endIndex
            out += Array("\u{1B}_G".utf8)
            out += Array(((first ? control + "," : "") + "m=\(more ? 1 : 0)").utf8)
            out.append(UInt8(ascii: ";"))
            out += payload[start..<end]
            out += [0x1B, UInt8(ascii: "\\")]
            start = end
            first = false
        } while start < payload.endIndex
        return out
    }

    /// Shows image `id` at the cursor over `columns`×`rows` cells without moving the cursor (`C=1`), as
    /// placement `placement` (for terminals without placeholders).
    public static func place(id: UInt32, placement: UInt32, columns: Int, rows: Int) -> [UInt8] {
        Array("\u{1B}_Ga=p,i=\(id),p=\(placement),c=\(columns),r=\(rows),C=1,q=2\u{1B}\\".utf8)
    }

    /// Removes image `id`'s placements and frees its data (`d=I`).
    public static func delete(id: UInt32) -> [UInt8] { Array("\u{1B}_Ga=d,d=I,i=\(id),q=2\u{1B}\\".utf8) }

    /// Removes one placement and keeps the image's data for the next one (`d=i`).
    public static func deletePlacement(id: UInt32, placement: UInt32) -> [UInt8] {
        Array("\u{1B}_Ga=d,d=i,i=\(id),p=\(placement),q=2\u{1B}\\".utf8)
    }

    /// Wraps a sequence in tmux's passthrough (`ESC Ptmux; … ESC \`, every ESC inside doubled) when in tmux.
    public static func wrap(_ sequence: [UInt8], inTmux: Bool) -> [UInt8] {
        guard inTmux else { return sequence }
        var out = Array("\u{1B}Ptmux;".utf8)
        for byte in sequence {
            if byte == 0x1B { out.append(0x1B) }
            out.append(byte)
        }
        return out + [0x1B, UInt8(ascii: "\\")]
    }
}

/// Unicode placeholder cells: U+10EEEE with a diacritic for the row and one for the column; the image
/// id is the cell's foreground colour. ncurses draws them as ordinary text.
public enum KittyPlaceholder {
    /// The placeholder character.
    public static let character: UInt32 = 0x10EEEE

    /// The protocol's row/column diacritics, in order (row or column n is `diacritics[n]`): the combining
    /// marks of class 230 that have no decomposition and take part in none (Unicode 6.0), the first 129.
    public static let diacritics: [UInt32] = [
        0x0305, 0x030D, 0x030E, 0x0310, 0x0312, 0x033D, 0x033E, 0x033F, 0x0346, 0x034A, 0x034B, 0x034C, 0x0350, 0x0351,
        0x0352, 0x0357, 0x035B, 0x0363, 0x0364, 0x0365, 0x0366, 0x0367, 0x0368, 0x0369, 0x036A, 0x036B, 0x036C, 0x036D,
        0x036E, 0x036F, 0x0483, 0x0484, 0x0485, 0x0486, 0x0487, 0x0592, 0x0593, 0x0594, 0x0595, 0x0597, 0x0598, 0x0599,
        0x059C, 0x059D, 0x059E, 0x059F, 0x05A0, 0x05A1, 0x05A8, 0x05A9, 0x05AB, 0x05AC, 0x05AF, 0x05C4, 0x0610, 0x0611,
        0x0612, 0x0613, 0x0614, 0x0615, 0x0616, 0x0617, 0x0657, 0x0658, 0x0659, 0x065A, 0x065B, 0x065D, 0x065E, 0x06D6,
        0x06D7, 0x06D8, 0x06D9, 0x06DA, 0x06DB, 0x06DC, 0x06DF, 0x06E0, 0x06E1, 0x06E2, 0x06E4, 0x06E7, 0x06E8, 0x06EB,
        0x06EC, 0x0730, 0x0732, 0x0733, 0x0735, 0x0736, 0x073A, 0x073D, 0x073F, 0x0740, 0x0741, 0x0743, 0x0745, 0x0747,
        0x0749, 0x074A, 0x07EB, 0x07EC, 0x07ED, 0x07EE, 0x07EF, 0x07F0, 0x07F1, 0x07F3, 0x0816, 0x0817, 0x0818, 0x0819,
        0x081B, 0x081C, 0x081D, 0x081E, 0x081F, 0x0820, 0x0821, 0x0822, 0x0823, 0x0825, 0x0826, 0x0827, 0x0829, 0x082A,
        0x082B, 0x082C, 0x082D,
    ]

    /// The largest placement, in cells either way.
    public static var maximumSpan: Int { diacritics.count }

    /// The code points of the cell at `row`, `column` of a placement (nil beyond ``maximumSpan``).
    public static func cell(row: Int, column: Int) -> [UInt32]? {
        guard diacritics.indices.contains(row), diacritics.indices.contains(column) else { return nil }
        return [character, diacritics[row], diacritics[column]]
    }
}
