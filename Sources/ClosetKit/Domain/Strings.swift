import ClosetResources
import Foundation

/// The words closet shows, in the person's language. As in Swift's string catalogs, the English text is the
/// key: code writes English, and `Resources/strings.json` gives each text in the other languages (a test
/// fails when a text the screens use has no Korean). Colour names come from `palette.json`'s `ko`.
public enum Strings {
    struct File: Decodable {
        let strings: [String: [String: String]]
    }

    struct Palette: Decodable {
        struct Colour: Decodable {
            let name: String
            let ko: String?
        }
        let colors: [Colour]
    }

    static let table: [String: [String: String]] = {
        do { return try JSONDecoder().decode(File.self, from: ClosetResources.stringsJSON).strings } catch {
            fatalError("the embedded strings.json is invalid: \(error)")
        }
    }()

    static let colours: [String: String] = {
        let palette = (try? JSONDecoder().decode(Palette.self, from: ClosetResources.paletteJSON))?.colors ?? []
        return Dictionary(palette.compactMap { c in c.ko.map { (c.name, $0) } }) { a, _ in a }
    }()

    /// `english` in `language`; English itself when the catalog has no entry.
    public static func text(_ english: String, _ language: Language) -> String {
        guard language != .en else { return english }
        return table[english]?[language.rawValue] ?? english
    }

    /// `english` in `language` with `{0}`, `{1}`, … replaced by `arguments` (word order differs between languages).
    public static func format(_ english: String, _ language: Language, _ arguments: String...) -> String {
        format(english, language, arguments: arguments)
    }

    /// `format` with the arguments in an array. One pass over the text: an argument is never searched again,
    /// so a name that holds "{1}" stays as typed. A placeholder with no argument stays as written.
    public static func format(_ english: String, _ language: Language, arguments: [String]) -> String {
        let template = text(english, language)
        var out = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let digits = rest[rest.index(after: open)...].prefix { $0.isASCII && $0.isNumber }
            if digits.count <= 4, digits.endIndex < rest.endIndex, rest[digits.endIndex] == "}", let n = Int(digits),
                arguments.indices.contains(n)
            {
                out += arguments[n]
                rest = rest[rest.index(after: digits.endIndex)...]
            } else {
                out.append("{")
                rest = rest[rest.index(after: open)...]
            }
        }
        return out + rest
    }

    /// Whether the catalog has `english` in `language` (English always has it).
    public static func has(_ english: String, _ language: Language) -> Bool {
        language == .en || table[english]?[language.rawValue]?.isEmpty == false
    }

    /// Every English text the catalog holds.
    public static var keys: [String] { Array(table.keys) }

    /// A palette colour's name in `language` (as stored, in English, when unknown).
    public static func colour(_ name: String, _ language: Language) -> String {
        language == .ko ? colours[name.lowercased()] ?? name : name
    }

    /// The palette colours' Korean names, by English name.
    public static var colourNames: [String: String] { colours }
}
