import ArgumentParser
import ClosetKit
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export the wardrobe as JSON (everything) or CSV (items).")

    @OptionGroup var wardrobe: WardrobeOptions
    @Option(help: "json or csv.") var format: String = "json"
    @Option(help: "Also copy the photo files into this folder.") var photos: String?
    @Option(name: .shortAndLong, help: "Write to this file instead of stdout.") var output: String?

    func run() throws {
        let store = try wardrobe.open()
        let text: String
        switch format.lowercased() {
        case "json":
            let encoder = JSONEncoder.closet
            encoder.outputFormatting.insert(.prettyPrinted)
            text = String(decoding: try encoder.encode(store.archive()), as: UTF8.self) + "\n"
        case "csv": text = try store.exportCSV()
        default: throw ClosetError.usage("unknown format '\(format)': use json or csv")
        }
        var photoFiles = 0, photoBytes = 0
        if let photos {
            let counted = try store.exportPhotos(to: URL(fileURLWithPath: photos))
            (photoFiles, photoBytes) = (counted.files, counted.bytes)
        } else if format.lowercased() == "json", try store.photoCount() > 0 {
            Output.note("warning: the photos are not in the JSON: restoring from it alone cannot bring them back; add --photos DIR")
        }
        let items = try store.itemCount()
        let summary = "Wrote \(Words.count(items, "item"))" + (photos.map { " and \(Words.count(photoFiles, "photo")) (\(photoBytes / 1024) KB) to \($0)" } ?? "")
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            Output.note(summary + ".")
            return
        }
        let target = URL(fileURLWithPath: output)
        let temp = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tmp")
        do {
            try Data(text.utf8).write(to: temp)
            guard rename(temp.path, target.path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw ClosetError.cannotCreate("cannot write \(output): \(error.localizedDescription)")
        }
        Output.note(summary + ", \(text.utf8.count / 1024) KB of \(format.uppercased()) to \(output).")
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Restore an export into an empty wardrobe.")

    @OptionGroup var wardrobe: WardrobeOptions
    @Option(help: "The folder holding the exported photo files.") var photos: String?
    @Argument(help: "A JSON or CSV file written by `closet export`.") var file: String

    func run() throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDir) else {
            throw ClosetError.noInput("\(file) does not exist: check the path")
        }
        guard !isDir.boolValue else { throw ClosetError.usage("\(file) is a folder: give the exported .json or .csv file") }
        guard let data = FileManager.default.contents(atPath: file) else { throw ClosetError.io("cannot read \(file)") }
        // A wardrobe whose database was lost but whose photos remain may be restored into.
        let store = try wardrobe.open(mode: .recover)
        let first = data.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        if first == UInt8(ascii: "{") {
            let archive: WardrobeArchive
            do { archive = try JSONDecoder().decode(WardrobeArchive.self, from: data) } catch {
                throw ClosetError.badData("\(file) is not a closet JSON export: \(error.localizedDescription)")
            }
            try store.restore(archive, photoFolder: photos.map { URL(fileURLWithPath: $0) })
        } else {
            guard let text = String(data: data, encoding: .utf8) else { throw ClosetError.badData("\(file) is not UTF-8 text") }
            try store.restoreCSV(text)
        }
        Output.note("Restored \(Words.count(try store.itemCount(), "item")) into \(store.folder.path).")
    }
}
