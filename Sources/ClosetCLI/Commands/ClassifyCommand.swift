import ArgumentParser
import Classifier
import ClosetKit
import Foundation
import Imaging
import Importer

struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify", abstract: Output.helpText("Guess the category of photos (nothing is stored)."))

    @OptionGroup var wardrobe: WardrobeOptions
    @Flag(help: "One JSON object per line.") var json = false
    @Flag(name: .customLong("no-personal"), help: "Use the model alone, not your confirmed items.") var modelOnly = false
    @Argument(help: "Photo files.") var photos: [String]

    func run() throws {
        let classifier = try ModelLoader.classifier()
        var index = KNNIndex()
        if !modelOnly, FileManager.default.fileExists(atPath: try wardrobe.folder.appendingPathComponent(Wardrobe.databaseFileName).path) {
            let store = try wardrobe.open()
            try ModelLoader.refreshEmbeddings(store, with: classifier)
            index = try WardrobeIndex(wardrobe: store, model: classifier.embeddingModel, confirmedOnly: true).personal
        }
        var failures = 0
        for argument in photos {
            let file = FileCollector.url(argument: argument)
            // The path as typed, or, where it is not UTF-8, with those bytes as \xNN.
            let path = file.pathIsText ? argument : ImportReport.path(file)
            do {
                // Read as import reads: a regular file only (a FIFO is refused, never waited on), 64 MB at most,
                // the path's own bytes; decoded within the same bounds on scans and memory.
                let data = try ImageDecoder().read(file: file)
                let prediction = Personalizer().combine(try classifier.classify(photo: data), with: index)
                let group = Taxonomy.shared.category(prediction.category)?.group ?? ""
                // The kind within the class's span a fine-kind head is sure of (coat, jeans), or the span to ask about.
                let kind = prediction.kind.map { String(format: "%@ %.0f%%", $0.category, $0.probability * 100) }
                let span = prediction.span.count > 1 ? prediction.span : []
                if json {
                    try Output.json(ClassifyJSON.Photo(file: path, prediction: prediction, group: group, span: span))
                } else {
                    let top = prediction.top.map { String(format: "%@ %.0f%%", $0.category, $0.probability * 100) }.joined(separator: ", ")
                    print(
                        "\(SafeText.escaped(path)): \(prediction.category) (\(group)), \(String(format: "%.0f%%", prediction.confidence * 100)) sure — \(top)"
                            + (kind.map { "; kind: \($0)" } ?? (span.isEmpty ? "" : "; kind: ask (\(span.joined(separator: ", ")))")))
                }
            } catch {
                failures += 1
                let message = (error as? ClosetError)?.message ?? (error as? ImagingError)?.description ?? "\(error)"
                if json {
                    try Output.json(ClassifyJSON.Failure(file: path, error: message))
                } else {
                    Output.error(SafeText.escaped("\(path): \(message)"))
                }
            }
        }
        if failures > 0 { throw ExitCode(65) }
    }
}

struct SimilarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar", abstract: Output.helpText("List the items that look most like one item."))

    @OptionGroup var wardrobe: WardrobeOptions
    @Option(help: "How many.") var count = 5
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "The item id.") var id: Int64

    func run() throws {
        let store = try wardrobe.open()
        let item = try store.item(id)
        // With a classifier installed, the vectors of one model only (computed again where another made them).
        let all = try WardrobeIndex(wardrobe: store, model: try ModelLoader.refreshEmbeddingsIfStale(store))
        guard let mine = all.everything.examples.first(where: { $0.id == id })?.embedding else {
            throw ClosetError.noInput("item \(id) has no photo embedding (it was added without a photo or without the classifier)")
        }
        let nearest = all.everything.nearest(mine, k: count, excluding: id)
        let names = all.names
        if json {
            try Output.jsonObject(
                nearest.map {
                    [
                        "id": $0.example.id, "category": $0.example.category, "similarity": Double($0.similarity),
                        "name": names[$0.example.id] ?? "",
                    ] as [String: Any]
                })
            return
        }
        print("Most like \(id) \"\(item.displayName(Output.language))\":")
        for n in nearest {
            print(
                Output.column(String(n.example.id), 6) + Output.column(n.example.category, 16)
                    + Output.column(names[n.example.id] ?? "", 28) + String(format: "%.0f%%", n.similarity * 100))
        }
    }
}

struct ConfirmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm", abstract: Output.helpText("Accept the classifier's category for items (they then teach it)."))

    @OptionGroup var wardrobe: WardrobeOptions
    @Option(help: "A corrected category for them (`closet categories` lists them).") var category: String?
    @Argument(help: "Item ids.") var ids: [Int64]

    func run() throws {
        let store = try wardrobe.open()
        for id in ids {
            try store.confirm(id, category: category)
            print(id)
        }
    }
}
