import ArgumentParser
import Classifier
import ClosetKit
import Foundation
import Imaging
import Importer

/// End-to-end import of generated 12-megapixel JPEGs, and the DCT-scaled decode against a full one.
struct ImportBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: Output.helpText("Decode and import throughput on generated photos."))

    @Option(help: "How many photos to import.") var photos = 100
    @Option(help: "Photo width.") var width = 4000
    @Option(help: "Photo height.") var height = 3000
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("closet-import-bench-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        let source = root.appendingPathComponent("photos")
        try fm.createDirectory(at: source, withIntermediateDirectories: true)
        // A few distinct base photos; each file gets unique bytes (a comment-free pixel tweak) so none dedupes.
        Output.note("generating \(photos) \(width)x\(height) q90 JPEGs…")
        var files: [URL] = []
        try {
            var base = SyntheticPhoto.garment(width: width, height: height, seed: 1)
            for i in 0..<photos {
                base[i % width, 0] = (UInt8(i & 255), UInt8((i >> 8) & 255), 7)
                let data = try ImageEncoder.jpeg(base, quality: 90)
                let url = source.appendingPathComponent(String(format: "IMG_%04d.jpg", i))
                try data.write(to: url)
                files.append(url)
            }
        }()
        let sample = try Data(contentsOf: files[0])
        let decoder = ImageDecoder()
        func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
            var times: [Double] = []
            for _ in 0..<runs { let t = Date(); try body(); times.append(Date().timeIntervalSince(t)) }
            return times.sorted()[runs / 2]
        }
        let classifier = try ModelLoader.classifierIfInstalled()
        let full = try median(5) { _ = try decoder.decode(sample) }
        let modelInput = classifier?.input ?? .mobileNetV2
        let scaled = try median(5) {
            let d = try decoder.decode(sample, fitting: PixelSize(width: modelInput.size, height: modelInput.size))
            _ = modelInput.tensor(d.image)
        }
        // The colours alone, as import reads them: the thumbnail, weighted by the classifier's garment map.
        let processor = PhotoProcessor(modelInput: classifier?.input)
        let image = try decoder.decode(sample, fitting: processor.box).image
        let thumbnail = try Thumbnail(of: image)
        let garment = try classifier?.classify(image, garmentMap: true).garmentMap
        let colours = median(21) { _ = processor.colors.analyse(thumbnail.image, garment: garment) }
        let rssBeforeImport = ResidentMemory.peakMB()
        ResidentMemory.resetPeak()  // the import's own peak, not the generator's
        // The same photos into two fresh wardrobes, first without the classifier, then with it: the
        // difference is what classification adds to an import.
        func importAll(_ name: String, classifier: CNNClassifier?) throws -> (rate: Double, report: ImportReport) {
            let store = try Wardrobe(folder: root.appendingPathComponent(name))
            let importer = try PhotoImporter(wardrobe: store, classifier: classifier)
            var template = ItemTemplate()
            if classifier == nil { template.category = "shortSleeve" }
            let t = Date()
            let report = importer.importFiles(files, template: template)
            return (Double(report.imported.count) / Date().timeIntervalSince(t), report)
        }
        let plain = classifier == nil ? nil : try importAll("wardrobe-plain", classifier: nil)
        let (rate, report) = try importAll("wardrobe", classifier: classifier)
        let rss = ResidentMemory.peakMB()
        let addedMs = plain.map { 1000 / rate - 1000 / $0.rate }
        var result: [String: Any] = [
            "photos": photos, "width": width, "height": height, "full_decode_ms": full * 1000,
            "scaled_to_model_input_ms": scaled * 1000, "decode_speedup": full / scaled, "colour_analysis_ms": colours * 1000,
            "import_photos_per_s": rate, "peak_rss_mb": rss,
            "classifier": classifier != nil, "failed": report.failed.count, "peak_rss_before_import_mb": rssBeforeImport,
        ]
        if let plain, let addedMs {
            result["import_photos_per_s_without_classifier"] = plain.rate
            result["classification_adds_ms_per_photo"] = addedMs
        }
        if json { try Output.jsonObject(result); return }
        print(String(format: "full decode of a %dx%d q90 JPEG:        %.1f ms", width, height, full * 1000))
        print(String(format: "DCT-scaled decode to the model input:   %.1f ms (%.1fx faster)", scaled * 1000, full / scaled))
        print(
            String(
                format: "colour analysis of the %dx%d thumbnail%@: %.2f ms", thumbnail.image.width, thumbnail.image.height,
                garment != nil ? ", weighted by the garment map" : "", colours * 1000))
        print(
            String(
                format: "import: %d photos at %.1f photos/s (classifier: %@), peak RSS %.0f MB (the generator peaked at %.0f MB before)",
                report.imported.count, rate, classifier != nil ? "on" : "off", rss, rssBeforeImport))
        if let plain, let addedMs {
            print(String(format: "without the classifier: %.1f photos/s; classification adds %.1f ms per photo", plain.rate, addedMs))
        }
        if !report.failed.isEmpty { print("failed: \(report.failed.count), first: \(report.failed[0].1)") }
    }
}
