import Foundation

/// Where a wardrobe lives: `--wardrobe DIR`, else `$CLOSET_HOME`, else `$XDG_DATA_HOME/closet`,
/// else `~/.local/share/closet`.
public enum WardrobeLocation {
    public static func resolve(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    )
        -> URL
    {
        if let explicit, !explicit.isEmpty { return URL(fileURLWithPath: explicit, isDirectory: true) }
        if let home = environment["CLOSET_HOME"], !home.isEmpty { return URL(fileURLWithPath: home, isDirectory: true) }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("closet", isDirectory: true)
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home, isDirectory: true)
            .appendingPathComponent(".local/share/closet", isDirectory: true)
    }
}
