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
    /// Makes the cut-outs' background pass (nil: no segmentation model); see App+Cutouts.swift.
    public var makeMaskRefresh: (() throws -> MaskRefresh?)?
    var cutouts: CutoutPass?
    var cutoutsAgain = false
    var cutoutsMessage: String?

    public init(wardrobe: Wardrobe, makeImporter: @escaping () throws -> PhotoImporter) throws {
        self.wardrobe = wardrobe
        self.makeImporter = makeImporter
        let profile = try wardrobe.profile()
        state = AppState(
            taxonomy: wardrobe.taxonomy, language: profile.effectiveLanguage(),
            unit: profile.units == .imperial ? .fahrenheit : .celsius,
            wardrobeName: profile.name ?? wardrobe.folder.lastPathComponent)
        state.backdrop = profile.backdrop
    }

    /// A file's name as the terminal shows it: its own bytes, those that are not UTF-8 escaped (`caf\xe9.jpg`).
    static func fileName(_ url: URL) -> String {
        let bytes = url.filePathBytes
        return SafeText.escaped(bytes: Array(bytes.split(separator: UInt8(ascii: "/")).last ?? []))
    }

    func reload() throws {
        state.load(try wardrobe.summaries(ItemFilter(status: nil)))
        // The statistics follow the items while they are open.
        if state.stack.contains(.stats) { loadStats() }
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
        startCutouts()
        defer { cutouts?.stop() }
        while true {
            // Wakes once a second when idle, to show what another closet (the CLI) changed meanwhile.
            guard let key = terminal.readKey(timeoutMS: 1000) else {
                let changed = reloadIfChangedElsewhere()
                if showCutoutProgress() || changed { drawFrame() }
                continue
            }
            if !process(key) { return }
            _ = showCutoutProgress()
            drawFrame()
        }
    }

    /// SQLite's data version when this closet last read the items.
    var lastDataVersion: Int?

    /// Re-reads the items when another process committed a change; true when it did.
    func reloadIfChangedElsewhere() -> Bool {
        let version: Int
        do { version = try wardrobe.dataVersion() } catch {
            // Said once, not again every second.
            let words = state.say("Error: ") + Self.words(for: error, state.language)
            guard state.message != words else { return false }
            state.message = words
            return true
        }
        guard version != lastDataVersion else { return false }
        lastDataVersion = version
        do { try reload() } catch { state.message = state.say("Error: ") + Self.words(for: error, state.language) }
        return true
    }

    /// Reads what the first frame needs: the first items and the counts, and today's cached weather.
    func preparePreview() throws {
        // The grid's order as last chosen (a value this closet does not know: the default).
        state.closet.order = ItemOrder(setting: try? wardrobe.setting(ItemOrder.settingKey)) ?? .category
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
        do {
            let choice = try DressWeather(wardrobe: wardrobe).today(typed: nil, policy: .cachedLine)
            weatherLine = choice.conditions.summary(in: state.unit) { self.state.say($0) }
        } catch is DressWeather.Failure {
            // No forecast cached: no weather on the header.
        } catch {
            state.message = state.say("Error: ") + Self.words(for: error, state.language)
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
        let screens = Screens(terminal: terminal, thumbnails: thumbnails, pictures: pictures)
        screens.draw(state, weather: weatherLine)
        if sayPictureFailure() { screens.draw(state, weather: weatherLine) }
    }

    /// Puts why a photo could not be read from the wardrobe on the message line; true when the message changed
    /// (the same failure on every frame is said once).
    func sayPictureFailure() -> Bool {
        guard let error = thumbnails.takeFailure() else { return false }
        let words = state.say("Error: ") + Self.words(for: error, state.language)
        guard state.message != words else { return false }
        state.message = words
        return true
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
        if let directory = state.importFiles.browser?.directory { state.importFiles.directory = directory }
        markStoredPhotos()
        return true
    }

    /// The import browser's mark on the photos the wardrobe holds already: found once a folder (and again after
    /// an import); a wardrobe that cannot be read says so and marks nothing.
    func markStoredPhotos() {
        guard state.screen == .importFiles, let browser = state.importFiles.browser,
            state.importFiles.knownFolder != browser.directory
        else { return }
        state.importFiles.knownFolder = browser.directory
        do {
            state.importFiles.known = try wardrobe.storedAlready(browser.entries.filter { !$0.isDirectory }.map(\.path))
        } catch {
            state.importFiles.known = []
            state.message = state.say("Error: ") + Self.words(for: error, state.language)
        }
    }

    /// Fits the grid to the terminal (also after a resize).
    func layout() {
        state.terminalSize = (terminal.columns, terminal.rows)
        let shape = state.layout.gridShape
        if state.closet.grid.columns != shape.columns { state.closet.grid.columns = shape.columns }
        state.closet.grid.visibleRows = shape.rows
        state.closet.grid.scrollIntoView()
        state.review.cursor.visibleRows = max(1, terminal.rows - 6)
        state.closet.sidebarCursor.visibleRows = max(1, terminal.rows - 2)
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
                    state.question.conflict = EditConflict(mine: item, current: current, fields: fields)
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
                state.undo.append(.change(changes, what: .archive))
                state.message = state.say(
                    "Archived {0} ({1}); u undoes it.",
                    changes.count == 1 ? changes[0].before.displayName(state.language) : state.count(changes.count),
                    state.say(reason.rawValue))
            case .unarchive(let ids): state.undo.append(.change(try wardrobe.unarchive(ids), what: .unarchive))
            case .setAway(let ids, let status):
                state.undo.append(.change(try wardrobe.setAway(ids, status), what: .status(status)))
            case .laundryDone: state.undo.append(.change(try wardrobe.laundryDone(), what: .laundryDone))
            case .recategorize(let ids, let category):
                let changes = try wardrobe.confirm(ids, category: category)
                state.undo.append(.change(changes, what: .category))
                state.message = state.recategorizedMessage(changes, category: category)
            case .wear(let ids):
                let day = Day.string(Date())
                let sent = try wardrobe.logWear(items: ids, day: day)
                state.undo.append(.wear(ids, day: day))
                // Several items, confirmed with y: said here (one item, or Today's outfit, said it already).
                if state.message == nil {
                    let names = ids.compactMap { state.item($0)?.displayName(state.language) }.joined(separator: ", ")
                    state.message = state.say("Logged a wear today of {0}: {1} (u undoes it).", state.count(ids.count), names)
                }
                if !sent.isEmpty {
                    // Undone first, then the wear.
                    state.undo.append(.change(sent, what: .status(.laundry)))
                    state.message =
                        (state.message.map { $0 + " " } ?? "")
                        + state.say("To the laundry: {0}.", sent.map { $0.after.displayName(state.language) }.joined(separator: ", "))
                }
            case .undo(let step): try undo(step)
            case .saveOutfit(let name, let ids): try wardrobe.saveOutfit(name: name, itemIDs: ids); return
            case .rememberOrder(let order): try wardrobe.setSetting(ItemOrder.settingKey, order.rawValue); return
            case .importPaths(let paths):
                state.importFiles.knownFolder = nil  // the folder's marks are found again
                try importPhotos(paths)
            case .receivePhotos:
                state.importFiles.knownFolder = nil  // the folder's marks are found again
                try receiveFromPhone()
            case .suggest(let temp, let asked): suggest(temp, asked: asked); return  // items unchanged: nothing to re-read
            case .swap(let card, let piece): swap(card: card, piece: piece); return
            case .planWeek: planWeek(); return
            case .loadCalendar: loadCalendar(); return
            case .loadStats: loadStats(); return
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
            state.message = state.say("Error: ") + Self.words(for: error, state.language)
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

    /// The TUI's words for an error, in `language`: what happened, and what to do here. A free-form message
    /// the catalog knows is said in the person's language too.
    static func words(for error: Error, _ language: Language = .en) -> String {
        func t(_ english: String) -> String { Strings.text(english, language) }
        if let weather = error as? WeatherError {
            switch weather.cause {
            case .noSource: return t("no temperature yet: press T to type one (or set your place with closet profile --city)")
            case .noForecast, .unreachable: return t(weather.description) + t(": press T to type the temperature")
            case .invalid: return t(weather.description)
            }
        }
        guard let error = error as? ClosetError else { return "\(error)" }
        let message = t(error.message(language))
        switch error {
        case .itemNotFound(let id): return Strings.format("item {0} is gone: another closet deleted it meanwhile", language, "\(id)")
        case .noWearLogged(let item, _):
            return Strings.format("item {0} has no wear logged today", language, "\(item)") + t(": nothing to undo")
        case .damaged: return message + t(". Quit (q) and run closet doctor to repair it")
        case .symbolicLink: return message + t(". Quit (q) and run closet doctor")
        case .damagedSetting: return message + t(". Quit (q) and run closet profile --reset")
        case .noClassifier: return message + t(": choose it with c")
        default: return message
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
            self.state.message = self.state.say("Importing {0}/{1} {2} {3}/s", "\(done)", "\(total)", bar, String(format: "%.1f", rate))
            screens.draw(self.state, weather: self.weatherLine)
        }
        let review = report.imported.filter { $0.1.needsReview }.count
        state.message =
            state.say(
                "Imported {0}, duplicates {1}, failed {2}", "\(report.imported.count)", "\(report.duplicates.count)",
                "\(report.failed.count)")
            + (review > 0 ? state.say("; {0} to review (r)", "\(review)") : "")
            + (report.failed.first.map { " — \(Self.fileName($0.0)): \($0.1)" } ?? "")
        if review > 0 { state.stack.append(.review) }  // `perform` reloads the items after this
        if !report.imported.isEmpty { startCutouts() }
    }
}
