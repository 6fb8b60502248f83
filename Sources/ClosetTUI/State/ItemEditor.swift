import ClosetKit
import Imaging

/// The item edit form: select lists (category, colours, seasons, styles, thickness, formality, pattern) and text
/// fields.
public struct ItemEditor: Equatable, Sendable {
    public enum Field: String, CaseIterable, Sendable {
        case name, category
        case colour
        case secondColour = "second colour"
        case seasons, styles, thickness, formality, pattern, brand, price, size, comment

        /// The fields chosen with ←→ rather than typed.
        public var isChoice: Bool { ![.name, .brand, .price, .size, .comment].contains(self) }
    }

    public var original: Item
    public var item: Item
    public var focus: Field = .name
    public var fields: [Field: TextField]
    /// The season the seasons field's cursor is on.
    public var seasonCursor = 0
    /// The styles offered: common ones, then the wardrobe's own and the item's.
    public var styleChoices: [String]
    /// The style the styles field's cursor is on.
    public var styleCursor = 0
    /// The first and second colour as chosen in the form (no second: one colour); saved only when changed.
    public var colours: [String]
    /// The colours offered: the palette's names, then any other the item has.
    public var colourChoices: [String]
    public var error: String?

    /// Styles people use for clothes, offered in every wardrobe.
    public static let commonStyles = ["casual", "office", "formal", "sport", "street", "outdoor", "party", "date", "home"]

    public init(item: Item, knownStyles: [String] = []) {
        original = item
        self.item = item
        var choices = Self.commonStyles
        for style in knownStyles + item.styles where !choices.contains(style) { choices.append(style) }
        styleChoices = choices
        colours = Array(item.colors.prefix(2))
        var palette = ColorPalette.shared.names
        for colour in item.colors where !palette.contains(colour) { palette.append(colour) }
        colourChoices = palette
        fields = [
            .name: TextField(item.name),
            .brand: TextField(item.brand ?? ""), .price: TextField(item.price.map { String($0) } ?? ""),
            .size: TextField(item.size ?? ""), .comment: TextField(item.comment ?? ""),
        ]
    }

    public var isText: Bool { fields[focus] != nil }

    /// The item with the text fields applied; throws a message when a field is invalid.
    public func edited() throws -> Item {
        var out = item
        out.name = fields[.name]!.text.trimmingCharacters(in: .whitespaces)
        if out.name.isEmpty { throw ClosetError.usage("the name cannot be empty") }
        func optional(_ f: Field) -> String? { let t = fields[f]!.text.trimmingCharacters(in: .whitespaces); return t.isEmpty ? nil : t }
        out.brand = optional(.brand); out.size = optional(.size); out.comment = optional(.comment)
        if let p = optional(.price) {
            guard let price = Double(p) else { throw ClosetError.usage("the price must be a number, not '\(p)'") }
            // A price kept from before is not checked again: only one typed now.
            if price != original.price { try Item.checkTyped(price: price) }
            out.price = price
        } else {
            out.price = nil
        }
        // Colours changed in the form replace the item's, as `closet edit --color first --color second` does.
        if colours != Array(original.colors.prefix(2)) { out.setColors(colours) }
        if out.category != original.category {
            // A person chose the category; a name closet generated follows it unless the name was edited too.
            let chosen = out.category
            out.category = original.category
            if out.name == original.name { out.confirm(category: chosen) } else { out.category = chosen; out.confirm() }
        }
        return out
    }

    public var isDirty: Bool { (try? edited()).map { $0 != original } ?? true }

