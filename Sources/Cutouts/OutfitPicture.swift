import ClosetKit
import Imaging

/// Where a piece goes in an outfit drawn as one picture, from its category's group.
public enum OutfitRole: String, CaseIterable, Sendable {
    case hat, top, outer, onepiece, bottom, shoes, bag, accessory

    /// The role of a piece of `group` (top, bottom, outer, onepiece, shoes, hat, bag, accessory); an unknown
    /// group is laid beside, with the accessories.
    public init(group: GroupID) { self = OutfitRole(rawValue: group.rawValue) ?? .accessory }

    /// The role of a piece of `category` in `taxonomy`; a category it does not know is an accessory.
    public init(category: CategoryID, in taxonomy: Taxonomy) {
        self = taxonomy.category(category).map { OutfitRole(group: $0.group) } ?? .accessory
    }

    /// Laid in the column beside the body: bags and accessories.
    var beside: Bool { self == .bag || self == .accessory }
}

/// An outfit as one picture, as a catalogue lays it flat: a hat above; the top and the outer side by side above the
/// bottom, above the shoes; a one-piece in place of the top and the bottom; a bag (and accessories) in a column
/// beside. Each piece is fitted, centred, in its cell on the ``Backdrop``.
public enum OutfitPicture {
    /// The cell of each piece (in the order given) on a canvas of `canvas` pixels.
    public static func layout(_ roles: [OutfitRole], canvas: PixelSize) -> [Cutout.Box] {
        guard !roles.isEmpty, canvas.width > 0, canvas.height > 0 else {
            return roles.map { _ in Cutout.Box(x: 0, y: 0, width: 0, height: 0) }
        }
        let hasSide = roles.contains(where: \.beside), hasBody = roles.contains { !$0.beside }
        let mainWidth = !hasBody ? 0 : hasSide ? canvas.width * 7 / 10 : canvas.width
        var cells = [Cutout.Box](repeating: Cutout.Box(x: 0, y: 0, width: 0, height: 0), count: roles.count)

        // The body, in bands from the top: hat, upper (top and outer), bottom, shoes. A one-piece spans the upper
        // and bottom bands with the tops and outers beside it, unless a bottom is worn too (then it is a top).
        let indices = Array(roles.indices)
        let hasBottom = roles.contains(.bottom)
        let onepieceSpans = roles.contains(.onepiece) && !hasBottom
        let hats = indices.filter { roles[$0] == .hat }
        // Tops first, then the outer beside them; a one-piece leads its band.
        let upper =
            indices.filter { roles[$0] == .onepiece } + indices.filter { roles[$0] == .top } + indices.filter { roles[$0] == .outer }
        let bottoms = indices.filter { roles[$0] == .bottom }
        let shoes = indices.filter { roles[$0] == .shoes }
        // Band heights by weight: the garments get the most room, the hat and shoes less.
        var bands: [(pieces: [Int], weight: Int)] = []
        if !hats.isEmpty { bands.append((hats, 5)) }
        if onepieceSpans {
            bands.append((upper, 24))
        } else {
            if !upper.isEmpty { bands.append((upper, 12)) }
            if !bottoms.isEmpty { bands.append((bottoms, 12)) }
        }
        if !shoes.isEmpty { bands.append((shoes, 6)) }
        let total = bands.reduce(0) { $0 + $1.weight }
        var y = 0
        for (n, band) in bands.enumerated() {
            let height = n == bands.count - 1 ? canvas.height - y : canvas.height * band.weight / max(1, total)
            let width = mainWidth / band.pieces.count
            for (k, piece) in band.pieces.enumerated() {
                cells[piece] = Cutout.Box(
                    x: k * width, y: y, width: k == band.pieces.count - 1 ? mainWidth - k * width : width, height: height)
            }
            y += height
        }

        // Beside: the bags and accessories stacked in the column, each at most a third of the height, centred.
        let side = indices.filter { roles[$0].beside }
        if !side.isEmpty {
            let columnWidth = canvas.width - mainWidth
            let height = min(canvas.height / side.count, hasBody ? canvas.height / 3 : canvas.height)
            let start = (canvas.height - height * side.count) / 2
            for (k, piece) in side.enumerated() {
                cells[piece] = Cutout.Box(x: mainWidth, y: start + k * height, width: columnWidth, height: height)
            }
        }
        return cells
    }

    /// The pieces (each a garment on the backdrop, or a photo) composed into one picture of `canvas` pixels.
    public static func compose(_ pieces: [(role: OutfitRole, image: RGBImage)], canvas: PixelSize) -> RGBImage {
        var picture = Backdrop.canvas(canvas)
        let cells = layout(pieces.map { $0.role }, canvas: canvas)
        for (piece, cell) in zip(pieces, cells) {
            // A little backdrop between neighbours.
            let inset = max(1, min(cell.width, cell.height) / 20)
            let room = PixelSize(width: cell.width - 2 * inset, height: cell.height - 2 * inset)
            guard room.width > 0, room.height > 0, piece.image.width > 0, piece.image.height > 0 else { continue }
            let size = Resampler.fit(PixelSize(width: piece.image.width, height: piece.image.height), in: room)
            let fitted = Resampler.resize(piece.image, width: size.width, height: size.height)
            paste(fitted, into: &picture, x: cell.x + (cell.width - size.width) / 2, y: cell.y + (cell.height - size.height) / 2)
        }
        return picture
    }

    /// Copies `image` into `canvas` at (x, y), clipped to the canvas.
    static func paste(_ image: RGBImage, into canvas: inout RGBImage, x: Int, y: Int) {
        for row in 0..<image.height where (0..<canvas.height).contains(y + row) {
            let first = max(0, -x), last = min(image.width, canvas.width - x)
            guard first < last else { continue }
            let from = (row * image.width + first) * 3, to = ((y + row) * canvas.width + x + first) * 3
            canvas.pixels.replaceSubrange(to..<(to + (last - first) * 3), with: image.pixels[from..<(from + (last - first) * 3)])
        }
    }
}
