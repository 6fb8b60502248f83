import Imaging
import TerminalGraphics

/// Photos drawn with a terminal graphics protocol, frame by frame, beside ncurses.
///
/// - **kitty with placeholders** (kitty ≥ 0.28, Ghostty): each picture is transmitted once under an image
///   id with a virtual placement; ncurses draws placeholder cells like any text, so its own redraws,
///   scrolling and popups just work. Ids leave the terminal (`a=d,d=I`) when the least recently shown
///   picture gives its id to a new one.
/// - **kitty without placeholders** (older kitty, Konsole) and **Sixel**: ncurses keeps the picture's
///   cells blank; after its refresh the layer places the pictures that are new or moved, and removes
///   the ones gone (kitty deletes the placement; for Sixel ncurses repaints those rows).
/// A popup drawn over a picture occludes it: the picture is taken away while the popup is up.
final class PictureLayer {
    let support: GraphicsSupport
    private let output: ([UInt8]) -> Void

    /// A picture at one size: the photo, the pixel size sent, the cells it covers, whether it is dimmed.
    struct PictureKey: Hashable {
        var hash: String
        var width: Int
        var height: Int
        var columns: Int
        var rows: Int
        var dimmed: Bool
    }

    /// A picture at a screen position, in cells.
    struct Placement: Hashable {
        var key: PictureKey
        var x: Int, y: Int, columns: Int, rows: Int

        func overlaps(_ r: Rect) -> Bool { x < r.x + r.width && r.x < x + columns && y < r.y + r.height && r.y < y + rows }
    }

    struct Rect: Equatable {
        var x: Int, y: Int, width: Int, height: Int
    }

    /// Where a picture went, for the view: placeholder cells to draw (kitty), or cells to keep blank.
    enum Drawn {
        case placeholders(id: UInt32, x: Int, columns: Int, rows: Int)
        /// Placed after the refresh (kitty by position, Sixel): the view keeps the cells blank.
        case reserved
    }

    /// Bytes this layer wrote (the TUI benchmark reports them per frame and key).
    private(set) var bytesWritten = 0

    private var frame: [Placement] = []
    private var occluders: [Rect] = []
    private var shown: Set<Placement> = []
    private var beforeRefresh: [UInt8] = []
    private var transmissions: [UInt8] = []
    private var frameNumber = 0
    private var previousCells: [[UInt]] = []

    // kitty: image ids 16…255 (colours below 16 are the terminal's own and may be sent as SGR 30–37).
    static let kittyIDs: ClosedRange<UInt32> = 16...255
    private var ids: [PictureKey: UInt32] = [:]
    private var owners: [UInt32: PictureKey] = [:]
    private var lastShown: [UInt32: Int] = [:]

    // Sixel: encoded pictures, least recently shown dropped first past the byte budget.
    private var sixels: [PictureKey: (bytes: [UInt8], shown: Int)] = [:]
    private var sixelBytes = 0
    let sixelBudget: Int

    init(support: GraphicsSupport, sixelBudget: Int = 64 << 20, output: @escaping ([UInt8]) -> Void) {
        self.support = support
        self.sixelBudget = sixelBudget
        self.output = output
    }

    var isActive: Bool { support.graphics != .blocks }

    func beginFrame() {
        frame.removeAll(keepingCapacity: true)
        occluders.removeAll(keepingCapacity: true)
        frameNumber += 1
    }

    /// Something drawn over this rectangle (a popup): pictures under it are not placed this frame.
    func occlude(x: Int, y: Int, width: Int, height: Int) {
        occluders.append(Rect(x: x, y: y, width: width, height: height))
    }

