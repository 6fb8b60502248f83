import ArgumentParser
import ClosetKit
import Foundation
import Stylist
import Weather

/// `suggest` on a generated wardrobe: the figure is the median time of the suggester itself.
struct SuggestBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest", abstract: Output.helpText("Time outfit suggestions on a generated wardrobe."))

    @Option(help: "How many items.") var items = 1000
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        let categories = Taxonomy.shared.categories
        let colors = ["navy", "white", "black", "grey", "red", "beige", "green", "denim", "pink", "khaki"]
        let wardrobe = (0..<items).map { i in
            Item(
                id: Int64(i + 1), name: "item \(i)", category: categories[i % categories.count].id, colors: [colors[i % colors.count]],
                styles: i % 3 == 0 ? ["office"] : ["casual"], thickness: 1 + i % 5)
        }
        var wears: [Int64: [String]] = [:]
        for i in stride(from: 0, to: items, by: 7) { wears[Int64(i + 1)] = ["2026-11-2\(i % 9)"] }
        let suggester = OutfitSuggester()
        var times: [Double] = []
        for temp in stride(from: -10.0, through: 35.0, by: 5.0) {
            let request = SuggestionRequest(weather: WeatherConditions(temp: temp, wind: 15), day: "2026-11-29", style: "office")
            for _ in 0..<3 {
                let t = DispatchTime.now().uptimeNanoseconds
                _ = try suggester.suggest(request, items: wardrobe, wearDays: wears)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            }
        }
        times.sort()
        let median = times[times.count / 2], worst = times.last!
        // A 7-day plan: seven suggestions that avoid what the days before used.
        var planTimes: [Double] = []
        let planner = WeekPlanner(suggester: suggester)
        for temp in stride(from: -10.0, through: 35.0, by: 15.0) {
            let days = (1...7).map { (day: String(format: "2026-12-%02d", $0), weather: WeatherConditions(temp: temp + Double($0 % 3))) }
            for _ in 0..<3 {
                let t = DispatchTime.now().uptimeNanoseconds
                _ = planner.plan(
                    days, template: SuggestionRequest(weather: days[0].weather, day: days[0].day), items: wardrobe, wearDays: wears)
                planTimes.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            }
        }
        planTimes.sort()
        let planMedian = planTimes[planTimes.count / 2]
        if json {
            try Output.jsonObject([
                "items": items, "median_ms": median, "max_ms": worst, "plan7_median_ms": planMedian, "plan7_max_ms": planTimes.last!,
            ])
            return
        }
        print(String(format: "suggest on %d items: median %.2f ms, worst %.2f ms (over −10…35 °C)", items, median, worst))
        print(String(format: "7-day plan on %d items: median %.2f ms, worst %.2f ms", items, planMedian, planTimes.last!))
    }
}
