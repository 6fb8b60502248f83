/// How import files a photo whose class spans several kinds (jacket: jacket, coat, parka…; shoes: sneakers,
/// boots, sandals…): the kind the user's own confirmed items agree on, else a fine-kind head's, else a person
/// is asked, with the kinds ordered by the head ("needs a detail").
public struct KindDecision: Equatable, Sendable {
    /// What the item is filed as meanwhile.
    public var category: String
    public var needsReview: Bool
    /// The kinds a person is offered, most likely first; empty when the kind is not asked about.
    public var detail: [String]

    public init(category: String, needsReview: Bool, detail: [String]) {
        self.category = category; self.needsReview = needsReview; self.detail = detail
    }

    /// The kinds a person may choose among for `model`'s class: its span (each a known category, `known`),
    /// less the class itself where it stands for "kind not known yet" (``DatasetLabels/kindNotKnown``).
    public static func kinds(of model: Prediction, known: (String) -> Bool = { _ in true }) -> [String] {
        let span = model.span.filter(known)
        return DatasetLabels.kindNotKnown.contains(model.category) ? span.filter { $0 != model.category } : span
    }

    /// - Parameters:
    ///   - model: the model's own prediction (its class, span and head's kinds).
    ///   - kinds: ``kinds(of:known:)``.
    ///   - personal: the kind two or more of the user's confirmed items agree on (`Personalizer.fineKind`).
    ///   - threshold: the class confidence below which import asks about the class.
    public static func decide(model: Prediction, kinds: [String], personal: String?, threshold: Double) -> KindDecision {
        let classIsUnsure = model.confidence < threshold
        if let personal, kinds.contains(personal) {
            return KindDecision(category: personal, needsReview: classIsUnsure, detail: [])
        }
        // The head's order first (a kind it does not know keeps its place in the span, after those it ranks).
        let ranked = model.kinds.map(\.category).filter(kinds.contains)
        let ordered = ranked + kinds.filter { !ranked.contains($0) }
        let kindNotKnown = DatasetLabels.kindNotKnown.contains(model.category)
        if let sure = model.kind?.category, kinds.contains(sure) {
            if model.kindFilesAlone { return KindDecision(category: sure, needsReview: classIsUnsure, detail: []) }
            // Offered first. An outer is filed as it meanwhile; a shoe stays "kind not known yet" until a person
            // says (outfits treat it as maybe open, never as the closed kind a head guessed).
            return KindDecision(
                category: kindNotKnown ? model.category : sure, needsReview: true, detail: [sure] + ordered.filter { $0 != sure })
        }
        return KindDecision(category: kindNotKnown ? model.category : kinds.first ?? model.category, needsReview: true, detail: ordered)
    }
}