    /// Puts `image` (the photo `hash`) in the `columns`×`rows` cells at (x, y), fitted and centred
    /// across; nil when the picture cannot be shown this way (the view then draws half blocks).
    func place(hash: String, image: RGBImage, x: Int, y: Int, columns: Int, rows: Int, dimmed: Bool) -> Drawn? {
        guard isActive, columns > 0, rows > 0, image.width > 0, image.height > 0 else { return nil }
        let cell = support.cell
        var box = PixelSize(width: columns * cell.width, height: rows * cell.height)
        // Sixel draws bands of six pixel rows: a picture never reaches into the row below its cells.
        if support.graphics == .sixel { box.height -= box.height % 6 }
        guard box.height > 0 else { return nil }
        let size = Resampler.fit(PixelSize(width: image.width, height: image.height), in: box)
        let used = (
            columns: min(columns, (size.width + cell.width - 1) / cell.width),
            rows: min(rows, (size.height + cell.height - 1) / cell.height)
        )
        // kitty scales pictures itself: a photo smaller than its cells is sent as it is (a fifth of the
        // bytes of a 24×12-cell picture, and no less sharp), a larger one shrunk to them.
        let sent = support.graphics == .kitty && size.width > image.width ? PixelSize(width: image.width, height: image.height) : size
        let key = PictureKey(hash: hash, width: sent.width, height: sent.height, columns: used.columns, rows: used.rows, dimmed: dimmed)
        let left = x + (columns - used.columns) / 2
        func pixels() -> RGBImage { Self.picture(image, size: sent, dimmed: dimmed) }
        switch support.graphics {
        case .kitty where support.placeholders:
            guard used.columns <= KittyPlaceholder.maximumSpan, used.rows <= KittyPlaceholder.maximumSpan,
                let id = kittyID(for: key, columns: used.columns, rows: used.rows, pixels: pixels)
            else { return nil }
            return .placeholders(id: id, x: left, columns: used.columns, rows: used.rows)
        case .kitty:
            guard kittyID(for: key, columns: nil, rows: nil, pixels: pixels) != nil else { return nil }
        case .sixel:
            if sixels[key] == nil { storeSixel(SixelEncoder.encode(pixels(), maxColors: support.colorRegisters), for: key) }
            sixels[key]?.shown = frameNumber
        case .blocks:
            return nil
        }
        frame.append(Placement(key: key, x: left, y: y, columns: used.columns, rows: used.rows))
        return .reserved
    }

    /// The photo at the picture's pixel size, dimmed (60 % of the way to mid grey) for items away.
    static func picture(_ image: RGBImage, size: PixelSize, dimmed: Bool) -> RGBImage {
        var out = Resampler.resize(image, width: size.width, height: size.height)
        if dimmed { for i in out.pixels.indices { out.pixels[i] = UInt8((Int(out.pixels[i]) * 2 + 128 * 3) / 5) } }
        return out
    }

    /// The image id of `key`, transmitting it first when the terminal does not have it. Reuses the id of the
    /// picture shown least recently (deleting that image) when all are taken; nil when every id is on screen.
    private func kittyID(for key: PictureKey, columns: Int?, rows: Int?, pixels: () -> RGBImage) -> UInt32? {
        if let id = ids[key] {
            lastShown[id] = frameNumber
            return id
        }
        var id = Self.kittyIDs.first { owners[$0] == nil }
        if id == nil,
            let oldest = owners.keys.filter({ lastShown[$0, default: 0] < frameNumber }).min(by: {
                lastShown[$0, default: 0] < lastShown[$1, default: 0]
            })
        {
            beforeRefresh += KittyGraphics.wrap(KittyGraphics.delete(id: oldest), inTmux: support.inTmux)
            if let old = owners[oldest] { ids[old] = nil }
            shown = shown.filter { ids[$0.key] != nil }
            id = oldest
        }
        guard let id else { return nil }
        ids[key] = id
        owners[id] = key
        lastShown[id] = frameNumber
        // Sent after curses' update: kitty forgets images that have no placement when the screen is cleared.
        transmissions += KittyGraphics.wrap(
            KittyGraphics.transmit(id: id, image: pixels(), virtualColumns: columns, virtualRows: rows), inTmux: support.inTmux)
        return id
    }

    private func storeSixel(_ bytes: [UInt8], for key: PictureKey) {
        sixels[key] = (bytes, frameNumber)
        sixelBytes += bytes.count
        while sixelBytes > sixelBudget,
            let oldest = sixels.filter({ $0.value.shown < frameNumber }).min(by: { $0.value.shown < $1.value.shown })?.key
        {
            sixelBytes -= sixels[oldest]?.bytes.count ?? 0
            sixels[oldest] = nil
        }
    }

