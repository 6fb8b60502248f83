import Foundation

/// A named colour and the share of the garment it covers.
public struct NamedColor: Equatable, Sendable {
    public var name: String
    public var share: Double
}

/// Finds a garment's main colours: the background (the region joined to the border) is left out, each
/// remaining pixel is named from the palette (once its lightness is anchored, ``LightnessAnchor``) and weighed
/// by how much it is garment, and the names' shares are ranked. The first colour is the name whose share plus
/// its naming prior (``ColorPalette/Entry/prior``) is largest: shading splits a white shirt among white, light
/// grey and grey, and a person still calls it white.
public struct DominantColors: Sendable {
    public var palette: ColorPalette
    /// Pixels this close (ΔE*76) to the border's colour, and joined to the border, are background. Tight: a
    /// garment near the background's colour (white on a white sheet) keeps its pixels, and what background
    /// the fill leaves weighs little beside the middle and the classifier's map (measured on the
    /// labelled train photos: 4 to 7 best of 2 to 22, `tools/colour/README.md`).
    public var backgroundTolerance: Float = 6
    /// Colours covering less than this share of the garment are not reported.
    public var minimumShare = 0.07
    /// A second or third colour is named only when it covers this much of the garment (a stripe, a print);
    /// less is as likely a shadow or the background's rim as a colour a person would name.
    public var secondaryShare = 0.2
    /// The spread of the centre weighting, as a share of the photo's width and height.
    public var centreSpread = 0.3
    /// Relights near-neutral garment pixels before they are named, when nothing in the photo is white
    /// (``LightnessAnchor``); nil names the pixels as measured.
    public var lightnessAnchor: LightnessAnchor? = LightnessAnchor()

    /// How a garment mask (``GarmentAlpha``) is read, when one is given and it found the garment.
    public struct MaskUse: Sendable, Equatable {
        /// Pixels where the mask's mean is under this are background.
        public var floor = 0.5
        /// The border model's background is left out as well.
        public var border = false
        /// The garment's rim (pixels touching the background) is left out, as without a mask.
        public var rim = true
        /// The centre weighting still applies.
        public var centre = false
        /// The classifier's map still applies.
        public var map = false
        /// Each pixel weighs the mask to this power (0: the mask only chooses the pixels).
        public var power = 1.0
        public init() {}
    }
    public var maskUse = MaskUse()

    public init(palette: ColorPalette = .shared) { self.palette = palette }

    /// Up to three colours, the first by share and prior, the others by share; shares are of the garment's
    /// pixels.
    public func analyse(_ image: RGBImage, garment: GarmentMap? = nil, mask: GarmentAlpha? = nil) -> [NamedColor] {
        rank(shares(image, garment: garment, mask: mask))
    }

