import ClosetKit

/// The season, style and colour filters, over the closet.
enum FilterScreen: ScreenController {
    static func bindings(_ s: AppState) -> [KeyBinding] { s.filterBindings }
    static func draw(_ s: AppState, _ view: Screens) { view.filters(s) }
}

extension AppState {
    var filterBindings: [KeyBinding] {
        let move: (inout AppState, Key) -> [Effect] = { s, key in
            let all = FacetFilter.Facet.allCases
            let i = all.firstIndex(of: s.closet.facets.focus) ?? 0
            switch key.movement ?? key {
            case .up, .backTab: s.closet.facets.focus = all[(i + all.count - 1) % all.count]
            case .down, .tab: s.closet.facets.focus = all[(i + 1) % all.count]
            case .left: s.closet.facets.cycle(by: -1)
            default: s.closet.facets.cycle(by: 1)
            }
            s.refilter()
            return []
        }
        return [
            KeyBinding([.up, .down, .tab, .backTab, .char("j"), .char("k")], "↑↓", "facet", move),
            KeyBinding([.left, .right, .char(" "), .char("h"), .char("l")], "←→", "value", move),
            KeyBinding([.char("x"), .backspace, .delete], "x", "clear") { s, _ in
                s.closet.facets.clear(); s.refilter(); return []
            },
            KeyBinding([.enter, .char("f")], "Enter", "done") { s, _ in
                s.pop(); return []
            },
            .help, .back("q", "done"),
        ]
    }
}

extension Screens {
    /// The season/style/colour panel, over the closet.
    func filters(_ s: AppState) {
        let t = terminal
        let width = min(t.columns - 4, 60)
        let x = max(0, (t.columns - width) / 2), y = max(1, t.rows / 2 - 3)
        occlude(x: x, y: y, width: width, height: 6)
        for r in 0..<6 { t.fill(y + r, x, width: width, style: .init(reverse: true)) }
        t.put(y, x + 2, s.say("Filter the closet"), style: .init(bold: true, reverse: true))
        for (i, facet) in FacetFilter.Facet.allCases.enumerated() {
            let focused = facet == s.closet.facets.focus
            let chosen = s.closet.facets.value(facet)
            let value = chosen.map { facet == .colour ? Strings.colour($0, s.language) : s.say($0) } ?? s.say("any")
            let count = s.closet.facets.choices(facet).count
            t.put(
                y + 2 + i, x + 2, (focused ? "› " : "  ") + s.say(facet.rawValue), width: 10, style: .init(bold: focused, reverse: true))
            t.put(
                y + 2 + i, x + 12, "‹ \(value) ›" + (count == 0 ? "  " + s.say("(none in the wardrobe)") : ""), width: width - 14,
                style: .init(bold: focused, reverse: !focused, underline: focused))
        }
    }
}