    /// Ends the frame: what must reach the terminal before ncurses' update, the update (`refresh`), and
    /// the pictures placed after it.
    /// `cells` is what each screen cell will show (``Terminal/cellHashes()``): Sixel pictures that curses may
    /// write over are drawn again (see ``touched(_:cells:)``).
    func finish(cells: [[UInt]], refresh: () -> Void, redrawLines: (Int, Int) -> Void) {
        let current = Set(frame.filter { p in !occluders.contains { p.overlaps($0) } })
        defer { previousCells = cells }
        var before: [UInt8] = []
        let gone = shown.subtracting(current)
        switch support.graphics {
        case .kitty where !support.placeholders:
            for p in gone { if let id = ids[p.key] { before += KittyGraphics.deletePlacement(id: id, placement: Self.placementID(p)) } }
        case .sixel:
            // ncurses repaints the rows a picture left, which wipes its pixels.
            for p in gone { redrawLines(p.y, p.rows) }
        default: break
        }
        before = beforeRefresh + before
        beforeRefresh.removeAll(keepingCapacity: true)
        if !before.isEmpty { emit(before) }
        refresh()
        var after = transmissions
        transmissions.removeAll(keepingCapacity: true)
        let wiped = support.graphics == .sixel ? gone.map { (y: $0.y, rows: $0.rows) } : []
        for p in current.sorted(by: { ($0.y, $0.x) < ($1.y, $1.x) }) {
            let repainted =
                support.graphics == .sixel
                && (wiped.contains { p.y < $0.y + $0.rows && $0.y < p.y + p.rows } || touched(p, cells: cells))
            guard !shown.contains(p) || repainted else { continue }
            // Saved and restored cursor: ncurses must find it where it left it.
            after += Array("\u{1B}7\u{1B}[\(p.y + 1);\(p.x + 1)H".utf8)
            switch support.graphics {
            case .sixel: after += sixels[p.key]?.bytes ?? []
            case .kitty:
                if let id = ids[p.key] {
                    after += KittyGraphics.place(id: id, placement: Self.placementID(p), columns: p.columns, rows: p.rows)
                }
            case .blocks: break
            }
            after += Array("\u{1B}8".utf8)
        }
        if !after.isEmpty { emit(after) }
        shown = current
    }

    /// Whether curses may write over `p` this frame: a cell changed on one of its rows with nothing but
    /// blanks or other changes between it and the picture (curses writes changed cells, and may clear from
    /// the last one to the end of the line, but never across a cell it leaves as it is).
    func touched(_ p: Placement, cells: [[UInt]]) -> Bool {
        guard previousCells.count == cells.count else { return true }
        for y in p.y..<(p.y + p.rows) where cells.indices.contains(y) {
            let now = cells[y], before = previousCells[y]
            guard now.count == before.count else { return true }
            if now == before { continue }
            let left = max(0, min(now.count, p.x)), right = max(left, min(now.count, p.x + p.columns))
            if (left..<right).contains(where: { now[$0] != before[$0] }) { return true }
            for x in stride(from: left - 1, through: 0, by: -1) {
                if now[x] != before[x] { return true }
                if now[x] != 0 { break }
            }
            for x in right..<now.count {
                if now[x] != before[x] { return true }
                if now[x] != 0 { break }
            }
        }
        return false
    }

    /// A placement's id: one per screen position.
    static func placementID(_ p: Placement) -> UInt32 { UInt32(p.y * 1000 + p.x + 1) }

    /// After a resize or anything that cleared the terminal: pictures are placed again, and kitty's images
    /// transmitted again (the terminal may have dropped them).
    func reset() {
        if support.graphics == .kitty {
            var bytes: [UInt8] = []
            for id in owners.keys.sorted() { bytes += KittyGraphics.wrap(KittyGraphics.delete(id: id), inTmux: support.inTmux) }
            if !bytes.isEmpty { beforeRefresh += bytes }
            ids.removeAll(); owners.removeAll(); lastShown.removeAll()
        }
        shown.removeAll()
        previousCells.removeAll()
    }

    private func emit(_ bytes: [UInt8]) {
        bytesWritten += bytes.count
        output(bytes)
    }
}
