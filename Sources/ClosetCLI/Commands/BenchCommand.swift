import ArgumentParser
import ClosetKit
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: Output.helpText("Benchmarks that print figures."),
        subcommands: [
            EngineBench.self, StoreBench.self, ImportBench.self, HashBench.self, SuggestBench.self, TUIBench.self, TimeoutBench.self,
        ])
}

/// Bulk adds and `list --json` on a generated wardrobe.
struct StoreBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: Output.helpText("Bulk adds and list --json with many items."))

    @Option(help: "How many items.") var items = 10_000
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("closet-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Wardrobe(folder: folder)
        let categories = Taxonomy.shared.categories
        let generated = (0..<items).map { i in
            NewItem(
                name: "item \(i)", category: categories[i % categories.count].id, colors: ["navy", "white"],
                seasons: [.spring, .autumn], styles: ["casual"], brand: "Brand \(i % 50)", price: Double(i % 200))
        }
        var t = Date()
        _ = try store.addAll(generated.map { ($0, nil) })
        let bulk = Date().timeIntervalSince(t)
        t = Date()
        let singles = 200
        for item in generated.prefix(singles) { try store.add(item) }
        let single = Date().timeIntervalSince(t) / Double(singles)
        var listTimes: [Double] = [], fetchTimes: [Double] = []
        var bytes = 0
        for _ in 0..<5 {
            t = Date()
            let summaries = try store.summaries(ItemFilter())
            fetchTimes.append(Date().timeIntervalSince(t))
            let data = Data(ItemJSON.array(summaries.map { ItemJSON($0) }).utf8)
            listTimes.append(Date().timeIntervalSince(t))
            bytes = data.count
        }
        let list = listTimes.sorted()[listTimes.count / 2]
        let fetch = fetchTimes.sorted()[fetchTimes.count / 2]
        let result: [String: Any] = [
            "items": items, "bulk_add_s": bulk, "bulk_add_items_per_s": Double(items) / bulk,
            "single_add_ms": single * 1000, "list_json_ms": list * 1000, "list_fetch_ms": fetch * 1000, "list_json_bytes": bytes,
        ]
        if json { try Output.jsonObject(result); return }
        print(String(format: "bulk add of %d items in one transaction: %.2f s (%.0f items/s)", items, bulk, Double(items) / bulk))
        print(String(format: "single add (one transaction each):   %.2f ms", single * 1000))
        print(
            String(
                format: "list --json with %d items:        %.1f ms (median of 5; %.1f ms reading, the rest encoding; %d bytes)",
                items + singles, list * 1000, fetch * 1000, bytes))
    }
}
