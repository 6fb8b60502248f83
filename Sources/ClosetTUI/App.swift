import ClosetKit
import Foundation
import Imaging
import Importer
import Stylist
import TerminalGraphics
import Weather

/// The TUI's controller: reads keys, lets `AppState` decide, performs the effects on the wardrobe,
/// and redraws. `closet` with no arguments runs it.
public final class TerminalApp {
    let wardrobe: Wardrobe
    let makeImporter: () throws -> PhotoImporter
    var state: AppState
    let terminal = Terminal()
    lazy var thumbnails = ThumbnailCache(wardrobe: wardrobe)
    var weatherLine: String?
    var mouseOn = false
    /// Today's outfits and what they were asked for (the state keeps only their ids and words).
    var todayOutfits: [SuggestedOutfit] = []
    var todayRequest: SuggestionRequest?
    /// The wear log as Today last read it (swaps and the week plan rotate with it).
    var todayWearDays: [Int64: [String]] = [:]

    public init(wardrobe: Wardrobe, makeImporter: @escaping () throws -> PhotoImporter) throws {
        self.wardrobe = wardrobe
        self.makeImporter = makeImporter
        let profile = try wardrobe.profile()
        state = AppState(
            taxonomy: wardrobe.taxonomy, language: profile.effectiveLanguage(),
            unit: profile.units == .imperial ? .fahrenheit : .celsius,
            wardrobeName: profile.name ?? wardrobe.folder.lastPathComponent)
    }

    /// A file's name as the terminal shows it: its own bytes, those that are not UTF-8 escaped (`caf\xe9.jpg`).
    static func fileName(_ url: URL) -> String {
        let bytes = url.filePathBytes
        return SafeText.escaped(bytes: Array(bytes.split(separator: UInt8(ascii: "/")).last ?? []))
    }

    func reload() throws {
        state.load(try wardrobe.summaries(ItemFilter(status: nil)))
        statsCache = nil
    }

    /// Runs until the person quits. The terminal is restored on every way out.
    public func run() throws {
        try preparePreview()
        let requested = try GraphicsDetection.requested(
            environment: ProcessInfo.processInfo.environment, profile: try wardrobe.profile().graphics)
        try terminal.start(requested: requested)
        defer { terminal.stop() }
        startPictures()
        drawFrame()
        try finishLoading()
        lastDataVersion = try? wardrobe.dataVersion()
        while true {
            // Wakes once a second when idle, to show what another closet (the CLI) changed meanwhile.
            guard let key = terminal.readKey(timeoutMS: 1000) else {
                if reloadIfChangedElsewhere() { drawFrame() }
                continue
            }
            if !process(key) { return }
            drawFrame()
        }
    }

    /// SQLite's data version when this closet last read the items.
    var lastDataVersion: Int?

    /// Re-reads the items when another process committed a change; true when it did.
    func reloadIfChangedElsewhere() -> Bool {
        guard let version = try? wardrobe.dataVersion(), version != lastDataVersion else { return false }
        lastDataVersion = version
        do { try reload() } catch { state.message = state.say("Error: ") + Self.words(for: error) }
        return true
    }

    /// Reads what the first frame needs: the first items and the counts, and today's cached weather.
    func preparePreview() throws {
        let first = try wardrobe.firstSummaries(limit: Self.previewItems)
        state.preview(first.items, perCategory: first.perCategory, review: first.review)
        readWeather()
    }

    /// What follows the first frame, before the first key: every item, a redraw, the search texts.
    func finishLoading() throws {
        try reload()
        drawFrame()
        state.warmUp()
    }

    /// More than a large terminal's grid shows at once.
    static let previewItems = 200

    func readWeather() {
        if let choice = try? DressWeather(wardrobe: wardrobe).today(typed: nil, policy: .cachedLine) {
            weatherLine = choice.conditions.summary(in: state.unit) { self.state.say($0) }
        }
    }

    /// Photos in the terminal's graphics protocol, once curses has started and the terminal said which.
    var pictures: PictureLayer?

    func startPictures() {
        let terminal = self.terminal
        pictures = PictureLayer(support: terminal.graphics) { terminal.writeRaw($0) }
        if let note = terminal.graphics.note { state.message = note }
        if let note = terminal.note { state.message = note + (state.message.map { " " + $0 } ?? "") }
    }

    func drawFrame() {
        layout()
        Screens(terminal: terminal, thumbnails: thumbnails, pictures: pictures).draw(state, weather: weatherLine, stats: statsLines())
    }

