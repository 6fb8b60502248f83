import ClosetKit
import Weather

/// The CLI's words for the library's errors: the library says what happened, the CLI adds which command
/// or flag helps, and turns the error's kind into a sysexits(3) status.
extension ClosetError {
    var exitCode: Int32 {
        switch kind {
        case .usage: 64
        case .badData: 65
        case .noInput: 66
        case .cannotCreate: 73
        case .io: 74
        case .config: 78
        }
    }

    /// The message with the command-line remedy, in the language closet speaks (`Output.language`).
    var cliMessage: String { cliMessage(Output.language) }

    /// The message with the command-line remedy, in `language`.
    func cliMessage(_ language: Language) -> String {
        let message = message(language)
        func t(_ english: String) -> String { Strings.text(english, language) }
        return switch self {
        case .itemNotFound: message + t(": `closet list` shows the ids")
        case .outfitNotFound: message + t(": `closet outfit list` shows the ids")
        case .noWearLogged(let item, _): message + Strings.format(": `closet show {0}` says when it was last worn", language, "\(item)")
        case .alreadyWorn(let item, let day):
            message + Strings.format(": `closet wear --undo --date {1} {0}` takes it back", language, "\(item)", day)
        case .wardrobeIsAFile: message + ": choose another --wardrobe"
        case .notAWardrobe: message + ". Move it away or choose another --wardrobe"
        case .databaseLost:
            message + ". To recover, put back wardrobe.sqlite from a backup, or run `closet restore BACKUP` "
                + "or `closet doctor --rebuild` on this wardrobe (it makes items again from the photos)"
        case .damaged: message + ". Run `closet doctor` to see and repair it"
        case .damagedSetting:
            message + ". `closet profile --reset` starts it again from the defaults (it prints the damaged text first, to keep)"
        case .symbolicLink: message + ". Run `closet doctor`"
        case .damagedMask: message + ". `closet doctor --fix` makes it again from the photo"
        case .photoNotInBackup: message + ": restore a .closet backup, or pass --photos DIR with the exported photos"
        case .wardrobeNotEmpty: message + ": choose a new --wardrobe"
        case .noClassifier: message + t(": give the category with --category")
        case .usage, .badData, .noInput, .cannotCreate, .io, .config, .unreadablePhoto: message
        }
    }
}

/// The CLI's words for a missing weather: which flags give one.
extension WeatherError {
    var cliMessage: String {
        switch cause {
        case .noSource:
            description + ": give --temp (and --feels, --min, --max, --rain, --wind), or set a place with "
                + "`closet profile --city NAME` or `--lat L --lon L`"
        case .noForecast: description + ": give --temp, or fetch one with --online"
        case .unreachable: description + ": check the connection, or give --temp"
        case .invalid: description
        }
    }
}
