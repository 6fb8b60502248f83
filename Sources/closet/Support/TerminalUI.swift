import ClosetKit
import ClosetTUI
import Foundation
import Importer
import Inference

/// Opens the terminal UI (`closet` with no arguments); without a terminal it lists the commands.
enum TerminalUI {
    static func run(wardrobe options: WardrobeOptions) throws {
        guard Output.stdinIsTerminal && Output.stdoutIsTerminal else {
            print(Closet.helpMessage())
            return
        }
        let wardrobe = try options.open()
        // Embeddings another model made are computed again now, with a progress bar, before curses takes the
        // screen (the importer the TUI makes later compares only this model's).
        if let manifest = try? ModelLoader.installedManifest(), let name = try? ModelManifest.load(manifest),
            try !wardrobe.photosWithStaleEmbeddings(model: name.embeddingModel ?? name.name).isEmpty
        {
            try ModelLoader.refreshEmbeddings(wardrobe, with: try ModelLoader.classifierIfInstalled(quiet: true))
        }
        let app = try TerminalApp(wardrobe: wardrobe) {
            try PhotoImporter(wardrobe: wardrobe, classifier: try ModelLoader.classifierIfInstalled(quiet: true))
        }
        try app.run()
    }
}
