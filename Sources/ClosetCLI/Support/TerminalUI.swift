import ClosetKit
import ClosetTUI
import Foundation
import Importer
import Segmenter

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
        // A broken model is left for the importer to report when the TUI imports, as before.
        do { _ = try ModelLoader.refreshEmbeddingsIfStale(wardrobe) } catch let error as ClosetError where error.kind == .badData {}
        let app = try TerminalApp(wardrobe: wardrobe) {
            try PhotoImporter(wardrobe: wardrobe, classifier: try ModelLoader.classifierIfInstalled(quiet: true))
        }
        app.makeMaskRefresh = {
            guard !wardrobe.isReadOnly, let first = try ModelLoader.segmenterIfInstalled() else { return nil }
            return MaskRefresh(wardrobe: wardrobe, segmenters: [first] + (try (1..<MaskPass.workers).map { _ in try first.another() }))
        }
        try app.run()
    }
}
