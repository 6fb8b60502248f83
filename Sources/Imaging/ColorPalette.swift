import ClosetResources
import Foundation

/// The named colours closet reports, from `Resources/palette.json`.
public struct ColorPalette: Sendable {
    public struct Entry: Sendable, Decodable {
        public let name: String
        public let rgb: [UInt8]
        /// Neutrals (black, white, grey, navy, beige, denim, …) go with anything.
        public let neutral: Bool
        /// How readily a person gives this name, as a share of the garment (−0.2…0.2; 0 when absent): the
        /// first colour is the name whose pixel share plus prior is largest. People call a shaded white
        /// shirt white and a black one black, where the pixels are split among grey, light grey and charcoal;
        /// fitted by `tools/colour/fit_naming_prior.py` on photos of the clothing set's train split.
        public let prior: Double

        var lab: Lab { Lab(r: rgb[0], g: rgb[1], b: rgb[2]) }

        public init(name: String, rgb: [UInt8], neutral: Bool, prior: Double = 0) {
            self.name = name; self.rgb = rgb; self.neutral = neutral; self.prior = prior
        }

        public init(from decoder: Decoder) throws {
            enum Keys: String, CodingKey { case name, rgb, neutral, prior }
            let c = try decoder.container(keyedBy: Keys.self)
            name = try c.decode(String.self, forKey: .name)
            rgb = try c.decode([UInt8].self, forKey: .rgb)
            guard rgb.count == 3 else {
                throw DecodingError.dataCorruptedError(forKey: .rgb, in: c, debugDescription: "a colour needs three channels")
            }
            neutral = try c.decode(Bool.self, forKey: .neutral)
            let prior = try c.decodeIfPresent(Double.self, forKey: .prior) ?? 0
            guard prior.isFinite, abs(prior) <= 0.2 else {
                throw DecodingError.dataCorruptedError(forKey: .prior, in: c, debugDescription: "a prior lies in −0.2…0.2")
            }
            self.prior = prior
        }
    }

    public let entries: [Entry]
    private let labs: [Lab]
    /// ``nearestChromatic(_:)`` looked up (nil for a palette too large for the table's bytes).
    private let table: NearestColourTable?

    public static let shared: ColorPalette = {
        struct File: Decodable { let colors: [Entry] }
        do { return ColorPalette(entries: try JSONDecoder().decode(File.self, from: ClosetResources.paletteJSON).colors) } catch {
            fatalError("the embedded palette.json is invalid: \(error)")
        }
    }()

    public init(entries: [Entry]) {
        self.entries = entries
        let labs = entries.map(\.lab)
        self.labs = labs
        table = entries.count < 250 ? NearestColourTable { Self.nearestChromaticIndex($0, among: labs) } : nil
    }

    /// The name a person would give `lab`, as a careful person names a garment's colour rather than the
    /// nearest swatch: near-neutral colours by their lightness (black, charcoal, grey, light grey, white),
    /// unless they lean blue (navy, denim, sky blue) or warm (beige, khaki, brown); the rest by the nearest
    /// palette colour in CIEDE2000 among the chromatic ones. Below beige's lightness a warm colour needs some
    /// chroma (12) to be brown: a grey or black garment under a warm lamp reads warm but is not brown.
    public func name(_ lab: Lab) -> String {
        let l = lab.l, c = lab.chroma, h = lab.hue
        let blue = (195...290).contains(h), warm = (35...105).contains(h)
        if c < 6 || (c < 10 && !blue && !warm) || (warm && c < 12 && l < 58) {
            if blue && c >= 3.5 { return l < 34 ? "navy" : l < 66 ? "denim" : "sky blue" }
            if warm && c >= 4.5 && l >= 58 { return l > 90 && c < 6 ? "white" : "beige" }
            return l < 24 ? "black" : l < 40 ? "charcoal" : l < 64 ? "grey" : l < 86 ? "light grey" : "white"
        }
        if blue && c < 26 { return l < 34 ? "navy" : l < 66 ? "denim" : "sky blue" }
        // Yellow-greens the palette has no name for (lime, chartreuse): yellow when light, else green.
        if (95...135).contains(h) && c >= 30 { return l >= 55 ? "yellow" : "green" }
        if warm && c < 24 {
            if l >= 62 { return "beige" }
            if l < 30 { return c < 10 ? "charcoal" : "brown" }
            return h >= 80 ? (c < 14 ? "khaki" : "olive") : "brown"
        }
        return nearestChromatic(lab).name
    }

    /// The chromatic palette colour nearest to `lab` in CIEDE2000, looked up in a table of the nearest colours
    /// (``NearestColourTable``) that computes CIEDE2000 only where two names meet.
    public func nearestChromatic(_ lab: Lab) -> Entry {
        entries[table?.nearest(lab) ?? Self.nearestChromaticIndex(lab, among: labs)]
    }

    /// The chromatic palette colour nearest to `lab` in CIEDE2000, computed against each colour.
    public func computedNearestChromatic(_ lab: Lab) -> Entry { entries[Self.nearestChromaticIndex(lab, among: labs)] }

    /// The index of the colour of `labs` nearest to `lab` in CIEDE2000 among those of chroma 12 or more (the
    /// first of equals; 0 when none has).
    static func nearestChromaticIndex(_ lab: Lab, among labs: [Lab]) -> Int {
        var best = 0
        var bestDistance = Double.infinity
        for (i, candidate) in labs.enumerated() where candidate.chroma >= 12 {
            let d = candidate.deltaE2000(lab)
            if d < bestDistance { bestDistance = d; best = i }
        }
        return best
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

    /// The naming prior of `name` (``Entry/prior``); 0 for a name the palette lacks.
    public func prior(_ name: String) -> Double { entries.first { $0.name == name }?.prior ?? 0 }

    public var names: [String] { entries.map(\.name) }
}
