import ArgumentParser
import ClosetKit
import Foundation

/// `--wardrobe DIR`, shared by every command.
struct WardrobeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The wardrobe folder (default: $CLOSET_HOME, else $XDG_DATA_HOME/closet).", valueName: "dir"))
    var wardrobe: String?

    /// The wardrobe's folder; an environment that names none usable is refused with what to do.
    var folder: URL {
        get throws {
            do { return try WardrobeLocation.resolve(explicit: wardrobe, environment: CLIContext.current.environment) } catch let error
                as ClosetError
            {
                throw ClosetError.config(error.message + ". Give --wardrobe DIR, or set CLOSET_HOME to an absolute folder")
            }
        }
    }

    /// Opens the wardrobe; from then on messages follow its profile's language. Commands that only read pass
    /// `.read`, so that they work on a full disk.
    func open(mode: Wardrobe.OpenMode = .normal) throws -> Wardrobe {
        let store = try Wardrobe(folder: try folder, mode: mode)
        if let language = (try? store.profile())?.effectiveLanguage(CLIContext.current.environment) { Output.language = language }
        return store
    }
}

/// How names are shown.
struct LanguageOption: ParsableArguments {
    @Option(name: .long, help: "Display language for category names: en or ko (else the profile's, else LANG's).")
    var lang: String?

    func resolve() throws -> Language {
        if let lang {
            guard let language = Language(rawValue: lang.lowercased()) else {
                throw ClosetError.usage("unknown language '\(lang)': use en or ko")
            }
            return language
        }
        // Opening a wardrobe set the language from its profile (else the locale's stands).
        return Output.language
    }
}
