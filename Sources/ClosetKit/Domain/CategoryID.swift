/// An id from the taxonomy, as the database, the archives and the JSON output hold it: the plain string, typed by
/// what it names (`Tag`) so that a category is never taken for a group or any other word. Whether the taxonomy
/// knows it is checked where it enters (``Taxonomy/require(category:)``, ``NewItem/validate(taxonomy:)``, a restore).
public struct TaxonomyID<Tag>: RawRepresentable, Hashable, Comparable, Sendable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    /// Reads the plain string.
    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }

    /// Writes the plain string.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// What a ``CategoryID`` names.
public enum CategoryTag {}
/// What a ``GroupID`` names.
public enum GroupTag {}

/// A category's id (`shortSleeve`, `winterOuter`).
public typealias CategoryID = TaxonomyID<CategoryTag>
/// A group's id (`top`, `outer`, `shoes`).
public typealias GroupID = TaxonomyID<GroupTag>
