import Foundation

/// Every error closet's library reports. Like GRDB's `DatabaseError`, it carries data (the id, the path,
/// the day) rather than finished advice: ``message`` says what happened in plain words, and each front end
/// adds its own remedy and exit status (the CLI names a command, the TUI a key). ``kind`` says which sort of
/// failure it is, as a sysexits(3) class.
public enum ClosetError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// No item has this id (it never had, or it was deleted).
    case itemNotFound(Int64)
    /// No saved outfit has this id.
    case outfitNotFound(Int64)
    /// The item has no wear of its own logged on that day.
    case noWearLogged(item: Int64, day: String)
    /// A wear is a day's: the item was already logged as worn that day.
    case alreadyWorn(item: Int64, day: String)
    /// The wardrobe's folder is a file.
    case wardrobeIsAFile(path: String)
    /// The wardrobe's database file is not an SQLite database.
    case notAWardrobe(path: String)
    /// The database is missing or empty while the photo store holds photos: nothing is started over them.
    case databaseLost(path: String, empty: Bool, photos: Int)
    /// SQLite's integrity check failed: nothing is written into the wardrobe.
    case damaged(path: String, problem: String)
    /// A folder or file of the photo store is a symbolic link: closet never follows one.
    case symbolicLink(path: String)
    /// A setting stored in the wardrobe (the profile, the laundry rules) does not read: it is left as it is.
    case damagedSetting(key: String, problem: String)
    /// A backup's item needs a photo that is neither in the wardrobe nor beside the backup.
    case photoNotInBackup(name: String)
    /// A photo's stored garment mask does not read (not a grey PNG, a size out of bounds, an unknown state): it is
    /// never used; the background pass or `doctor` makes it again from the photo.
    case damagedMask(photo: String, problem: String)
    /// Restoring needs an empty wardrobe.
    case wardrobeNotEmpty(path: String)
    /// A photo needs a category and no classifier is installed to guess one.
    case noClassifier(file: String)
    /// A photo file closet cannot read: not a JPEG or PNG, truncated or corrupt, too large.
    case unreadablePhoto(file: String, reason: String)
    /// Bad usage: a value out of range, a name that is not allowed (EX_USAGE).
    case usage(String)
    /// Input data that is wrong: not an image, bad JSON, a corrupt database (EX_DATAERR).
    case badData(String)
    /// A file that does not exist (EX_NOINPUT).
    case noInput(String)
    /// A file or folder that cannot be created (EX_CANTCREAT).
    case cannotCreate(String)
    /// A read or write that failed, a locked database (EX_IOERR).
    case io(String)
    /// A wardrobe written by a newer closet (EX_CONFIG).
    case config(String)

    /// The sysexits(3) classes of failure.
    public enum Kind: Equatable, Sendable { case usage, badData, noInput, cannotCreate, io, config }

    public var kind: Kind {
        switch self {
        case .usage, .noClassifier, .wardrobeNotEmpty, .alreadyWorn: .usage
        case .badData, .notAWardrobe, .databaseLost, .damaged, .damagedSetting, .damagedMask, .symbolicLink,
            .unreadablePhoto:
            .badData
        case .noInput, .itemNotFound, .outfitNotFound, .noWearLogged, .photoNotInBackup: .noInput
        case .cannotCreate, .wardrobeIsAFile: .cannotCreate
        case .io: .io
        case .config: .config
        }
    }

    /// What happened, in words that name no command or key (front ends add their own remedy).
    public var message: String { message(.en) }

    /// What happened, in `language` (the free-form cases carry their words already).
    public func message(_ language: Language) -> String {
        if language != .en {
            switch self {
            case .itemNotFound(let id): return Strings.format("no item with id {0}", language, "\(id)")
            case .outfitNotFound(let id): return Strings.format("no outfit with id {0}", language, "\(id)")
            case .noWearLogged(let item, let day): return Strings.format("item {0} has no wear logged on {1}", language, "\(item)", day)
            case .alreadyWorn(let item, let day):
                return Strings.format("item {0} is already logged as worn on {1}", language, "\(item)", day)
            case .noClassifier(let file):
                return Strings.format("{0}: no classifier model is installed to guess the category", language, file)
            default: break
            }
        }
        return switch self {
        case .itemNotFound(let id): "no item with id \(id)"
        case .outfitNotFound(let id): "no outfit with id \(id)"
        case .noWearLogged(let item, let day): "item \(item) has no wear logged on \(day)"
        case .alreadyWorn(let item, let day): "item \(item) is already logged as worn on \(day)"
        case .wardrobeIsAFile(let path): "\(path) is a file, not a wardrobe folder"
        case .notAWardrobe(let path): "\(path) is not a closet wardrobe (not an SQLite database); it was left untouched"
        case .databaseLost(let path, let empty, let photos):
            "\(path) is \(empty ? "empty" : "missing"), but the wardrobe holds \(Words.count(photos, "photo")): "
                + "closet will not start an empty wardrobe over them, and nothing was changed"
        case .damaged(let path, let problem): "the wardrobe \(path) is damaged (\(SafeText.escaped(problem))); nothing was written"
        case .damagedSetting(let key, let problem):
            "the wardrobe's saved \(key == "profile" ? "profile" : "setting '\(key)'") is damaged (\(problem)); it was left as it is"
        case .damagedMask(let photo, let problem):
            "the stored mask of photo \(SafeText.escaped(photo)) is damaged (\(SafeText.escaped(problem))); it is not used"
        case .symbolicLink(let path): "\(path) is a symbolic link: closet never follows links out of the wardrobe"
        case .photoNotInBackup(let name): "photo \(name) is neither in the wardrobe nor in the backup"
        case .wardrobeNotEmpty(let path): "restore needs an empty wardrobe, and \(path) has items"
        case .noClassifier(let file): "\(file): \(Self.noClassifierReason)"
        case .unreadablePhoto(let file, let reason): "\(file): \(reason)"
        case .usage(let m), .badData(let m), .noInput(let m), .cannotCreate(let m), .io(let m), .config(let m): m
        }
    }

    /// What happened to a file, without the file: for a listing that names each file itself (an import's
    /// failures). The message of any other error.
    public var reason: String {
        switch self {
        case .noClassifier: Self.noClassifierReason
        case .unreadablePhoto(_, let reason): reason
        default: message
        }
    }

    static let noClassifierReason = "no classifier model is installed to guess the category"

    public var description: String { message }
    public var errorDescription: String? { message }
}
