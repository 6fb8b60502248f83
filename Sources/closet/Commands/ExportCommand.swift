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
    @Option(name: .shortAndLong, help: "Write to this file instead of stdout (it replaces only an earlier closet backup or export).")
    var output: String?

    func run() throws {
        let store = try wardrobe.open()
        let format = (self.format ?? (output?.lowercased().hasSuffix(".closet") == true ? "closet" : "json")).lowercased()
        // Before anything is written: an export replaces only closet's own files, and stays out of the wardrobe.
        if let output { try ExportTarget.checkFile(URL(fileURLWithPath: output), wardrobe: store.folder) }
        if let photos { try ExportTarget.checkOutside(URL(fileURLWithPath: photos), wardrobe: store.folder) }
        if format == "closet" {
            guard let output else { throw ClosetError.usage("a .closet backup is a file: give it a name with -o backup.closet") }
            if photos != nil { throw ClosetError.usage("a .closet backup holds the photos itself: leave out --photos") }
            let written = try store.writeBackup(to: URL(fileURLWithPath: output))
            Output.note(
                "Wrote \(Words.count(written.items, "item")) and \(Words.count(written.photos, "photo")) "
                    + "(\(Self.size(written.bytes))) to \(output). `closet restore \(output)` brings them back.")
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
        guard let output else {
            if let text {
                FileHandle.standardOutput.write(Data(text.utf8))
            } else {
                try store.exportJSON(to: .standardOutput, name: "stdout")
            }
            Output.note(summary + ".")
            return
        }
        let target = URL(fileURLWithPath: output)
        let temp = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tmp")
        var bytes = text?.utf8.count ?? 0
        do {
            if let text {
                try Data(text.utf8).write(to: temp)
            } else {
                guard FileManager.default.createFile(atPath: temp.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
                let handle = try FileHandle(forWritingTo: temp)
                defer { try? handle.close() }
                bytes = try store.exportJSON(to: handle, name: temp.path)
                try handle.synchronize()
            }
            guard rename(temp.path, target.path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw ClosetError.cannotCreate("cannot write \(output): \(error.localizedDescription)")
        }
        Output.note(summary + ", \(bytes / 1024) KB of \(format.uppercased()) to \(output).")
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
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDir) else {
            throw ClosetError.noInput("\(file) does not exist: check the path")
        }
        guard !isDir.boolValue else { throw ClosetError.usage("\(file) is a folder: give the exported .json or .csv file") }
        // A wardrobe whose database was lost but whose photos remain may be restored into.
        if Wardrobe.isBackup(URL(fileURLWithPath: file)) {
            if photos != nil { throw ClosetError.usage("a .closet backup holds its photos: leave out --photos") }
            let store = try wardrobe.open(mode: .recover)
            let restored = try store.restoreBackup(from: URL(fileURLWithPath: file))
            Output.note(
                "Restored \(Words.count(restored.items, "item")) and \(Words.count(restored.photos, "photo")) into \(store.folder.path).")
            return
        }
        guard let handle = FileHandle(forReadingAtPath: file) else { throw ClosetError.io("cannot read \(file)") }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        try? handle.close()
        let store = try wardrobe.open(mode: .recover)
        let first = head.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        if first == UInt8(ascii: "{") {
            // Read as a stream: a large export costs no more memory than a small one.
            try store.restore(jsonAt: URL(fileURLWithPath: file), photoFolder: photos.map { URL(fileURLWithPath: $0) })
        } else {
            guard let data = FileManager.default.contents(atPath: file) else { throw ClosetError.io("cannot read \(file)") }
            guard let text = String(data: data, encoding: .utf8) else { throw ClosetError.badData("\(file) is not UTF-8 text") }
            try store.restoreCSV(text)
        }
        Output.note("Restored \(Words.count(try store.itemCount(), "item")) into \(store.folder.path).")
    }
}
