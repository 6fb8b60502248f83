/// A named colour and the share of the garment it covers.
public struct NamedColor: Equatable, Sendable {
    public var name: String
    public var share: Double
}

/// Finds a garment's main colours: the background (the region joined to the border) is left out,
/// the rest is clustered in Lab with k-means, and clusters are named from the palette.
public struct DominantColors: Sendable {
    public var palette: ColorPalette
    /// Pixels this close (ΔE*76) to the border's colour, and joined to the border, are background.
    public var backgroundTolerance: Float = 14
    public var clusters = 5
    /// Colours covering less than this share of the garment are not reported.
    public var minimumShare = 0.07

    public init(palette: ColorPalette = .shared) { self.palette = palette }

    /// Up to three colours, largest share first; shares are of the garment's pixels.
    public func analyse(_ image: RGBImage) -> [NamedColor] {
        let size = Resampler.fit(PixelSize(width: image.width, height: image.height), in: PixelSize(width: 64, height: 64))
        let small = Resampler.resize(image, width: size.width, height: size.height)
        let (w, h) = (small.width, small.height)
        var labs = [Lab]()
        labs.reserveCapacity(w * h)
        for i in stride(from: 0, to: small.pixels.count, by: 3) {
            labs.append(Lab(r: small.pixels[i], g: small.pixels[i + 1], b: small.pixels[i + 2]))
        }
        let background = backgroundMask(labs, width: w, height: h)
        // Leave out the garment's rim too: its pixels blend garment and background.
        var excluded = background
        for i in labs.indices where !background[i] {
            let (x, y) = (i % w, i / w)
            let touches = (x > 0 && background[i - 1]) || (x < w - 1 && background[i + 1])
                || (y > 0 && background[i - w]) || (y < h - 1 && background[i + w])
            if touches { excluded[i] = true }
        }
        var garment = labs.indices.filter { !excluded[$0] }.map { labs[$0] }
        if garment.count < max(4, labs.count / 50) { garment = labs.indices.filter { !background[$0] }.map { labs[$0] } }
        if garment.count < max(4, labs.count / 50) { garment = labs }  // all background: a photo of fabric
        let centres = kMeans(garment, k: min(clusters, garment.count))
        var shares: [String: Double] = [:]
        for (centre, count) in centres {
            shares[palette.nearest(centre).name, default: 0] += Double(count) / Double(garment.count)
        }
        return shares.filter { $0.value >= minimumShare }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(3).map { NamedColor(name: $0.key, share: ($0.value * 1000).rounded() / 1000) }
    }

    /// Marks the background: pixels like the border's dominant colours, flood-filled from the border.
    func backgroundMask(_ labs: [Lab], width w: Int, height h: Int) -> [Bool] {
        var border: [Lab] = []
        for x in 0..<w { border.append(labs[x]); border.append(labs[(h - 1) * w + x]) }
        for y in 0..<h { border.append(labs[y * w]); border.append(labs[y * w + w - 1]) }
        let borderCentres = kMeans(border, k: min(3, border.count))
            .filter { Double($0.count) >= Double(border.count) * 0.2 }.map(\.centre)
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

    /// Deterministic k-means: farthest-point initialisation, at most 12 rounds.
    func kMeans(_ points: [Lab], k: Int) -> [(centre: Lab, count: Int)] {
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
            var sums = [(Float, Float, Float, Int)](repeating: (0, 0, 0, 0), count: centres.count)
            for (i, p) in points.enumerated() {
                let c = assignment[i]
                sums[c] = (sums[c].0 + p.l, sums[c].1 + p.a, sums[c].2 + p.b, sums[c].3 + 1)
            }
            for c in centres.indices where sums[c].3 > 0 {
                let n = Float(sums[c].3)
                centres[c] = Lab(l: sums[c].0 / n, a: sums[c].1 / n, b: sums[c].2 / n)
            }
            if !changed { break }
        }
        var counts = [Int](repeating: 0, count: centres.count)
        for c in assignment { counts[c] += 1 }
        return zip(centres, counts).filter { $0.1 > 0 }.map { ($0.0, $0.1) }
    }
}
