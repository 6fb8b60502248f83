import ClosetKit

extension Screens {
    /// The line between the closet's sidebar and its grid shows which pane has the keys, as lazygit's border
    /// does: heavy and bold (┃) while the sidebar has them, light and dim (│) while the grid has them (its
    /// selection is then drawn reversed, the sidebar's underlined).
    func paneDivider(_ s: AppState, x: Int, height: Int) {
        let sidebar = !s.closet.focusGrid
        for y in 1...max(1, height) { terminal.put(y, x, sidebar ? "┃" : "│", style: .init(bold: sidebar, dim: !sidebar)) }
    }
}
