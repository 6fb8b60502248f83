/// The suggester's scoring weights, named, each with its reason; docs/stylist.md lists them in a table.
/// A piece scores about 1 when it is what the weather asks for; an outfit is its pieces' weighted mean, less
/// what it lacks in warmth and colour.
public enum StylistWeights {
    // MARK: A piece

    /// The 기온별 옷차림 band lists the category for this temperature: what a person would reach for.
    public static let suitsBand = 1.0
    /// Worn at this temperature, but not what the band lists: it will do when nothing better is left.
    public static let willDo = 0.4
    /// A mid layer (a knit over a shirt) below 20 °C: a little under a base that suits, so that it is added only
    /// where its warmth is needed.
    public static let midLayer = 0.8
    /// The item's own seasons leave out today's: a linen shirt in winter.
    public static let outOfSeason = -0.4
    /// The piece carries the style or occasion asked for.
    public static let styleMatch = 0.6
    /// The piece carries other styles, not the one asked for.
    public static let styleMismatch = -0.4
    /// Worn today or yesterday: a person notices it at once.
    public static let wornLastDay = -2.0
    /// Worn two or three days ago.
    public static let wornDaysAgo = -0.8
    /// Not worn for a month, or never: give it its turn.
    public static let restedLong = 0.3
    /// A wishlist piece is a suggestion to buy, below what is owned.
    public static let wishlist = -0.2
    /// Rain or snow: an outer is part of the outfit.
    public static let rainOuter = 0.3
    /// Rain or snow: a hooded or long outer (a coat; a parka or padded coat below 12 °C) keeps more of the person dry;
    /// a jacket half as much.
    public static let rainCoverage = 0.5
    /// Rain from 23 °C: an outer heavier than a light jacket (``SuggestionContext/lightOuterWarmth``) is hot and
    /// clammy; the lightest one owned comes first, and with none light enough the suggestion says so.
    public static let heavyOuterInWarmRain = -0.5
    /// Rain or snow: shoes made for it (boots, sneakers) rather than merely closed ones.
    public static let rainproofShoes = 0.5
    /// Rain or snow: closed shoes that are not made for it (ballet flats, suede or leather soles) soak through;
    /// still worn when nothing made for rain goes with the rest.
    public static let shoesNotForRain = -0.5
    /// From 23 °C: sandals are the shoe a person wants.
    public static let openShoesInHeat = 0.3
    /// From 23 °C: heavier shoes (thickness 2 and more: sneakers, loafers, derbies) are hot.
    public static let heavyShoesInHeat = -0.3
    /// From 20 °C: boots are allowed up to 25 °C but are a last choice.
    public static let bootsWhenWarm = -0.6
    /// At 5 °C and below: boots before loafers and derbies, which the rule also allows.
    public static let bootsInCold = 0.5

    // MARK: An outfit

    /// Weight of a one-piece in the outfit's mean (it is top and bottom at once).
    public static let onePieceUnit = 2.0
    /// Weight of the shoes in the outfit's mean: they matter, less than what covers the body.
    public static let shoesUnit = 0.5
    /// Per warmth point short of the target beyond the first: cold is worse than warm.
    public static let warmthShort = 0.45
    /// Per warmth point over the target beyond one and a half.
    public static let warmthOver = 0.3
    /// The band wears an outer and the outfit has none.
    public static let missingOuter = -0.1
    /// One accent colour next to neutrals: the classic rule.
    public static let oneAccent = 0.2
    /// An analogous pair of accents (blue and purple): it works, a little less surely.
    public static let analogousAccents = 0.1
    /// Each accent family beyond the first that is not analogous.
    public static let extraAccent = -0.5

    // MARK: Alternatives

    /// What using a piece again costs in the next alternative, by slot: a new top is what makes an outfit new;
    /// the same shoes matter least.
    public static let reuseTop = 1.0
    public static let reuseBottom = 0.6
    public static let reuseLayer = 0.6
    public static let reuseOuter = 0.5
    public static let reuseShoes = 0.25
    /// A piece suggested first earlier today (another temperature, another occasion): asked again, a person wants
    /// to see something else unless nothing else fits. Less than `suitsBand − willDo`, so that it trades only among
    /// pieces that suit the weather: shorts at 18 °C never win because the trousers were suggested at 12 °C.
    public static let suggestedToday = 0.5
    /// A dress or skirt outfit within this much of the last alternative takes its place, so that the three
    /// alternatives include one.
    public static let dressWithinReach = 0.6
}
