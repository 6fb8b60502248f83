import ArgumentParser
import ClosetKit
import Foundation
import Importer

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: Output.helpText("Import photos from files and folders (recursively)."))

    @OptionGroup var wardrobe: WardrobeOptions
    @OptionGroup var item: ItemOptions
    @Flag(help: "Print the outcome as JSON.") var json = false
    @Flag(name: [.short, .long], help: "Do not ask before importing many files.") var yes = false
    @Flag(
        help:
            "Keep damaged photos (part of the picture missing, shown grey) without asking; otherwise a terminal is asked and other runs refuse them."
    )
    var keepDamaged = false
    @Flag(
        help:
            "Also enter folders on other filesystems (mount points, links into /proc); by default each folder is walked on its own filesystem, as find -xdev does."
    )
    var crossFilesystems = false
    @Flag(
        help:
            "Do not cut out the garments after importing (the masks of the cut-outs are made later: `closet cutout --all`, or the TUI)."
    )
    var noCutouts = false
    @Argument(help: "Photo files and folders.") var paths: [String]

    func run() throws {
        let found = try FileCollector.gather(paths.map(FileCollector.url(argument:)), crossFilesystems: crossFilesystems)
        Self.noteLeftOut(found)
        let files = found.files
        if files.isEmpty {
            throw ClosetError.noInput(
                "no photo files (.jpg, .jpeg, .png, .heic, .heif, .avif, .webp) in \(paths.map { SafeText.escaped($0) }.joined(separator: ", "))"
            )
        }
        if !yes, !json, files.count > 50, Output.stdinIsTerminal {
            Output.stderr("Import \(files.count) photos? [Y/n] ")
            if let answer = CLIContext.readLine(), ["n", "no"].contains(answer.lowercased()) { return }
        }
        let store = try wardrobe.open()
        let classifier = try ModelLoader.refreshEmbeddings(
            store, with: try ModelLoader.classifierIfInstalled(required: item.category == nil))
        let importer = try PhotoImporter(wardrobe: store, classifier: classifier)
        importer.keepsDamaged = keepDamaged ? { _, _ in true } : (!yes && !json && Output.stdinIsTerminal ? Self.askToKeep : nil)
        let bar = Output.stderrIsTerminal && !json ? ProgressBar(total: files.count) : nil
        let report = importer.importFiles(files, template: try item.template(status: .active)) { done, _ in bar?.update(done) }
        bar?.finish()
        // Import does not wait for the segmentation network: the cut-outs follow, once the photos are all stored.
        let cutsOut = !noCutouts && !report.imported.isEmpty
        if json {
            // The pass runs before the answer, which says what it did: a script's answer is whole when it is
            // printed, and the process ends with it.
            let outcome = cutsOut ? try MaskPass.run(store, quiet: true) : nil
            let cutouts = CutoutsJSON(outcome: outcome, imported: report.imported.count)
            try Output.jsonObject(report.json.merging(["cutouts": cutouts.object]) { $1 })
        } else {
            let review = report.imported.filter { $0.1.needsReview }.count
            print(
                Output.format(
                    "Imported {0}, duplicates {1}, failed {2}", "\(report.imported.count)", "\(report.duplicates.count)",
                    "\(report.failed.count)")
                    + (review > 0 ? Output.format(", {0} to review (`closet list --review`)", "\(review)") : "") + ".")
            for (file, error) in report.failed {
                print("  " + Output.format("failed: {0}: {1}", SafeText.escaped(bytes: file.filePathBytes), SafeText.escaped(error)))
            }
            for (file, warning) in report.warnings {
                print("  " + Output.format("warning: {0}: {1}", SafeText.escaped(bytes: file.filePathBytes), SafeText.escaped(warning)))
            }
            if !report.damaged.isEmpty {
                Output.note(Output.text("Damaged photos are kept only when asked: `closet import --keep-damaged FILE` keeps them."))
            }
            if cutsOut { try MaskPass.run(store, quiet: false) }
        }
        if !report.failed.isEmpty { throw ExitCode(65) }
    }
}

extension ImportCommand {
    /// Asks on the terminal whether to keep a damaged photo; no answer, or anything but yes, refuses it.
    static func askToKeep(_ file: URL, _ damage: String) -> Bool {
        let question = Output.format(
            "{0}: {1}. Keep it anyway? [y/N] ", SafeText.escaped(bytes: file.filePathBytes), SafeText.escaped(damage))
        Output.stderr("\n" + question)
        guard let answer = CLIContext.readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// Says which folders a walk did not enter, so that no photo is left out without a word.
    static func noteLeftOut(_ found: FileCollector.Collection) {
        func some(_ folders: [URL]) -> String {
            folders.prefix(3).map { SafeText.escaped(bytes: $0.filePathBytes) }.joined(separator: ", ") + (folders.count > 3 ? ", …" : "")
        }
        if !found.otherFilesystems.isEmpty {
            Output.note(
                Output.format(
                    "note: folders on another filesystem, not entered ({0} in all): {1}; --cross-filesystems enters them",
                    "\(found.otherFilesystems.count)", some(found.otherFilesystems)))
        }
        if !found.unreadable.isEmpty {
            Output.note(
                Output.format(
                    "note: folders that could not be read ({0} in all): {1}; check their permissions", "\(found.unreadable.count)",
                    some(found.unreadable)))
        }
    }
}

/// A one-line progress bar on stderr: count, rate and time left.
final class ProgressBar {
    let total: Int
    let start = Date()

    init(total: Int) { self.total = total }

    func update(_ done: Int) {
        let elapsed = max(Date().timeIntervalSince(start), 0.001)
        let rate = Double(done) / elapsed
        let left = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = String(format: "\r%@ %d/%d  %.1f/s  ETA %ds ", bar, done, total, rate, Int(left.rounded()))
        Output.stderr(line)
    }

    func finish() { Output.stderr("\n") }
}

/// A progress bar for a pass that learns its total with its first report: made then, drawn only on a terminal
/// and when `shown`. Give `report` to the pass, then call `finish()`.
final class LazyProgress {
    private var bar: ProgressBar?
    private let shown: Bool

    init(shown: Bool = true) { self.shown = shown && Output.stderrIsTerminal }

    func report(_ done: Int, _ total: Int) {
        guard shown else { return }
        if bar == nil { bar = ProgressBar(total: total) }
        bar?.update(done)
    }

    func finish() { bar?.finish() }
}