    /// Handles a key; returns true when it was used.
    public mutating func handle(_ key: Key, taxonomy: Taxonomy) -> Bool {
        let all = Field.allCases
        let i = all.firstIndex(of: focus)!
        switch key {
        case .down, .tab: focus = all[(i + 1) % all.count]; return true
        case .up, .backTab: focus = all[(i + all.count - 1) % all.count]; return true
        default: break
        }
        switch focus {
        case .category:
            let ids = taxonomy.categories.map(\.id)
            let c = ids.firstIndex(of: item.category) ?? 0
            if key == .right || key == .char("l") || key == .char(" ") { item.category = ids[(c + 1) % ids.count]; return true }
            if key == .left || key == .char("h") { item.category = ids[(c + ids.count - 1) % ids.count]; return true }
            return false
        case .colour, .secondColour:
            // The first colour steps through the palette; the second also through "none" (first in its list).
            let second = focus == .secondColour
            let list: [String?] = (second ? [nil] : []) + colourChoices.map { $0 }
            let at = list.firstIndex(of: colours.indices.contains(second ? 1 : 0) ? colours[second ? 1 : 0] : nil) ?? 0
            let step: Int
            if key == .right || key == .char("l") || key == .char(" ") {
                step = 1
            } else if key == .left || key == .char("h") {
                step = list.count - 1
            } else {
                return false
            }
            guard let first = colours.first ?? colourChoices.first, !list.isEmpty else { return false }
            let picked = list[(at + step) % list.count]
            if second {
                colours = [first] + (picked.map { [$0] } ?? [])
            } else if let picked {
                colours = [picked] + colours.dropFirst()
            }
            return true
        case .thickness:
            if key == .right || key == .char("l") || key == .char("+") { item.thickness = min(5, item.thickness + 1); return true }
            if key == .left || key == .char("h") || key == .char("-") { item.thickness = max(1, item.thickness - 1); return true }
            if case .char(let c) = key, let n = c.wholeNumberValue, (1...5).contains(n) { item.thickness = n; return true }
            return false
        case .formality:
            // ←→ step through the kind's default (shown as such) and 0…4.
            let levels: [Int?] = [nil] + Formality.range.map { $0 }
            let at = levels.firstIndex(of: item.formalityOverride) ?? 0
            if key == .right || key == .char("l") { item.formalityOverride = levels[(at + 1) % levels.count]; return true }
            if key == .left || key == .char("h") { item.formalityOverride = levels[(at + levels.count - 1) % levels.count]; return true }
            if case .char(let c) = key, let n = c.wholeNumberValue, Formality.range.contains(n) { item.formalityOverride = n; return true }
            return false
        case .pattern:
            let all = ItemPattern.allCases
            let at = all.firstIndex(of: item.pattern) ?? 0
            if key == .right || key == .char("l") || key == .char(" ") { item.pattern = all[(at + 1) % all.count]; return true }
            if key == .left || key == .char("h") { item.pattern = all[(at + all.count - 1) % all.count]; return true }
            return false
        case .seasons:
            let seasons = Season.allCases
            if key == .right || key == .char("l") { seasonCursor = (seasonCursor + 1) % seasons.count; return true }
            if key == .left || key == .char("h") { seasonCursor = (seasonCursor + seasons.count - 1) % seasons.count; return true }
            if key == .char(" ") || key == .char("x") {
                let s = seasons[seasonCursor]
                if let at = item.seasons.firstIndex(of: s) {
                    item.seasons.remove(at: at)
                } else {
                    item.seasons = (item.seasons + [s]).sorted()
                }
                return true
            }
            return false
        case .styles:
            guard !styleChoices.isEmpty else { return false }
            if key == .right || key == .char("l") { styleCursor = (styleCursor + 1) % styleChoices.count; return true }
            if key == .left || key == .char("h") { styleCursor = (styleCursor + styleChoices.count - 1) % styleChoices.count; return true }
            if key == .char(" ") || key == .char("x") {
                let style = styleChoices[styleCursor]
                if let at = item.styles.firstIndex(of: style) { item.styles.remove(at: at) } else { item.styles.append(style) }
                return true
            }
            return false
        default:
            return fields[focus]!.handle(key)
        }
    }
}
