import ClosetResources
import Foundation

/// A clothing group: top, bottom, outer, onepiece, shoes, hat, bag, accessory.
public struct CategoryGroup: Codable, Hashable, Sendable {
    public let id: GroupID
    public let en: String
    public let ko: String

    public func displayName(_ language: Language) -> String { language == .ko ? ko : en }
}

/// A clothing category, such as `shortSleeve` or `winterOuter`.
public struct Category: Codable, Hashable, Sendable {
    public let id: CategoryID
    public let group: GroupID
    public let en: String
    public let ko: String
    /// Default warmth, 1 = very light … 5 = winter.
    public let warmth: Int
    public let seasons: [Season]
    /// The thickness a new item of this category gets (1 very thin … 5 very thick).
    public let thickness: Int
    /// Warmth points the piece adds to an outfit at the default thickness (about clo × 10).
    public let insulation: Double
    /// The roles a piece can take in an outfit.
    public let layers: [Layer]
    /// The name inside a card's line ("knit", "T-shirt"), when it is not simply ``en`` in lower case or ``ko``.
    public let short: Names?
    /// The noun an item's generated name ends in ("Navy shirt", "검정 원피스"), when it is not simply ``en`` in
    /// lower case or ``ko``: a label with a slash or brackets ("Shirt / blouse") is no name.
    public let noun: Names?

    /// A name in each language.
    public struct Names: Codable, Hashable, Sendable {
        public let en: String
        public let ko: String
    }
    /// Formality 0 (sport/lounge) … 4 (formal) of a piece of this kind (``defaultFormality``).
    public let formality: Int?
    /// Shoes: open (true), closed (false), or either or not known (absent) (``defaultOpen``).
    public let open: Bool?
    /// Fit for rain (``defaultRainproof``).
    public let rainproof: Bool?
    /// The styles an imported piece of this kind starts with (``defaultStyles``).
    public let styles: [String]?

    /// Where a piece is worn in an outfit.
    public enum Layer: String, Codable, Hashable, Sendable {
        /// Next to the skin: a T-shirt, a shirt, a knit worn alone.
        case base
        /// Between the base and the outer: a knit, a hoodie, a cardigan, a long-sleeve over a short-sleeve.
        case mid
        case outer, bottom, onepiece, shoes
    }

    /// The warmth points of a piece of this category at `thickness`: a step of thickness is a quarter more or less.
    public func warmth(thickness: Int) -> Double {
        insulation * max(0.25, 1 + 0.25 * Double(thickness - self.thickness))
    }

    public func displayName(_ language: Language) -> String { language == .ko ? ko : en }

    /// The noun a generated name ends in: ``noun``, else the name in lower case; in Korean the Korean one.
    public func noun(_ language: Language) -> String {
        language == .ko ? noun?.ko ?? ko : noun?.en ?? en.lowercased()
    }

    /// A short name for a card's line: "knit", "jacket", "T-shirt" (``short``, else the name in lower case);
    /// in Korean the Korean one.
    public func shortName(_ language: Language) -> String {
        language == .ko ? short?.ko ?? ko : short?.en ?? en.lowercased()
    }
}

/// The display language of names.
public enum Language: String, Codable, CaseIterable, Sendable {
    case en, ko

    /// The language the locale asks for, as gettext reads it: `LC_ALL`, else `LC_MESSAGES`, else `LANG`
    /// (`ko_KR.UTF-8` → Korean); English otherwise.
    public static func fromLocale(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        return locale.lowercased().hasPrefix("ko") ? .ko : .en
    }
}

/// The groups and categories closet knows, loaded once from `Resources/taxonomy.json`.
public struct Taxonomy: Sendable {
    public let groups: [CategoryGroup]
    public let categories: [Category]
    private let byID: [CategoryID: Category]

    /// The shipped taxonomy.
    public static let shared: Taxonomy = {
        do { return try Taxonomy(json: ClosetResources.taxonomyJSON) } catch {
            fatalError("the embedded taxonomy.json is invalid: \(error)")
        }
    }()

    public init(json: Data) throws {
        struct File: Decodable { let groups: [CategoryGroup]; let categories: [Category] }
        let file = try JSONDecoder().decode(File.self, from: json)
        groups = file.groups
        categories = file.categories
        byID = Dictionary(uniqueKeysWithValues: file.categories.map { ($0.id, $0) })
        let groupIDs = Set(groups.map(\.id))
        for category in categories where !groupIDs.contains(category.group) {
            throw ClosetError.badData("taxonomy: category \(category.id) names unknown group \(category.group)")
        }
    }

    public func category(_ id: CategoryID) -> Category? { byID[id] }

    public func group(_ id: GroupID) -> CategoryGroup? { groups.first { $0.id == id } }

    public func categories(inGroup group: GroupID) -> [Category] { categories.filter { $0.group == group } }

    /// Looks a category up by id as typed or read from data, case-insensitively, or throws a usage error that
    /// names it (escaped, at most 40 characters) and lists the valid ids.
    public func require(category id: String) throws -> Category {
        if let exact = byID[CategoryID(id)] { return exact }
        if let match = categories.first(where: { $0.id.rawValue.lowercased() == id.lowercased() }) { return match }
        throw ClosetError.usage(
            "unknown category '\(SafeText.escaped(String(id.prefix(40))))'. Valid categories: "
                + categories.map(\.id.rawValue).joined(separator: ", "))
    }

    /// Looks a group up by id, or throws a usage error that lists the valid ids.
    public func require(group id: String) throws -> CategoryGroup {
        if let match = groups.first(where: { $0.id.rawValue == id.lowercased() }) { return match }
        throw ClosetError.usage(
            "unknown group '\(SafeText.escaped(String(id.prefix(40))))'. Valid groups: "
                + groups.map(\.id.rawValue).joined(separator: ", "))
    }
}
