import ClosetKit
import ClosetTUI
import Foundation
import Importer

/// Opens the terminal UI (`closet` with no arguments); without a terminal it lists the commands.
enum TerminalUI {
    static func run(wardrobe options: WardrobeOptions) throws {
        guard Output.stdinIsTerminal && Output.stdoutIsTerminal else {
            print(Closet.helpMessage())
            return
        }
        let wardrobe = try options.open()
        let app = try TerminalApp(wardrobe: wardrobe) {
            try PhotoImporter(wardrobe: wardrobe, classifier: try ModelLoader.classifierIfInstalled(quiet: true))
        }
        try app.run()
    }
}
