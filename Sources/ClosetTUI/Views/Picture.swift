import ClosetKit
import Cutouts
import Imaging
import TerminalGraphics

/// A photo in a rectangle of cells: real pixels where the terminal takes them, else half blocks.
extension Screens {
    /// `many`: one of many pictures at once (the grid), which terminals that keep few images draw in half blocks.
    func drawPicture(
        _ item: Item, x: Int, y: Int, columns: Int, rows: Int, dimmed: Bool = false, many: Bool = false, language: Language = .en
    ) {
        // Real pixels where the terminal takes them: kitty's placeholder cells are text ncurses draws;
        // otherwise the cells stay blank for the picture placed after the refresh.
        if let pictures, pictures.isActive, !many || pictures.support.manyPictures, let hash = item.photo,
            let image = thumbnails.picture(
                hash, fitting: PixelSize(width: columns * pictures.support.cell.width, height: rows * pictures.support.cell.height)),
            let drawn = pictures.place(
                hash: thumbnails.pictureKey(hash), image: image, x: x, y: y, columns: columns, rows: rows, dimmed: dimmed)
        {
            return drawPlaceholders(drawn, y: y)
        }
        if let hash = item.photo, let cells = thumbnails.cells(hash, columns: columns, rows: rows) {
            let dx = x + (columns - (cells.first?.count ?? 0)) / 2
            // Dimmed: each colour taken 60 % of the way to mid grey.
            func dim(_ c: (UInt8, UInt8, UInt8)) -> (UInt8, UInt8, UInt8) {
                dimmed ? (UInt8((Int(c.0) * 2 + 128 * 3) / 5), UInt8((Int(c.1) * 2 + 128 * 3) / 5), UInt8((Int(c.2) * 2 + 128 * 3) / 5)) : c
            }
            for (r, line) in cells.enumerated() {
                for (c, cell) in line.enumerated() { terminal.halfBlock(y + r, dx + c, top: dim(cell.top), bottom: dim(cell.bottom)) }
            }
        } else {
            for r in 0..<rows { terminal.put(y + r, x, String(repeating: "·", count: columns), style: .init(dim: true)) }
            terminal.put(y + rows / 2, x + 1, Strings.text("no photo", language), width: columns - 2, style: .init(dim: true))
        }
    }

    /// kitty's placeholder cells, which ncurses draws as text; nothing for a picture placed after the refresh.
    func drawPlaceholders(_ drawn: PictureLayer.Drawn, y: Int) {
        guard case .placeholders(let id, let left, let used, let height) = drawn else { return }
        for row in 0..<height {
            for column in 0..<used {
                guard let cell = KittyPlaceholder.cell(row: row, column: column) else { continue }
                terminal.placeholder(y + row, left + column, codePoints: cell, id: id)
            }
        }
    }

    /// An outfit as one picture (``OutfitPicture``: a hat above, tops above the bottom above the shoes, a bag
    /// beside) where the terminal draws pixels; false where it cannot (half blocks, no photo), and the view then
    /// draws each piece.
    func drawOutfit(_ items: [Item], taxonomy: Taxonomy, x: Int, y: Int, columns: Int, rows: Int) -> Bool {
        guard let pictures, pictures.isActive, columns > 0, rows > 0 else { return false }
        let box = PixelSize(width: columns * pictures.support.cell.width, height: rows * pictures.support.cell.height)
        let pieces = items.compactMap { item in item.photo.map { (role: OutfitRole(category: item.category, in: taxonomy), hash: $0) } }
        guard let outfit = thumbnails.outfit(pieces, fitting: box),
            let drawn = pictures.place(hash: outfit.key, image: outfit.image, x: x, y: y, columns: columns, rows: rows, dimmed: false)
        else { return false }
        drawPlaceholders(drawn, y: y)
        return true
    }
}
