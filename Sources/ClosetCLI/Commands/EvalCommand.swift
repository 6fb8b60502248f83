import ArgumentParser
import Classifier
import ClosetKit
import Foundation
import Imaging

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: Output.helpText("Evaluate the classifier, or the colours, on a labelled folder of photos."))

    @Option(
        help:
            "A CSV with image,label columns (with --colours: image,colours, every accepted colour ;-separated); image is DIR/<image> or DIR/<image>.jpg."
    ) var labels: String
    @Flag(help: "Evaluate the first colour named instead of the category.") var colours = false
    @Option(help: "With --colours: a folder of masks, <image>.png as closet cutout --mask writes them, each weighing its photo's pixels.")
    var masks: String?
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "The folder of photos.") var dir: String

    /// The photo `image` names in `folder` (as it is, or with .jpg), when `image` is a plain file name: a label
    /// file never leads outside the folder.
    static func photo(_ image: String, in folder: String) -> URL? {
        guard !image.isEmpty, image != ".", image != "..", !image.contains("/"), !image.contains("\0") else { return nil }
        let base = URL(fileURLWithPath: folder).appendingPathComponent(image)
        return FileManager.default.fileExists(atPath: base.path) ? base : base.appendingPathExtension("jpg")
    }

    func run() throws {
        guard let text = try? String(contentsOfFile: labels, encoding: .utf8) else {
            throw ClosetError.noInput("cannot read \(labels): check the path")
        }
        let records = try CSV.records(text)
        if colours { return try runColours(records) }
        guard let first = records.first, first["image"] != nil, first["label"] != nil else {
            throw ClosetError.badData("\(labels) needs the columns image and label")
        }
        let classifier = try ModelLoader.classifier()
        var evaluation = Evaluation()
        var skipped = 0, unreadable = 0
        let bar = Output.stderrIsTerminal && !json ? ProgressBar(total: records.count) : nil
        for (i, record) in records.enumerated() {
            defer { bar?.update(i + 1) }
            guard let label = record["label"], let image = record["image"],
                let truth = DatasetLabels.category(for: label, known: { Taxonomy.shared.category(CategoryID($0)) != nil })
            else { skipped += 1; continue }
            guard let url = Self.photo(image, in: dir), let data = FileManager.default.contents(atPath: url.path),
                let prediction = try? classifier.classify(photo: data)
            else {
                unreadable += 1; continue
            }
            evaluation.add(truth: truth, predicted: prediction.category, confidence: prediction.confidence)
        }
        bar?.finish()
        let per = evaluation.perCategory
        if json {
            try Output.jsonObject(
                [
                    "images": evaluation.pairs.count, "skipped": skipped, "unreadable": unreadable,
                    "accuracy": evaluation.accuracy, "accuracy_ten_largest": evaluation.accuracyTenLargest, "macro_f1": evaluation.macroF1,
                    "calibration_error": evaluation.calibrationError() ?? NSNull(),
                    "per_category": per.mapValues { ["precision": $0.precision, "recall": $0.recall, "f1": $0.f1, "support": $0.support] },
                    "confusion": evaluation.confusion,
                ] as [String: Any])
            return
        }
        print("\(evaluation.pairs.count) photos (\(skipped) left out by label, \(unreadable) unreadable)")
        print(
            String(
                format: "accuracy %.3f, over the ten largest categories %.3f, macro-F1 %.3f",
                evaluation.accuracy, evaluation.accuracyTenLargest, evaluation.macroF1))
        if let error = evaluation.calibrationError() {
            print(String(format: "calibration error %.3f (how far the confidence shown is from the share right, 15 bins)", error))
        }
        print(Output.column("category", 16) + "precision  recall  F1     n")
        for c in evaluation.categories where (per[c]?.support ?? 0) > 0 {
            let s = per[c]!
            print(Output.column(c, 16) + String(format: "%.3f      %.3f   %.3f  %d", s.precision, s.recall, s.f1, s.support))
        }
        let cats = evaluation.categories
        print("\nconfusion (rows: truth, columns: predicted)")
        print(Output.column("", 14) + cats.map { Output.column(String($0.prefix(6)), 7) }.joined())
        for t in cats where (per[t]?.support ?? 0) > 0 {
            print(Output.column(t, 14) + cats.map { Output.column(String(evaluation.confusion[t]?[$0] ?? 0), 7) }.joined())
        }
    }

    func runColours(_ records: [[String: String]]) throws {
        guard let first = records.first, first["image"] != nil, first["colours"] != nil else {
            throw ClosetError.badData("\(labels) needs the columns image and colours")
        }
        let bar = Output.stderrIsTerminal && !json ? ProgressBar(total: records.count) : nil
        let result = try ColourEval.run(
            records, folder: dir, classifier: try ModelLoader.classifierIfInstalled(quiet: true), masks: masks,
            progress: { bar?.update($0) })
        bar?.finish()
        if json {
            try Output.jsonObject(
                [
                    "images": result.photos.count, "unreadable": result.unreadable, "unmasked": result.unmasked, "accepted": result.right,
                    "accuracy": result.accuracy,
                    "photos": result.photos.map {
                        ["image": $0.image, "first": $0.first, "accepted": $0.accepted, "shares": $0.shares] as [String: Any]
                    },
                ] as [String: Any])
            return
        }
        print("\(result.photos.count) photos (\(result.unreadable) unreadable\(masks == nil ? "" : ", \(result.unmasked) without a mask"))")
        print(
            String(
                format: "the first colour is one a person accepts for %d (%.1f%%)", result.right, result.accuracy * 100))
        if !result.confusions.isEmpty {
            print(
                "misses (a label's first accepted colour → named): "
                    + result.confusions.map { "\($0.pair) ×\($0.count)" }.joined(separator: ", "))
        }
    }
}
