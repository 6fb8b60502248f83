import ClosetResources
import Foundation

/// The named colours closet reports, from `Resources/palette.json`.
public struct ColorPalette: Sendable {
    public struct Entry: Sendable, Decodable {
        public let name: String
        public let rgb: [UInt8]
        /// Neutrals (black, white, grey, navy, beige, denim, …) go with anything.
        public let neutral: Bool
        var lab: Lab { Lab(r: rgb[0], g: rgb[1], b: rgb[2]) }
    }

    public let entries: [Entry]
    private let labs: [Lab]

    public static let shared: ColorPalette = {
        struct File: Decodable { let colors: [Entry] }
        do { return ColorPalette(entries: try JSONDecoder().decode(File.self, from: ClosetResources.paletteJSON).colors) } catch {
            fatalError("the embedded palette.json is invalid: \(error)")
        }
    }()

    public init(entries: [Entry]) {
        self.entries = entries
        labs = entries.map(\.lab)
    }

    /// The palette colour nearest to `lab`.
    public func nearest(_ lab: Lab) -> Entry {
        var best = 0
        var bestDistance = Float.infinity
        for (i, candidate) in labs.enumerated() {
            let d = candidate.distanceSquared(lab)
            if d < bestDistance { bestDistance = d; best = i }
        }
        return entries[best]
    }

    public func isNeutral(_ name: String) -> Bool { entries.first { $0.name == name }?.neutral ?? false }

    public var names: [String] { entries.map(\.name) }
}