    /// Each palette name's share of the garment's pixels (the names of no pixel are absent), before ranking.
    /// - Parameter mask: the photo's garment mask; one that found nothing (``GarmentAlpha/found``) is ignored.
    public func shares(_ image: RGBImage, garment: GarmentMap? = nil, mask: GarmentAlpha? = nil) -> [String: Double] {
        let size = Resampler.fit(PixelSize(width: image.width, height: image.height), in: PixelSize(width: 64, height: 64))
        let small = Resampler.resize(image, width: size.width, height: size.height)
        let (w, h) = (small.width, small.height)
        var labs = [Lab]()
        labs.reserveCapacity(w * h)
        for i in stride(from: 0, to: small.pixels.count, by: 3) {
            labs.append(Lab(r: small.pixels[i], g: small.pixels[i + 1], b: small.pixels[i + 2]))
        }
        let alpha = mask.flatMap { $0.found ? $0.cells(columns: w, rows: h) : nil }
        var background: [Bool]
        if let alpha {
            background = alpha.map { $0 < maskUse.floor }
            if maskUse.border { background = zip(background, backgroundMask(labs, width: w, height: h)).map { $0 || $1 } }
        } else {
            background = backgroundMask(labs, width: w, height: h)
        }
        // Leave out the garment's rim too: its pixels blend garment and background.
        var excluded = background
        for i in labs.indices where !background[i] && (alpha == nil || maskUse.rim) {
            let (x, y) = (i % w, i / w)
            let touches =
                (x > 0 && background[i - 1]) || (x < w - 1 && background[i + 1])
                || (y > 0 && background[i - w]) || (y < h - 1 && background[i + w])
            if touches { excluded[i] = true }
        }
        var chosen = labs.indices.filter { !excluded[$0] }
        if chosen.count < max(4, labs.count / 50) { chosen = labs.indices.filter { !background[$0] } }
        if chosen.count < max(4, labs.count / 50) { chosen = Array(labs.indices) }  // all background: a photo of fabric
        var weights = pixelWeights(
            chosen, labs: labs, width: w, height: h, garment: alpha == nil || maskUse.map ? garment : nil,
            centre: alpha == nil || maskUse.centre)
        if let alpha, maskUse.power > 0 {
            for (j, i) in chosen.enumerated() { weights[j] *= pow(max(alpha[i], 0.01), maskUse.power) }
        }
        let total = weights.reduce(0, +)
        guard total > 0 else { return [:] }
        // Lightness is anchored on the whole photo (its lightest surfaces), the garment's pixels relit.
        let slope = lightnessAnchor?.slope(lightness: labs.map(\.l))
        var shares: [String: Double] = [:]
        for (j, i) in chosen.enumerated() {
            var lab = labs[i]
            if let slope, let anchor = lightnessAnchor { lab = anchor.relit(lab, slope: slope) }
            shares[palette.name(lab), default: 0] += weights[j] / total
        }
        return shares
    }

    /// The reported colours from each name's share of the garment: the first is the name with the largest
    /// share plus prior among those covering `minimumShare`, then the other names by share, from
    /// `secondaryShare`; three at most, shares rounded to thousandths.
    public func rank(_ shares: [String: Double]) -> [NamedColor] {
        let reported = shares.filter { $0.value >= minimumShare }
        let candidates = reported.isEmpty ? shares.filter { $0.value > 0 } : reported
        func score(_ e: (key: String, value: Double)) -> Double { e.value + palette.prior(e.key) }
        guard let first = candidates.max(by: { score($0) != score($1) ? score($0) < score($1) : $0.key > $1.key }) else { return [] }
        let rest = reported.filter { $0.key != first.key && $0.value >= secondaryShare }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        return ([first] + rest.prefix(2)).map { NamedColor(name: $0.key, share: ($0.value * 1000).rounded() / 1000) }
    }

