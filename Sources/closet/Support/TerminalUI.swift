import ClosetKit
import Foundation

/// Opens the terminal UI (`closet` with no arguments).
enum TerminalUI {
    static func run(wardrobe: WardrobeOptions) throws {
        print(Closet.helpMessage())
    }
}
