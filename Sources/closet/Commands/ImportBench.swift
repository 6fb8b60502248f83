import ArgumentParser
import ClosetKit
import Foundation
import Imaging
import Importer

/// End-to-end import of generated 12-megapixel JPEGs, and the DCT-scaled decode against a full one.
struct ImportBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Decode and import throughput on generated photos.")

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
        let full = try median(5) { _ = try decoder.decode(sample) }
        let scaled = try median(5) {
            let d = try decoder.decode(sample, fitting: PixelSize(width: 224, height: 224))
            _ = ModelInput.mobileNetV2.tensor(d.image)
        }
        let rssBeforeImport = ResidentMemory.peakMB()
        ResidentMemory.resetPeak()   // the import's own peak, not the generator's
        let store = try Wardrobe(folder: root.appendingPathComponent("wardrobe"))
        let importer = try PhotoImporter(wardrobe: store, classifier: try ModelLoader.classifierIfInstalled())
        var template = ItemTemplate()
        if importer.classifier == nil { template.category = "shortSleeve" }
        let t = Date()
        let report = importer.importFiles(files, template: template)
        let elapsed = Date().timeIntervalSince(t)
        let rss = ResidentMemory.peakMB()
        let result: [String: Any] = [
            "photos": photos, "width": width, "height": height, "full_decode_ms": full * 1000,
            "scaled_to_model_input_ms": scaled * 1000, "decode_speedup": full / scaled,
            "import_photos_per_s": Double(report.imported.count) / elapsed, "peak_rss_mb": rss,
            "classifier": importer.classifier != nil, "failed": report.failed.count, "peak_rss_before_import_mb": rssBeforeImport,
        ]
        if json { try Output.jsonObject(result); return }
        print(String(format: "full decode of a %dx%d q90 JPEG:        %.1f ms", width, height, full * 1000))
        print(String(format: "DCT-scaled decode to the model input:   %.1f ms (%.1fx faster)", scaled * 1000, full / scaled))
        print(String(format: "import: %d photos in %.2f s = %.1f photos/s (classifier: %@), peak RSS %.0f MB (the generator peaked at %.0f MB before)",
                     report.imported.count, elapsed, Double(report.imported.count) / elapsed,
                     importer.classifier != nil ? "on" : "off", rss, rssBeforeImport))
        if !report.failed.isEmpty { print("failed: \(report.failed.count), first: \(report.failed[0].1)") }
    }
}