    /// Marks the background: pixels like the border's dominant colours, flood-filled from the border.
    func backgroundMask(_ labs: [Lab], width w: Int, height h: Int) -> [Bool] {
        var border: [Lab] = []
        for x in 0..<w { border.append(labs[x]); border.append(labs[(h - 1) * w + x]) }
        for y in 0..<h { border.append(labs[y * w]); border.append(labs[y * w + w - 1]) }
        let borderCentres = kMeans(border, k: min(3, border.count))
            .filter { $0.weight >= Double(border.count) * 0.2 }.map(\.centre)
        let tolerance = backgroundTolerance * backgroundTolerance
        func isBackgroundColour(_ lab: Lab) -> Bool { borderCentres.contains { $0.distanceSquared(lab) < tolerance } }
        var mask = [Bool](repeating: false, count: labs.count)
        var stack: [Int] = []
        for i in 0..<labs.count {
            let (x, y) = (i % w, i / w)
            if (x == 0 || y == 0 || x == w - 1 || y == h - 1) && isBackgroundColour(labs[i]) { mask[i] = true; stack.append(i) }
        }
        while let i = stack.popLast() {
            let (x, y) = (i % w, i / w)
            for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)] where nx >= 0 && ny >= 0 && nx < w && ny < h {
                let j = ny * w + nx
                if !mask[j] && isBackgroundColour(labs[j]) { mask[j] = true; stack.append(j) }
            }
        }
        return mask
    }

    /// How much each garment pixel counts: more near the middle of the photo, where the garment lies (a
    /// patterned blanket or a floor the border model missed is mostly at the edges), and less for
    /// highlights and deep shadows on a garment that is not itself dark.
    func pixelWeights(
        _ chosen: [Int], labs: [Lab], width w: Int, height h: Int, garment: GarmentMap? = nil, centre: Bool = true
    ) -> [Double] {
        let (cx, cy) = (Double(w - 1) / 2, Double(h - 1) / 2)
        let (sx, sy) = (Double(w) * centreSpread, Double(h) * centreSpread)
        let lightness = chosen.map { labs[$0].l }.sorted()
        let darkGarment = lightness.isEmpty || lightness[lightness.count / 2] < 28
        return chosen.map { i in
            let dx = (Double(i % w) - cx) / sx, dy = (Double(i / w) - cy) / sy
            var weight = centre ? exp(-(dx * dx + dy * dy) / 2) : 1
            if let garment {
                // The classifier's map says where the garment is: it scales the centre weighting, a floor of
                // 0.2 keeping every pixel in play (chosen on the labelled photos among replacing the centre
                // weighting or scaling it, with floors 0, 0.05 and 0.2).
                weight *= 0.2 + garment.weight(u: (Double(i % w) + 0.5) / Double(w), v: (Double(i / w) + 0.5) / Double(h))
            }
            let lab = labs[i]
            if lab.l > 94 && lab.chroma < 6 { weight *= 0.25 }  // a highlight
            if !darkGarment && lab.l < 14 { weight *= 0.25 }  // a fold's shadow
            return weight
        }
    }

    /// Deterministic k-means (the border's colours): farthest-point initialisation, at most 12 rounds; each
    /// cluster reports its count as its weight.
    func kMeans(_ points: [Lab], k: Int) -> [(centre: Lab, weight: Double)] {
        guard k > 0, !points.isEmpty else { return [] }
        var centres = [points[0]]
        var nearest = points.map { $0.distanceSquared(points[0]) }
        while centres.count < k {
            guard let far = nearest.indices.max(by: { nearest[$0] < nearest[$1] }), nearest[far] > 1 else { break }
            centres.append(points[far])
            for i in points.indices { nearest[i] = min(nearest[i], points[i].distanceSquared(points[far])) }
        }
        var assignment = [Int](repeating: 0, count: points.count)
        for _ in 0..<12 {
            var changed = false
            for (i, p) in points.enumerated() {
                var best = 0
                var bestD = Float.infinity
                for (c, centre) in centres.enumerated() {
                    let d = centre.distanceSquared(p)
                    if d < bestD { bestD = d; best = c }
                }
                if assignment[i] != best { assignment[i] = best; changed = true }
            }
            var sums = [(Double, Double, Double, Double)](repeating: (0, 0, 0, 0), count: centres.count)
            for (i, p) in points.enumerated() {
                let c = assignment[i]
                sums[c] = (sums[c].0 + Double(p.l), sums[c].1 + Double(p.a), sums[c].2 + Double(p.b), sums[c].3 + 1)
            }
            for c in centres.indices where sums[c].3 > 0 {
                let n = sums[c].3
                centres[c] = Lab(l: Float(sums[c].0 / n), a: Float(sums[c].1 / n), b: Float(sums[c].2 / n))
            }
            if !changed { break }
        }
        var totals = [Double](repeating: 0, count: centres.count)
        for c in assignment { totals[c] += 1 }
        return zip(centres, totals).filter { $0.1 > 0 }.map { ($0.0, $0.1) }
    }
}
