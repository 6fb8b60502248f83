import Foundation

/// Every error closet reports to a person. Each carries a message that names the file or id
/// and says what to do, and maps to a sysexits(3) exit code.
public enum ClosetError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// Bad command-line usage (EX_USAGE, 64).
    case usage(String)
    /// Input data that is wrong: not an image, bad JSON, a corrupt database (EX_DATAERR, 65).
    case badData(String)
    /// A file or id that does not exist (EX_NOINPUT, 66).
    case noInput(String)
    /// A file or folder that cannot be created (EX_CANTCREAT, 73).
    case cannotCreate(String)
    /// A read or write that failed, a locked database (EX_IOERR, 74).
    case io(String)
    /// A wardrobe written by a newer closet (EX_CONFIG, 78).
    case config(String)

    public var exitCode: Int32 {
        switch self {
        case .usage: 64
        case .badData: 65
        case .noInput: 66
        case .cannotCreate: 73
        case .io: 74
        case .config: 78
        }
    }

    public var message: String {
        switch self {
        case .usage(let m), .badData(let m), .noInput(let m), .cannotCreate(let m), .io(let m), .config(let m): m
        }
    }

    public var description: String { message }
    public var errorDescription: String? { message }
}
