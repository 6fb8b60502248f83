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
    @Argument(help: "Photo files and folders.") var paths: [String]

    func run() throws {
        let files = try FileCollector.collect(paths)
        if files.isEmpty { throw ClosetError.noInput("no .jpg, .jpeg or .png files in \(paths.joined(separator: ", "))") }
        if !yes, !json, files.count > 50, Output.stdinIsTerminal {
            FileHandle.standardError.write(Data("Import \(files.count) photos? [Y/n] ".utf8))
            if let answer = readLine(), ["n", "no"].contains(answer.lowercased()) { return }
        }
        let store = try wardrobe.open()
        let classifier = try ModelLoader.refreshEmbeddings(
            store, with: try ModelLoader.classifierIfInstalled(required: item.category == nil))
        let importer = try PhotoImporter(wardrobe: store, classifier: classifier)
        let bar = Output.stderrIsTerminal && !json ? ProgressBar(total: files.count) : nil
        let report = importer.importFiles(files, template: try item.template(status: .active)) { done, _ in bar?.update(done) }
        bar?.finish()
        if json {
            try Output.jsonObject(report.json)
        } else {
            let review = report.imported.filter { $0.1.needsReview }.count
            print(
                Output.format(
                    "Imported {0}, duplicates {1}, failed {2}", "\(report.imported.count)", "\(report.duplicates.count)",
                    "\(report.failed.count)")
                    + (review > 0 ? Output.format(", {0} to review (`closet list --review`)", "\(review)") : "") + ".")
            for (file, error) in report.failed { print("  " + Output.format("failed: {0}: {1}", file.path, "\(error)")) }
        }
        if !report.failed.isEmpty { throw ExitCode(65) }
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
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() { FileHandle.standardError.write(Data("\n".utf8)) }
}