    /// Lets the state handle a key and performs what it asks; false when the person quits.
    func process(_ key: Key) -> Bool {
        // A resize redraws the whole terminal: pictures are placed (and kitty's sent) again.
        if key == .resize { pictures?.reset() }
        for effect in state.handle(key) {
            if case .quit = effect { return false }
            perform(effect)
        }
        if state.mouse != mouseOn { mouseOn = state.mouse; terminal.setMouse(mouseOn) }
        if let directory = state.browser?.directory { state.importDirectory = directory }
        return true
    }

    /// Fits the grid to the terminal (also after a resize).
    func layout() {
        state.terminalSize = (terminal.columns, terminal.rows)
        let shape = state.layout.gridShape
        if state.grid.columns != shape.columns { state.grid.columns = shape.columns }
        state.grid.visibleRows = shape.rows
        state.grid.scrollIntoView()
        state.reviewCursor.visibleRows = max(1, terminal.rows - 6)
        state.sidebarCursor.visibleRows = max(1, terminal.rows - 2)
    }

    func perform(_ effect: Effect) {
        do {
            switch effect {
            case .save(let item, let base):
                switch try wardrobe.update(item, basedOn: base) {
                case .saved(let saved):
                    if saved.withoutTimestamps != item.withoutTimestamps {
                        state.message = state.say(
                            "Saved {0}, keeping the changes made elsewhere meanwhile.", item.displayName(state.language))
                    }
                case .conflict(let current, let fields):
                    state.conflict = EditConflict(mine: item, current: current, fields: fields)
                    state.push(.confirmConflict)
                }
            case .delete(let ids):
                let removed = try wardrobe.remove(ids)
                for photo in removed.compactMap(\.photo) { thumbnails.forget(photo.hash) }
                state.undo.append(.delete(removed))
                state.message = state.say(
                    "Deleted {0} (u undoes it).",
                    removed.count == 1 ? removed[0].item.displayName(state.language) : state.count(removed.count))
            case .archive(let ids, let reason):
                let changes = try wardrobe.archive(ids, reason: reason)
                state.undo.append(.change(changes, what: "archive"))
                state.message = state.say(
                    "Archived {0} ({1}); u undoes it.",
                    changes.count == 1 ? changes[0].before.displayName(state.language) : state.count(changes.count),
                    state.say(reason.rawValue))
            case .unarchive(let ids): state.undo.append(.change(try wardrobe.unarchive(ids), what: "unarchive"))
            case .setAway(let ids, let status):
                state.undo.append(.change(try wardrobe.setAway(ids, status), what: status == .active ? "return" : "laundry"))
            case .laundryDone: state.undo.append(.change(try wardrobe.laundryDone(), what: "return from the laundry"))
            case .recategorize(let ids, let category):
                let changes = try wardrobe.confirm(ids, category: category)
                state.undo.append(.change(changes, what: "category change"))
                if changes.contains(where: { $0.before.category != $0.after.category }) {
                    state.message = state.say(
                        "Now {0}: {1} (u undoes it).", state.taxonomy.category(category)?.displayName(state.language) ?? category,
                        changes.count == 1 ? changes[0].before.displayName(state.language) : state.count(changes.count))
                }
            case .wear(let ids):
                let day = Day.string(Date())
                let sent = try wardrobe.logWear(items: ids, day: day)
                state.undo.append(.wear(ids, day: day))
                if !sent.isEmpty {
                    // Undone first, then the wear.
                    state.undo.append(.change(sent, what: "laundry"))
                    state.message =
                        (state.message.map { $0 + " " } ?? "")
                        + state.say("To the laundry: {0}.", sent.map { $0.after.displayName(state.language) }.joined(separator: ", "))
                }
            case .undo(let step): try undo(step)
            case .saveOutfit(let name, let ids): try wardrobe.saveOutfit(name: name, itemIDs: ids); return
            case .importPaths(let paths): try importPhotos(paths)
            case .suggest(let temp): suggest(temp); return  // items unchanged: nothing to re-read
            case .swap(let card, let piece): swap(card: card, piece: piece); return
            case .planWeek: planWeek(); return
            case .loadCalendar: loadCalendar(); return
            case .wearOn(let ids, let day):
                try wardrobe.logWear(items: ids, day: day)
                state.undo.append(.wear(ids, day: day))
            case .movePlan(let from, let to):
                let moved = try wardrobe.movePlan(from: from, to: to)
                state.undo.append(.plans([Plan(day: from, items: moved), Plan(day: to, items: [])]))
                state.message = state.say("Moved the plan of {0} to {1} (u undoes it).", from, to)
                loadCalendar()
                return
            case .clearPlan(let day):
                state.undo.append(.plans(try wardrobe.savePlans([Plan(day: day, items: [])])))
                state.message = state.say("Cleared the plan of {0} (u undoes it).", day)
                loadCalendar()
                return
            case .quit: return
            }
            try reload()
        } catch {
            state.message = state.say("Error: ") + Self.words(for: error)
        }
    }

