import ClosetKit

/// The closet's season, style and colour filters (the `f` panel). Each facet is "any" or one value;
/// the choices are the seasons, and the styles and colours the wardrobe's items actually have.
public struct FacetFilter: Equatable, Sendable {
    public enum Facet: String, CaseIterable, Sendable { case season, style, colour }

    public var season: Season?
    public var style: String?
    public var colour: String?
    /// The facet the panel's cursor is on.
    public var focus: Facet = .season
    public private(set) var styles: [String] = []
    public private(set) var colours: [String] = []

    public init() {}

    public var isActive: Bool { season != nil || style != nil || colour != nil }

    /// Offers the styles and colours present in `items`, most common first (ties by name).
    public mutating func offer(_ items: [ItemSummary]) {
        func ranked(_ values: [String]) -> [String] {
            var counts: [String: Int] = [:]
            for v in values { counts[v, default: 0] += 1 }
            return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        }
        styles = ranked(items.flatMap(\.item.styles))
        colours = ranked(items.flatMap { $0.item.colors.map { $0.lowercased() } })
    }

    public func choices(_ facet: Facet) -> [String] {
        switch facet {
        case .season: Season.allCases.map(\.rawValue)
        case .style: styles
        case .colour: colours
        }
    }

    public func value(_ facet: Facet) -> String? {
        switch facet {
        case .season: season?.rawValue
        case .style: style
        case .colour: colour
        }
    }

    mutating func set(_ facet: Facet, _ value: String?) {
        switch facet {
        case .season: season = value.flatMap(Season.init(rawValue:))
        case .style: style = value
        case .colour: colour = value
        }
    }

    /// Steps the focused facet through "any" and its choices.
    public mutating func cycle(by step: Int) {
        let options: [String?] = [nil] + choices(focus)
        let i = options.firstIndex(of: value(focus)) ?? 0
        set(focus, options[(i + step + options.count) % options.count])
    }

    public mutating func clear() { season = nil; style = nil; colour = nil }

    /// Applies the facets to an item filter.
    public func apply(to filter: inout ItemFilter) {
        filter.season = season
        filter.style = style
        filter.color = colour
    }

    /// "winter · casual · navy", for the line above the grid.
    public var summary: String { summary(.en) }

    /// The filter in `language`: season, style and colour names from the catalog.
    public func summary(_ language: Language) -> String {
        [
            season.map { Strings.text($0.rawValue, language) }, style.map { Strings.text($0, language) },
            colour.map { Strings.colour($0, language) },
        ]
        .compactMap { $0 }.joined(separator: " · ")
    }
}
