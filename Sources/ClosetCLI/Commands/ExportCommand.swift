import ArgumentParser
import ClosetKit
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: Output.helpText("Back up the wardrobe to one .closet file, or export it as JSON (everything) or CSV (items)."),
        discussion: """
            `closet export -o backup.closet` writes one file with the items, outfits, wear log, settings and every \
            original photo; `closet restore backup.closet` brings all of it back. JSON and CSV are for other programs.
            """)

    @OptionGroup var wardrobe: WardrobeOptions
    @Option(help: "closet (one-file backup, with the photos), json or csv; -o FILE.closet implies closet.") var format: String?
    @Option(help: "Also copy the photo files into this folder.") var photos: String?
    @Option(
        name: .shortAndLong,
        help: "Write to this file instead of stdout (it replaces only an earlier closet backup or export); - is stdout.")
    var output: String?

    func run() throws {
        let store = try wardrobe.open(mode: .read)
        let file = output == "-" ? nil : output
        let format = (self.format ?? (file?.lowercased().hasSuffix(".closet") == true ? "closet" : "json")).lowercased()
        // Before anything is written: an export replaces only closet's own files, and stays out of the wardrobe.
        if let file { try ExportTarget.checkFile(URL(fileURLWithPath: file), wardrobe: store.folder) }
        if let photos { try ExportTarget.checkOutside(URL(fileURLWithPath: photos), wardrobe: store.folder) }
        if format == "closet" {
            guard output != nil else {
                throw ClosetError.usage("a .closet backup is a file: give it a name with -o backup.closet (or -o - for stdout)")
            }
            if photos != nil { throw ClosetError.usage("a .closet backup holds the photos itself: leave out --photos") }
            guard let file else { return try backupToStdout(store) }
            let written = try store.writeBackup(to: URL(fileURLWithPath: file))
            Output.note(
                "Wrote \(Words.count(written.items, "item")) and \(Words.count(written.photos, "photo")) "
                    + "(\(Self.size(written.bytes))) to \(file). `closet restore \(file)` brings them back.")
            return
        }
        // JSON is streamed (compact) as it is written; CSV is built first.
        let text: String?
        switch format {
        case "json": text = nil
        case "csv": text = try store.exportCSV()
        default: throw ClosetError.usage("unknown format '\(format)': use closet, json or csv")
        }
        var photoFiles = 0, photoBytes = 0
        if let photos {
            let counted = try store.exportPhotos(to: URL(fileURLWithPath: photos))
            (photoFiles, photoBytes) = (counted.files, counted.bytes)
        } else if format == "json", try store.photoCount() > 0 {
            Output.note(
                "warning: the photos are not in the JSON: restoring from it alone cannot bring them back; "
                    + "add --photos DIR, or back up everything in one file with -o backup.closet")
        }
        let items = try store.itemCount()
        let summary =
            "Wrote \(Words.count(items, "item"))"
            + (photos.map { " and \(Words.count(photoFiles, "photo")) (\(photoBytes / 1024) KB) to \($0)" } ?? "")
        guard let file else {
            if let text { try Output.write(Data(text.utf8)) } else { _ = try store.exportJSON { try Output.write($0) } }
            Output.note(summary + ".")
            return
        }
        var bytes = text?.utf8.count ?? 0
        try store.writeExportFile(to: URL(fileURLWithPath: file)) { handle in
            if let text {
                do { try handle.write(contentsOf: Data(text.utf8)) } catch {
                    throw ClosetError.io("cannot write \(file): \(error.localizedDescription)")
                }
            } else {
                bytes = try store.exportJSON(to: handle, name: file)
            }
        }
        Output.note(summary + ", \(bytes / 1024) KB of \(format.uppercased()) to \(file).")
    }

    /// `export --format closet -o -`: the backup streams to stdout (as `tar -cf -` does), never to a terminal.
    func backupToStdout(_ store: Wardrobe) throws {
        guard !Output.stdoutIsTerminal else {
            throw ClosetError.usage("a .closet backup is binary and stdout is a terminal: redirect it to a file or a program")
        }
        try Output.finishStdout()
        let written = try store.writeBackup(
            into: FileHandle(fileDescriptor: CLIContext.current.stdout.descriptor, closeOnDealloc: false), name: "to standard output")
        Output.note(
            "Wrote \(Words.count(written.items, "item")) and \(Words.count(written.photos, "photo")) (\(Self.size(written.bytes))) to stdout."
        )
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 10 << 20 ? "\(bytes >> 20) MB" : bytes >= 10 << 10 ? "\(bytes >> 10) KB" : Words.count(bytes, "byte")
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: Output.helpText("Restore a backup or an export into an empty wardrobe: all of it, or nothing."))

    @OptionGroup var wardrobe: WardrobeOptions
    @Option(help: "The folder holding the exported photo files (for a JSON export).") var photos: String?
    @Argument(help: "A .closet backup, or a JSON or CSV file written by `closet export`.") var file: String

    func run() throws {
        // Only a regular file of closet's own is read: a FIFO or device is refused at once, an empty or
        // zero-filled file or someone else's tar with words, before the wardrobe is opened.
        let url = URL(fileURLWithPath: file)
        let kind = try RestoreSource.kind(of: url)
        // A wardrobe whose database was lost but whose photos remain may be restored into.
        if kind == .backup {
            if photos != nil { throw ClosetError.usage("a .closet backup holds its photos: leave out --photos") }
            let store = try wardrobe.open(mode: .recover)
            let restored = try store.restoreBackup(from: url, photoCheck: .imaging)
            Output.note(
                "Restored \(Words.count(restored.items, "item")) and \(Words.count(restored.photos, "photo")) into \(store.folder.path).")
            Self.noteDamagedMasks(restored.damagedMasks)
            return
        }
        let store = try wardrobe.open(mode: .recover)
        if kind == .json {
            // Read as a stream: a large export costs no more memory than a small one.
            Self.noteDamagedMasks(
                try store.restore(jsonAt: url, photoFolder: photos.map { URL(fileURLWithPath: $0) }, photoCheck: .imaging).damagedMasks)
        } else {
            let data: Data
            do {
                let handle = try RestoreSource.open(url)
                defer { try? handle.close() }
                data = try handle.readToEnd() ?? Data()
            } catch let error as ClosetError { throw error } catch {
                throw ClosetError.io("cannot read \(file): \(error.localizedDescription)")
            }
            guard let text = String(data: data, encoding: .utf8) else { throw ClosetError.badData("\(file) is not UTF-8 text") }
            try store.restoreCSV(text)
        }
        Output.note("Restored \(Words.count(try store.itemCount(), "item")) into \(store.folder.path).")
    }

    /// Masks are made again from the photos: a damaged one in the backup is left out, and said so.
    static func noteDamagedMasks(_ count: Int) {
        guard count > 0 else { return }
        Output.note(
            Output.format("{0} damaged cut-out masks were left out; `closet cutout --all` makes them again from the photos", "\(count)"))
    }
}
