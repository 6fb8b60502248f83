import Foundation

/// The data files closet ships, embedded in the binary at build time so that a moved or
/// installed `closet` never loses them. Each accessor returns the file's bytes.
public enum ClosetResources {
    /// `taxonomy.json`: groups and categories with English/Korean names, warmth and seasons.
    public static var taxonomyJSON: Data { Data(PackageResources.taxonomy_json) }
    /// `palette.json`: the named colours that dominant colours are mapped onto.
    public static var paletteJSON: Data { Data(PackageResources.palette_json) }
    /// `strings.json`: the user-facing words in languages other than English, keyed by the English text.
    public static var stringsJSON: Data { Data(PackageResources.strings_json) }
}
