import Foundation

/// Lightness anchoring: the lightest surfaces of a scene look white, whatever the exposure. A white T-shirt
/// on a red blanket, or in a dim room, measures L* 63–75 and its pixels read "light grey"; a person still
/// sees white, because nothing in the photo is lighter. So when even the photo's lightest pixels stay under
/// ``target``, near-neutral garment pixels above ``knee`` are relit along a line that takes that lightness
/// (the ``percentile`` of the whole photo's L*) to ``target``, by at most ``maximumSlope``. Darks below the knee
/// and coloured pixels keep their lightness: black stays black, and a pink does not fade to light grey.
///
/// Chosen on the 240 labelled `train` photos, 5-fold cross-validated (`tools/colour/README.md`).
public struct LightnessAnchor: Sendable, Equatable {
    /// The share of the photo's pixels at or below the anchor (0.95: the lightest twentieth of the photo).
    public var percentile: Float = 0.95
    /// The lightness the anchor is taken to.
    public var target: Float = 96
    /// Pixels at or below this lightness are left alone.
    public var knee: Float = 35
    /// At most this much relighting: a photo of a grey garment on a grey floor is not made white.
    public var maximumSlope: Float = 1.3
    /// Only pixels of less chroma are relit.
    public var maximumChroma: Float = 10

    public init() {}

    /// The relit lightness per unit of lightness above the knee for a photo whose pixels have `lightness`;
    /// nil when the photo is already lit (its anchor reaches the target) or is all dark.
    public func slope(lightness: [Float]) -> Float? {
        guard !lightness.isEmpty else { return nil }
        let anchor = Self.quantile(lightness.sorted(), percentile)
        guard anchor < target, anchor > knee + 5 else { return nil }
        return min((target - knee) / (anchor - knee), maximumSlope)
    }

    /// `lab` relit by `slope` (from ``slope(lightness:)``).
    public func relit(_ lab: Lab, slope: Float) -> Lab {
        guard lab.l > knee, lab.chroma < maximumChroma else { return lab }
        return Lab(l: min(knee + (lab.l - knee) * slope, 100), a: lab.a, b: lab.b)
    }

    /// The `q` quantile (clamped to 0…1; the largest value when `q` is not a number) of ascending, non-empty
    /// `sorted` values, interpolating linearly between ranks as numpy's default does.
    static func quantile(_ sorted: [Float], _ q: Float) -> Float {
        let position = Float(sorted.count - 1) * (q.isNaN ? 1 : min(max(q, 0), 1))
        let below = Int(position.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        return sorted[below] + (sorted[above] - sorted[below]) * (position - Float(below))
    }
}
