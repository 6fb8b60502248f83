import ArgumentParser
import Classifier
import ClosetKit
import Foundation
import Imaging

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: Output.helpText("Evaluate the classifier on a labelled folder of photos."))

    @Option(help: "A CSV with image,label columns; image is DIR/<image> or DIR/<image>.jpg.") var labels: String
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: "The folder of photos.") var dir: String

    func run() throws {
        guard let text = try? String(contentsOfFile: labels, encoding: .utf8) else {
            throw ClosetError.noInput("cannot read \(labels): check the path")
        }
        let records = try CSV.records(text)
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
                let truth = DatasetLabels.category(for: label, known: { Taxonomy.shared.category($0) != nil })
            else { skipped += 1; continue }
            let base = URL(fileURLWithPath: dir).appendingPathComponent(image)
            let url = FileManager.default.fileExists(atPath: base.path) ? base : base.appendingPathExtension("jpg")
            guard let data = FileManager.default.contents(atPath: url.path), let prediction = try? classifier.classify(photo: data) else {
                unreadable += 1; continue
            }
            evaluation.add(truth: truth, predicted: prediction.category)
        }
        bar?.finish()
        let per = evaluation.perCategory
        if json {
            try Output.jsonObject(
                [
                    "images": evaluation.pairs.count, "skipped": skipped, "unreadable": unreadable,
                    "accuracy": evaluation.accuracy, "accuracy_ten_largest": evaluation.accuracyTenLargest, "macro_f1": evaluation.macroF1,
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
}
