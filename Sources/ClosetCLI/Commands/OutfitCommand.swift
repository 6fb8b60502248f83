import ArgumentParser
import ClosetKit
import Cutouts
import Foundation
import Imaging
import Stylist

struct OutfitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outfit", abstract: Output.helpText("Saved outfits."), subcommands: [Save.self, List.self, Show.self, Remove.self])

    struct Save: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "save", abstract: Output.helpText("Save items as an outfit."))
        @OptionGroup var wardrobe: WardrobeOptions
        @Argument(help: "A name for the outfit.") var name: String
        @Argument(help: "Item ids.") var items: [Int64]
        func run() throws { print(try wardrobe.open().saveOutfit(name: name, itemIDs: items).id) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: Output.helpText("List saved outfits."))
        @OptionGroup var wardrobe: WardrobeOptions
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            let outfits = try wardrobe.open(mode: .read).outfits()
            if json {
                try Output.jsonObject(outfits.map { ["id": $0.id, "name": $0.name, "items": $0.itemIDs] as [String: Any] })
                return
            }
            if outfits.isEmpty { Output.note("No outfits yet: `closet outfit save NAME ID ID …`") }
            for o in outfits {
                print(Output.column(String(o.id), 6) + Output.column(o.name, 24) + o.itemIDs.map(String.init).joined(separator: " "))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: Output.helpText("Show an outfit's items; with -o, draw it as one picture."))
        @OptionGroup var wardrobe: WardrobeOptions
        @Argument(help: "The outfit id.") var id: Int64
        @Option(
            name: .shortAndLong,
            help: "Write the outfit as one picture, a PNG: its garments cut out (closet profile --backdrop) and laid out as worn.")
        var output: String?
        @Flag(help: "Replace the output file when it exists.") var force = false

        /// The picture's size: portrait, as a person stands.
        static let canvas = PixelSize(width: 720, height: 960)

        func run() throws {
            if let output, !force, FileManager.default.fileExists(atPath: output) {
                throw ClosetError.cannotCreate(
                    Output.format("{0} exists: choose another name, or add --force to replace it", SafeText.escaped(output)))
            }
            let store = try wardrobe.open(mode: .read)
            let outfit = try store.outfit(id)
            let items = try outfit.itemIDs.map { try store.item($0) }
            print("\(SafeText.escaped(outfit.name)) (outfit \(id))")
            for item in items {
                print(
                    "  " + Output.column("#\(item.id)", 6) + Output.column(item.displayName(Output.language), 26)
                        + (store.taxonomy.category(item.category)?.en ?? item.category.rawValue))
            }
            guard let output else { return }
            let picture: RGBImage?
            do {
                picture = try StoredGarment(store).outfit(items, canvas: Self.canvas, backdrop: try store.profile().backdrop)
            } catch let error as ImagingError {
                throw ClosetError.badData(Output.format("a photo of outfit {0} cannot be read: {1}", "\(id)", error.description))
            }
            guard let picture else {
                throw ClosetError.noInput(Output.format("no item of outfit {0} has a photo: there is nothing to draw", "\(id)"))
            }
            try CutoutCommand.write(try ImageEncoder.png(picture), to: URL(fileURLWithPath: output))
            Output.note(Output.format("Wrote {0}.", SafeText.escaped(output)))
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm", abstract: Output.helpText("Delete a saved outfit (its items stay)."))
        @OptionGroup var wardrobe: WardrobeOptions
        @Argument(help: "The outfit id.") var id: Int64
        func run() throws { try wardrobe.open().removeOutfit(id); Output.note("Deleted outfit \(id).") }
    }
}

