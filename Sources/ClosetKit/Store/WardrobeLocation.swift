import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where a wardrobe lives: `--wardrobe DIR`, else `$CLOSET_HOME`, else `$XDG_DATA_HOME/closet`, else
/// `$HOME/.local/share/closet`.
///
/// Only a folder typed on the command line may be relative (to the current folder: the person's explicit wish).
/// As the XDG Base Directory rule says, a relative `XDG_DATA_HOME` is ignored; a relative `CLOSET_HOME` is
/// refused, since the wardrobe it means depends on the folder closet happens to start in. An empty or relative
/// `HOME` (`env -i`, a service) gives way to the password database's home, and without one closet refuses
/// rather than make a wardrobe in the current folder.
public enum WardrobeLocation {
    public static func resolve(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        passwordHome: () -> String? = WardrobeLocation.passwordHome
    ) throws -> URL {
        if let explicit, !explicit.isEmpty { return URL(fileURLWithPath: explicit, isDirectory: true) }
        if let home = environment["CLOSET_HOME"], !home.isEmpty {
            guard home.hasPrefix("/") else {
                throw ClosetError.config(
                    "CLOSET_HOME is '\(SafeText.escaped(String(home.prefix(200))))', a relative path: the wardrobe would "
                        + "depend on the folder closet starts in, so nothing was opened or made")
            }
            return URL(fileURLWithPath: home, isDirectory: true)
        }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("closet", isDirectory: true)
        }
        let home: String
        if let fromEnvironment = environment["HOME"], fromEnvironment.hasPrefix("/") {
            home = fromEnvironment
        } else if let fromDatabase = passwordHome(), fromDatabase.hasPrefix("/") {
            home = fromDatabase
        } else {
            let shown = environment["HOME"].map { $0.isEmpty ? "empty" : "'\(SafeText.escaped(String($0.prefix(200))))', not absolute" }
            throw ClosetError.config(
                "closet cannot tell where your home folder is (HOME is \(shown ?? "not set"), and the password "
                    + "database gives none), so it made no wardrobe in the current folder")
        }
        return URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".local/share/closet", isDirectory: true)
    }

    /// The home folder the password database gives this user, if any.
    public static func passwordHome() -> String? {
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
        let home = String(cString: directory)
        return home.isEmpty ? nil : home
    }
}
