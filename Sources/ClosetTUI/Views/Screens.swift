import ClosetKit
import Foundation
import Imaging
import TerminalGraphics

/// Draws the current state: the router. The header and the footer are drawn here; the screen's own part by
/// its controller (``ScreenController``, one file a screen in `Screens/`), and an overlay's over the screen
/// below it. Pure drawing: reads the state, never changes it.
public struct Screens {
    let terminal: Terminal
    let thumbnails: ThumbnailCache
    /// Photos in a terminal graphics protocol; nil (or inactive) draws half blocks.
    let pictures: PictureLayer?

    init(terminal: Terminal, thumbnails: ThumbnailCache, pictures: PictureLayer? = nil) {
        self.terminal = terminal; self.thumbnails = thumbnails; self.pictures = pictures
    }

    public func draw(_ state: AppState, weather: String?) {
        let t = terminal
        t.erase()
        pictures?.beginFrame()
        thumbnails.backdrop = state.backdrop
        let (cols, rows) = (t.columns, t.rows)
        if ClosetLayout(columns: cols, rows: rows).isTooSmall {
            t.put(rows / 2, 0, Strings.text("terminal too small", state.language), style: .init(bold: true))
            t.put(
                rows / 2 + 1, 0,
                state.say("{0}x{1}, need {2}x{3}", "\(cols)", "\(rows)", "\(ClosetLayout.minimum.columns)", "\(ClosetLayout.minimum.rows)"))
            present()
            return
        }
        header(state, weather: weather)
        state.baseScreen.controller.draw(state, self)
        if state.screen.isOverlay { state.screen.controller.draw(state, self) }
        status(state)
        present()
    }

    /// ncurses' update, with the pictures the graphics protocol places before and after it.
    func present() {
        guard let pictures, pictures.isActive else { return terminal.refresh() }
        let cells = pictures.support.graphics == .sixel ? terminal.cellHashes() : []
        pictures.finish(cells: cells, refresh: terminal.refresh, redrawLines: terminal.redrawLines)
    }

    /// A popup over the screen: pictures under it step aside while it is up.
    func occlude(x: Int, y: Int, width: Int, height: Int) { pictures?.occlude(x: x, y: y, width: width, height: height) }

    func header(_ s: AppState, weather: String?) {
        // The default wardrobe is called closet: "closet · closet" said nothing.
        let name = s.wardrobeName == "closet" ? "" : " · \(s.wardrobeName)"
        let ko = s.language == .ko
        let marked = s.closet.marked.isEmpty ? "" : ko ? " · \(s.closet.marked.count)벌 표시함" : " · \(s.closet.marked.count) marked"
        let count = ko ? "옷 \(s.itemCount)벌" : Words.count(s.itemCount, "item")
        // The grid's order, on the closet screen (o changes it).
        let order = s.baseScreen == .closet ? " · " + s.say("by {0} (o)", s.say(s.closet.order.label)) : ""
        let text = " closet\(name) · \(count)\(marked)\(order)" + (weather.map { " · \($0)" } ?? "")
        terminal.fill(0, 0, width: terminal.columns, style: .init(reverse: true))
        terminal.put(0, 0, text, style: .init(bold: true, reverse: true))
    }

    func status(_ s: AppState) {
        let y = terminal.rows - 1
        terminal.fill(y, 0, width: terminal.columns, style: .init(reverse: true))
        let hints = s.message ?? KeyBinding.footer(s.bindings, width: terminal.columns - 2, language: s.language)
        terminal.put(y, 1, hints, width: terminal.columns - 2, style: .init(reverse: true))
    }

    func categoryName(_ id: CategoryID, _ s: AppState) -> String { s.taxonomy.category(id)?.displayName(s.language) ?? id.rawValue }
    func categoryName(_ id: String, _ s: AppState) -> String { categoryName(CategoryID(id), s) }

    func lines(_ title: String, _ text: [String]) {
        terminal.put(1, 2, title, style: .init(bold: true))
        for (i, line) in text.enumerated() where 3 + i < terminal.rows - 1 { terminal.put(3 + i, 2, line, width: terminal.columns - 4) }
    }
}