struct WearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wear", abstract: Output.helpText("Log that items (or a saved outfit, with --outfit) were worn."))

    @OptionGroup var wardrobe: WardrobeOptions
    @Option(help: "The day (YYYY-MM-DD, today, yesterday); with --to, the first day.") var date: String = "today"
    @Option(help: "The last day of a trip: one wear of each item every day from --date to this (at most 92 days).") var to: String?
    @Flag(help: "The id is a saved outfit's.") var outfit = false
    @Flag(help: "Remove one logged wear of each item on the day instead (a wear logged by mistake).") var undo = false
    @Flag(help: "Log the wear of an archived item too (one worn before it left the closet).") var force = false
    @Argument(help: "Item ids, or one outfit id with --outfit.") var ids: [Int64]

    func validate() throws {
        if undo && outfit { throw ValidationError("--undo takes item ids, not --outfit") }
        if to != nil && (undo || outfit) { throw ValidationError("--to logs items over several days: not with --undo or --outfit") }
    }

    func run() throws {
        let store = try wardrobe.open()
        let day = try Day.parse(date, latest: Day.latestWearDay())
        if undo {
            try store.undoWear(items: ids, day: day)
            Output.note(
                Output.format(
                    ids.count == 1 ? "Removed a wear of item {0} on {1}." : "Removed a wear of items {0} on {1}.",
                    ids.map(String.init).joined(separator: ", "), day))
            return
        }
        if !outfit && !force { try Self.refuseArchived(ids, in: store) }
        if let to {
            let last = try Day.parse(to, latest: Day.latestWearDay())
            let (days, laundry) = try store.logTrip(items: ids, from: day, through: last)
            Self.sayLaundry(laundry)
            Output.note(
                Output.format(
                    ids.count == 1
                        ? "Logged item {0} worn every day from {1} to {2} ({3})."
                        : "Logged items {0} worn every day from {1} to {2} ({3}).",
                    ids.map(String.init).joined(separator: ", "), day, last,
                    Words.count(days.count, .day, language: Output.language)))
            return
        }
        if outfit {
            guard ids.count == 1 else { throw ClosetError.usage("--outfit takes one outfit id") }
            Self.sayLaundry(try store.logWear(outfit: ids[0], day: day))
        } else {
            Self.sayLaundry(try store.logWear(items: ids, day: day))
        }
        Output.note(
            Output.format(
                outfit
                    ? "Logged outfit {0} worn on {1}." : ids.count == 1 ? "Logged item {0} worn on {1}." : "Logged items {0} worn on {1}.",
                ids.map(String.init).joined(separator: ", "), day))
        if !outfit {
            Output.note(
                Output.format("`closet wear --undo --date {0} {1}` takes it back.", day, ids.map(String.init).joined(separator: " ")))
        }
    }

    /// An archived item (sold, donated, lost) is out of the closet: a wear of it is refused, saying which and
    /// what to do, unless --force says it was worn before it left.
    static func refuseArchived(_ ids: [Int64], in store: Wardrobe) throws {
        for id in ids {
            let item = try store.item(id)
            guard item.status == .archived else { continue }
            throw ClosetError.usage(
                Output.format(
                    "item {0} \"{1}\" is archived ({2}): no wear was logged. `closet edit {0} --status active` brings it back; "
                        + "--force logs the wear anyway (one from before it left)", "\(item.id)",
                    SafeText.escaped(item.displayName(Output.language)), Output.text(item.archiveReason?.rawValue ?? "archived")))
        }
    }

    /// Says which items went to the laundry by habit (`closet profile --laundry-after`).
    static func sayLaundry(_ sent: [ItemChange]) {
        for item in sent.map(\.after) {
            Output.note(
                Output.format(
                    "#{0} {1} goes to the laundry (`closet laundry --done` brings it back).", "\(item.id)",
                    item.displayName(Output.language)))
        }
    }
}
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: Output.helpText("What is worn, what sits unworn, and cost per wear."))

    @OptionGroup var wardrobe: WardrobeOptions
    @Option(help: "Unworn for at least this many days.") var days = 90
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let store = try wardrobe.open(mode: .read)
        let stats = try WardrobeStats(wardrobe: store, unwornDays: days)
        if json { return try Output.json(StatsJSON(stats)) }
        // Words from the catalog in the person's language; ids, names and numbers as they are.
        let lang = Output.language
        func t(_ english: String) -> String { Strings.text(english, lang) }
        func name(_ item: Item) -> String { item.displayName(lang) }
        print(t("Items per category:"))
        for (category, count, cells) in stats.categoryBars() {
            let label = lang == .en ? category : store.taxonomy.category(CategoryID(category))?.displayName(lang) ?? category
            print("  " + Output.column(label, 16) + String(repeating: "█", count: cells) + " \(count)")
        }
        let mostWorn = stats.mostWorn.map { "#\($0.item.id) \(name($0.item)) (\($0.wears))" }
        print("\n\(t("Most worn:"))  " + (mostWorn.isEmpty ? t("nothing worn yet") : mostWorn.joined(separator: ", ")))
        print("\(t("Least worn:")) " + stats.leastWorn.map { "#\($0.item.id) \(name($0.item)) (\($0.wears))" }.joined(separator: ", "))
        print("\n" + Strings.format("Not worn for {0} days or more: {1}", lang, "\(days)", "\(stats.unworn.count)"))
        for e in stats.unworn.prefix(15) {
            print("  #\(e.item.id) \(name(e.item))" + (e.lastWorn.map { Strings.format(", last {0}", lang, $0) } ?? t(", never")))
        }
        // A heading is never left bare.
        print("\n" + t("Cost per wear:") + (stats.costPerWear.isEmpty ? " " + t("no item has a price yet") : ""))
        for e in stats.costPerWear.prefix(10) {
            print(
                "  " + Output.column("#\(e.item.id) \(name(e.item))", 32) + String(format: "%.2f", e.costPerWear!)
                    + (e.wears == 0 ? t(" (not worn yet)") : Strings.format(" over {0} wears", lang, "\(e.wears)")))
        }
        print(
            "\n"
                + Strings.format(
                    "Worn this {0}: {1}% of the closet", lang, t(stats.season.rawValue), String(format: "%.0f", stats.wornThisSeason * 100))
        )
        if !stats.away.isEmpty {
            print("\n" + t("Away:"))
            for (item, since) in stats.away {
                print(
                    "  #\(item.id) \(name(item)): \(t(item.status == .repair ? "in repair" : "in the laundry"))"
                        + (since.map { Strings.format(" since {0}", lang, Day.string($0)) } ?? "")
                        + (item.status == .repair ? (item.comment.map { " (\(SafeText.escaped($0)))" } ?? "") : ""))
            }
        }
    }
}
