import ArgumentParser
import ClosetKit
import ClosetTUI
import Foundation
import Imaging
import TerminalGraphics

/// The TUI on a generated wardrobe with thumbnails: launch to first frame, and keypress to frame.
struct TUIBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui", abstract: Output.helpText("Time the TUI's first frame and its keypresses on a generated wardrobe."))

    @Option(help: "How many items (each with its own photo and thumbnail).") var items = 10_000
    @Option(help: "Terminal columns.") var columns = 160
    @Option(help: "Terminal rows.") var rows = 48
    @Option(help: "Runs (the figures are medians over them).") var runs = 3
    @Option(help: "Reuse (or create and keep) the generated wardrobe in this folder.") var folder: String?
    @Option(help: "How photos are drawn: blocks, kitty, kitty-placed (no placeholders), sixel, or all.") var graphics = "all"
    @Flag(help: "Print one JSON object.") var json = false

    /// The protocols to measure, by name.
    static let protocols: [(String, GraphicsSupport)] = [
        ("blocks", .blocks),
        ("kitty", GraphicsSupport(graphics: .kitty, placeholders: true, reason: "benchmark")),
        ("kitty-placed", GraphicsSupport(graphics: .kitty, placeholders: false, reason: "benchmark")),
        ("sixel", GraphicsSupport(graphics: .sixel, reason: "benchmark")),
    ]

    func validate() throws {
        guard graphics == "all" || Self.protocols.contains(where: { $0.0 == graphics }) else {
            throw ValidationError("--graphics takes blocks, kitty, kitty-placed, sixel or all")
        }
    }

    func run() throws {
        let folder =
            self.folder.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("closet-tui-bench-\(UUID().uuidString)")
        defer { if self.folder == nil { try? FileManager.default.removeItem(at: folder) } }
        if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("wardrobe.sqlite").path) {
            try Self.generate(items: items, in: folder)
        }
        var report: [[String: Any]] = []
        if !json { print(String(format: "TUI with %d items on %d×%d (median of %d runs):", items, columns, rows, max(1, runs))) }
        for (name, support) in Self.protocols where graphics == "all" || graphics == name {
            var results: [TUIBenchmark.Result] = []
            for _ in 0..<max(1, runs) {
                results.append(try TUIBenchmark.run(folder: folder, columns: columns, rows: rows, graphics: support))
            }
            func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
            let first = median(results.map(\.firstFrameMS))
            let keyMedian = median(results.map(\.keyMedianMS)), p95 = median(results.map(\.keyP95MS))
            let worst = results.map(\.keyMaxMS).max() ?? 0
            let slowest = results.compactMap(\.slowest).max { $0.1 < $1.1 }
            let keyBytes = results[0].keyBytes.sorted()
            let bytesMedian = keyBytes.isEmpty ? 0 : keyBytes[keyBytes.count / 2]
            let bytesMean = keyBytes.isEmpty ? 0 : keyBytes.reduce(0, +) / keyBytes.count
            let bytesMax = keyBytes.last ?? 0
            if json {
                report.append([
                    "graphics": name, "first_frame_ms": first, "key_median_ms": keyMedian, "key_p95_ms": p95, "key_max_ms": worst,
                    "keys": results[0].keys.count, "slowest_key": slowest?.0 ?? "", "first_frame_bytes": results[0].firstFrameBytes,
                    "key_bytes_median": bytesMedian, "key_bytes_mean": bytesMean, "key_bytes_max": bytesMax,
                ])
                continue
            }
            print("\(name):")
            print(
                String(format: "  launch to first frame: %.1f ms (", first)
                    + results[0].phases.map { String(format: "%@ %.1f", $0.0, $0.1) }.joined(separator: ", ") + ")")
            print(
                String(
                    format: "  keypress to frame over %d keys: median %.2f ms, p95 %.2f ms, worst %.2f ms (%@)",
                    results[0].keys.count, keyMedian, p95, worst, slowest?.0 ?? "-"))
            print(
                "  bytes to the terminal: first frame \(results[0].firstFrameBytes), per key median \(bytesMedian), "
                    + "mean \(bytesMean), max \(bytesMax)")
        }
        // The month view on three years of daily wears: opening it, and a month back and forth.
        let wearsFolder = folder.appendingPathComponent("with-wears")
        if !FileManager.default.fileExists(atPath: wearsFolder.appendingPathComponent("wardrobe.sqlite").path) {
            try Self.generate(items: min(items, 2000), in: wearsFolder)
            try Self.logDailyWears(years: 3, in: wearsFolder)
        }
        var months: [TUIBenchmark.Result] = []
        for _ in 0..<max(1, runs) {
            months.append(
                try TUIBenchmark.run(
                    folder: wearsFolder, columns: columns, rows: rows, keys: [.char("C"), .char("["), .char("["), .char("]"), .char("]")]))
        }
        let open = months.map { $0.keys.first?.1 ?? 0 }.sorted()[months.count / 2]
        let step = months.map { Array($0.keys.dropFirst()).map(\.1).max() ?? 0 }.sorted()[months.count / 2]
        if json {
            try Output.jsonObject([
                "items": items, "columns": columns, "rows": rows, "protocols": report, "month_view_open_ms": open,
                "month_step_max_ms": step,
            ])
            return
        }
        print(String(format: "month view (3 years of daily wears): open %.1f ms, a month back or forth at most %.1f ms", open, step))
    }

    /// Three pieces logged worn every day for `years` years up to today.
    static func logDailyWears(years: Int, in folder: URL) throws {
        let wardrobe = try Wardrobe(folder: folder)
        let ids = try wardrobe.summaries(ItemFilter(status: nil)).compactMap(\.item.id)
        let days = (0..<(365 * years)).map { Day.string(Date().addingTimeInterval(-86_400 * Double($0))) }
        for (n, day) in days.enumerated() where !ids.isEmpty {
            _ = try wardrobe.logWear(
                items: [ids[(3 * n) % ids.count], ids[(3 * n + 1) % ids.count], ids[(3 * n + 2) % ids.count]], day: day)
        }
        try wardrobe.close()
    }

    /// A wardrobe of `items` items over every category, with distinct generated photos.
    static func generate(items: Int, in folder: URL) throws {
        let wardrobe = try Wardrobe(folder: folder)
        let categories = Taxonomy.shared.categories
        let colors = ["navy", "white", "black", "grey", "red", "beige", "green", "denim", "pink", "khaki"]
        let styles = ["casual", "office", "sport", "formal"]
        var batch: [(Item, PhotoUpload?)] = []
        for i in 0..<items {
            var pixels = [UInt8](repeating: 255, count: 48 * 64 * 3)
            let (r, g, b) = (UInt8(i % 251), UInt8((i / 251) % 251), UInt8((i * 7) % 253))
            for y in 8..<56 { for x in 8..<40 { let o = (y * 48 + x) * 3; pixels[o] = r; pixels[o + 1] = g; pixels[o + 2] = b } }
            let jpeg = try ImageEncoder.jpeg(RGBImage(width: 48, height: 64, pixels: pixels), quality: 80)
            let photo = PhotoUpload(
                data: jpeg, ext: "jpg", width: 48, height: 64, thumbnail: jpeg, thumbWidth: 48, thumbHeight: 64, preview: jpeg)
            let item = Item(
                name: "item \(i)", category: categories[i % categories.count].id, colors: [colors[i % colors.count]],
                seasons: [Season.allCases[i % 4]], styles: [styles[i % styles.count]], brand: "Brand \(i % 50)")
            batch.append((item, photo))
            if batch.count == 1000 { _ = try wardrobe.addAll(batch); batch = [] }
        }
        if !batch.isEmpty { _ = try wardrobe.addAll(batch) }
        try wardrobe.close()
    }
}