    /// Undoes one change of this run; on failure the step stays undone-able no more, and the message says why.
    func undo(_ step: UndoStep) throws {
        switch step {
        case .wear(let ids, let day): try wardrobe.undoWear(items: ids, day: day)
        case .change(let changes, _): try wardrobe.revert(changes)
        case .delete(let removed): try wardrobe.restore(removed)
        case .plans(let days):
            try wardrobe.savePlans(days)
            loadCalendar()
        }
        state.message = state.language == .en ? "Undid \(step.summary)." : state.say("Undone.")
    }

    /// The TUI's words for an error: what happened, and what to do here.
    static func words(for error: Error) -> String {
        if let weather = error as? WeatherError {
            switch weather.cause {
            case .noSource: return "no temperature yet: press T to type one (or set your place with closet profile --city)"
            case .noForecast, .unreachable: return weather.description + ": press T to type the temperature"
            case .invalid: return weather.description
            }
        }
        guard let error = error as? ClosetError else { return "\(error)" }
        switch error {
        case .itemNotFound(let id): return "item \(id) is gone: another closet deleted it meanwhile"
        case .noWearLogged(_, let day): return error.message.replacingOccurrences(of: " on \(day)", with: " today") + ": nothing to undo"
        case .damaged: return error.message + ". Quit (q) and run closet doctor to repair it"
        case .symbolicLink: return error.message + ". Quit (q) and run closet doctor"
        case .damagedSetting: return error.message + ". Quit (q) and run closet profile --reset"
        case .noClassifier: return error.message + ": choose it with c"
        default: return error.message
        }
    }

    func importPhotos(_ paths: [String]) throws {
        let files = try FileCollector.collect(paths)
        guard !files.isEmpty else { state.message = state.say("No .jpg or .png files there."); return }
        let importer = try makeImporter()
        let screens = Screens(terminal: terminal, thumbnails: thumbnails)
        let start = Date()
        let report = importer.importFiles(files) { done, total in
            let rate = Double(done) / max(0.001, Date().timeIntervalSince(start))
            let width = max(10, self.terminal.columns - 30)
            let bar =
                String(repeating: "█", count: width * done / max(1, total))
                + String(repeating: "░", count: width - width * done / max(1, total))
            self.state.message = String(format: "Importing %d/%d %@ %.1f/s", done, total, bar, rate)
            screens.draw(self.state, weather: self.weatherLine, stats: [])
        }
        let review = report.imported.filter { $0.1.needsReview }.count
        state.message =
            state.say(
                "Imported {0}, duplicates {1}, failed {2}", "\(report.imported.count)", "\(report.duplicates.count)",
                "\(report.failed.count)")
            + (review > 0 ? state.say("; {0} to review (r)", "\(review)") : "")
            + (report.failed.first.map { " — \(Self.fileName($0.0)): \($0.1)" } ?? "")
        if review > 0 { state.stack.append(.review) }  // `perform` reloads the items after this
    }

    /// What was worn on each day of the calendar's month.
    func loadCalendar() {
        state.calendarWears = (try? wardrobe.worn(on: state.calendarDays)) ?? [:]
        state.calendarPlans = (try? wardrobe.plans(on: state.calendarDays)) ?? [:]
    }

    /// The statistics screen's lines, computed when it opens and kept until the items change.
    var statsCache: [String]?

    func statsLines() -> [String] {
        guard state.screen == .stats else { return [] }
        if let statsCache { return statsCache }
        let stats = WardrobeStats(
            summaries: state.items.filter { $0.item.status != .archived }, wearDays: (try? wardrobe.wearDays()) ?? [:],
            today: Day.string(Date()))
        var lines = stats.categoryBars().map {
            Self.pad(state.taxonomy.category($0.category)?.displayName(state.language) ?? $0.category, 20)
                + String(repeating: "█", count: $0.cells) + " \($0.count)"
        }
        lines.append("")
        let s = state
        lines.append(
            s.say("Not worn for {0} days or more: {1}", "90", "\(stats.unworn.count)") + "   "
                + s.say("Worn this {0}: {1}% of the closet", s.say(stats.season.rawValue), "\(Int(stats.wornThisSeason * 100))"))
        lines.append(
            s.say("Most worn:") + " "
                + stats.mostWorn.prefix(3).map { "\($0.item.displayName(s.language)) (\($0.wears))" }.joined(separator: ", "))
        for (item, since) in stats.away {
            lines.append(
                s.say(item.status == .repair ? "In repair: {0}" : "In the laundry: {0}", item.displayName(s.language))
                    + (since.map { s.say(" since {0}", Day.string($0)) } ?? ""))
        }
        statsCache = lines
        return lines
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? String(s.prefix(n)) : s + String(repeating: " ", count: n - s.count) }
}
