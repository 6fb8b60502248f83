import ArgumentParser
import Classifier
import ClosetKit
import Foundation
import Imaging
import Importer
import Segmenter

/// End-to-end import of generated 12-megapixel JPEGs (or of real photos in a folder), the DCT-scaled decode
/// against a full one, and where each photo's time goes, stage by stage.
struct ImportBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: Output.helpText("Decode and import throughput on generated photos or a folder of real ones."))

    @Option(help: "How many photos to import.") var photos = 100
    @Option(help: "Photo width.") var width = 4000
    @Option(help: "Photo height.") var height = 3000
    @Option(
        help: ArgumentHelp(
            "Import the JPEGs in this folder (at most --photos of them, by name) instead of generated ones.",
            valueName: "DIR"))
    var folder: String?
    @Flag(help: "Print one JSON object.") var json = false
    @Flag(help: "Also run the cut-outs' pass after the import (the masks, on two cores) and report the rate with it.")
    var cutouts = false

    func run() throws {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("closet-import-bench-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        let source = root.appendingPathComponent("photos")
        try fm.createDirectory(at: source, withIntermediateDirectories: true)
        // Generated: one base photo; each file gets unique bytes (a pixel tweak) so none dedupes.
        var files: [URL] = []
        if let folder {
            files = try Self.photos(in: URL(fileURLWithPath: folder), limit: photos)
        } else {
            Output.note("generating \(photos) \(width)x\(height) q90 JPEGs…")
            var base = SyntheticPhoto.garment(width: width, height: height, seed: 1)
            for i in 0..<photos {
                base[i % width, 0] = (UInt8(i & 255), UInt8((i >> 8) & 255), 7)
                let data = try ImageEncoder.jpeg(base, quality: 90)
                let url = source.appendingPathComponent(String(format: "IMG_%04d.jpg", i))
                try data.write(to: url)
                files.append(url)
            }
        }
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
        let plain =
            classifier == nil ? nil : try Self.importAll(files, into: root.appendingPathComponent("wardrobe-plain"), classifier: nil)
        let run = try Self.importAll(files, into: root.appendingPathComponent("wardrobe"), classifier: classifier)
        // The cut-outs' pass over the imported photos, as `closet import` runs it once the photos are stored.
        let pass = cutouts ? try Self.cutAll(in: root.appendingPathComponent("wardrobe")) : nil
        let rss = ResidentMemory.peakMB()
        let addedMs = plain.map { run.cpuMs - $0.cpuMs }
        let sampleDecoded = try decoder.decode(sample, fitting: processor.box)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        func stages(_ times: StageTimes) -> [String: Any] {
            Dictionary(
                uniqueKeysWithValues: times.perPhoto(files.count).map { ($0.stage.rawValue, ["cpu_ms": $0.cpu, "wall_ms": $0.wall]) })
        }
        var result: [String: Any] = [
            "photos": files.count, "width": sampleDecoded.originalWidth, "height": sampleDecoded.originalHeight,
            "folder": folder ?? "", "cores": cores, "full_decode_ms": full * 1000,
            "scaled_to_model_input_ms": scaled * 1000, "decode_speedup": full / scaled, "colour_analysis_ms": colours * 1000,
            "import_photos_per_s": run.rate, "import_cpu_ms_per_photo": run.cpuMs,
            "import_photos_per_s_on_idle_cores": Double(cores) * 1000 / run.cpuMs, "peak_rss_mb": rss,
            "classifier": classifier != nil, "failed": run.report.failed.count, "peak_rss_before_import_mb": rssBeforeImport,
            "stages_ms_per_photo": stages(run.stages),
        ]
        if let plain, let addedMs {
            result["import_photos_per_s_without_classifier"] = plain.rate
            result["import_cpu_ms_per_photo_without_classifier"] = plain.cpuMs
            result["import_photos_per_s_on_idle_cores_without_classifier"] = Double(cores) * 1000 / plain.cpuMs
            result["classification_adds_cpu_ms_per_photo"] = addedMs
            result["stages_ms_per_photo_without_classifier"] = stages(plain.stages)
        }
        if let pass {
            let withCutouts = Double(run.report.imported.count) / (Double(run.report.imported.count) / run.rate + pass.seconds)
            result["cutouts"] = [
                "masks": pass.masks, "photos_per_s": Double(pass.masks) / pass.seconds, "cpu_ms_per_photo": pass.cpuMs,
                "import_with_cutouts_photos_per_s": withCutouts, "threads": MaskPass.workers, "model": pass.model,
            ]
        }
        if json { try Output.jsonObject(result); return }
        if let folder { print("photos: \(files.count) from \(folder)") }
        print(
            String(
                format: "full decode of a %dx%d JPEG:        %.1f ms", sampleDecoded.originalWidth, sampleDecoded.originalHeight,
                full * 1000))
        print(String(format: "DCT-scaled decode to the model input:   %.1f ms (%.1fx faster)", scaled * 1000, full / scaled))
        print(
            String(
                format: "colour analysis of the %dx%d thumbnail%@: %.2f ms", thumbnail.image.width, thumbnail.image.height,
                garment != nil ? ", weighted by the garment map" : "", colours * 1000))
        print(
            String(
                format: "import: %d photos at %.1f photos/s (classifier: %@), peak RSS %.0f MB (%.0f MB before the import)",
                run.report.imported.count, run.rate, classifier != nil ? "on" : "off", rss, rssBeforeImport))
        print(
            String(
                format: "        %.1f ms of CPU a photo: %.1f photos/s on %d idle cores, were they all busy", run.cpuMs,
                Double(cores) * 1000 / run.cpuMs, cores))
        if let plain, let addedMs {
            print(
                String(
                    format: "without the classifier: %.1f photos/s, %.1f ms of CPU a photo (%.1f photos/s on %d idle cores); "
                        + "classification adds %.1f ms of CPU a photo", plain.rate, plain.cpuMs, Double(cores) * 1000 / plain.cpuMs, cores,
                    addedMs))
        }
        if let pass {
            let withCutouts = Double(run.report.imported.count) / (Double(run.report.imported.count) / run.rate + pass.seconds)
            print(
                String(
                    format: "cut-outs (%@, %d threads): %d masks at %.2f photos/s, %.0f ms of CPU a photo; "
                        + "import then cut-outs: %.2f photos/s (import alone %.1f)", pass.model, MaskPass.workers, pass.masks,
                    Double(pass.masks) / pass.seconds, pass.cpuMs, withCutouts, run.rate))
        }
        print(Self.stageTable(run.stages, plain: plain?.stages, photos: files.count))
        if !run.report.failed.isEmpty { print("failed: \(run.report.failed.count), first: \(run.report.failed[0].1)") }
    }

    /// Imports `files` into a new wardrobe in `folder`: photos a second (wall clock), the process's CPU time a
    /// photo (which other programs on the machine do not inflate), and each stage's times.
    static func importAll(
        _ files: [URL], into folder: URL, classifier: CNNClassifier?
    ) throws -> (rate: Double, cpuMs: Double, report: ImportReport, stages: StageTimes) {
        let importer = try PhotoImporter(wardrobe: try Wardrobe(folder: folder), classifier: classifier)
        let stages = StageTimes()
        importer.stageTimes = stages
        var template = ItemTemplate()
        if classifier == nil { template.category = "shortSleeve" }
        let (t, cpu) = (Date(), StageTimes.processCPU())
        let report = importer.importFiles(files, template: template)
        let cpuMs = Double(StageTimes.processCPU() - cpu) / 1e6 / Double(max(1, report.imported.count))
        return (Double(report.imported.count) / Date().timeIntervalSince(t), cpuMs, report, stages)
    }

    /// Runs the cut-outs' pass over the wardrobe in `folder`: masks made, seconds (wall clock), CPU a photo.
    static func cutAll(in folder: URL) throws -> (masks: Int, seconds: Double, cpuMs: Double, model: String) {
        let first = try ModelLoader.segmenter()
        let refresh = MaskRefresh(
            wardrobe: try Wardrobe(folder: folder), segmenters: [first] + (try (1..<MaskPass.workers).map { _ in try first.another() }))
        let pending = try refresh.pending()
        let (t, cpu) = (Date(), StageTimes.processCPU())
        let outcome = try refresh.run(pending)
        let seconds = Date().timeIntervalSince(t)
        return (outcome.stored, seconds, Double(StageTimes.processCPU() - cpu) / 1e6 / Double(max(1, outcome.stored)), refresh.model)
    }

    /// The JPEG files in `folder`, by name, at most `limit` of them; none is a usage error.
    static func photos(in folder: URL, limit: Int) throws -> [URL] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder.path) } catch {
            throw ClosetError.noInput("cannot read the folder \(folder.path): give a folder of JPEG photos")
        }
        let jpegs = names.filter { ["jpg", "jpeg"].contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
        guard !jpegs.isEmpty else { throw ClosetError.noInput("\(folder.path) holds no .jpg or .jpeg photo: give a folder of JPEG photos") }
        return jpegs.prefix(max(1, limit)).map { folder.appendingPathComponent($0) }
    }

    /// Milliseconds per photo for each stage (CPU, and wall clock summed over the threads that ran it), with the
    /// classifier and without.
    static func stageTable(_ stages: StageTimes, plain: StageTimes?, photos: Int) -> String {
        func column(_ s: String) -> String { s.padding(toLength: 10, withPad: " ", startingAt: 0) }
        var lines = [
            "ms a photo, each stage summed over threads:   CPU    wall" + (plain != nil ? "   without the classifier: CPU    wall" : "")
        ]
        let with = stages.perPhoto(photos), without = plain?.perPhoto(photos)
        for (i, figure) in with.enumerated() {
            var line = "  " + column(figure.stage.rawValue) + String(format: "%36.2f %7.2f", figure.cpu, figure.wall)
            if let without { line += String(format: "%30.2f %7.2f", without[i].cpu, without[i].wall) }
            lines.append(line)
        }
        var total = "  " + column("total") + String(format: "%36.2f %7.2f", with.map(\.cpu).reduce(0, +), with.map(\.wall).reduce(0, +))
        if let without { total += String(format: "%30.2f %7.2f", without.map(\.cpu).reduce(0, +), without.map(\.wall).reduce(0, +)) }
        lines.append(total)
        return lines.joined(separator: "\n")
    }
}
