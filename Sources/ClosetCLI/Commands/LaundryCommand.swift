import ArgumentParser
import ClosetKit
import Foundation

struct LaundryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "laundry", abstract: Output.helpText("Send items to the laundry, or bring all of it back."),
        discussion: """
            Items in the laundry (or in repair: `closet edit ID --status repair --comment "hem"`) stay in the closet \
            but are never suggested until they are back. `closet list --status laundry` lists them.
            """)

    @OptionGroup var wardrobe: WardrobeOptions
    @Flag(help: "Bring everything in the laundry back.") var done = false
    @Argument(help: "The ids of the items going to the laundry.") var ids: [Int64] = []

    func validate() throws {
        if done == !ids.isEmpty {
            throw ValidationError(done ? "--done brings all back: give no ids" : "give the ids of the items, or --done")
        }
    }

    func run() throws {
        let store = try wardrobe.open()
        if done {
            let back = try store.laundryDone()
            print(
                back.isEmpty
                    ? Output.text("Nothing was in the laundry.")
                    : Output.format("Back from the laundry: {0}.", Words.count(back.count, .item, language: Output.language)))
            return
        }
        let sent = try store.setAway(ids, .laundry)
        print(
            Output.format(
                "In the laundry: {0}.", sent.map { "#\($0.after.id ?? 0) \($0.after.displayName(Output.language))" }.joined(separator: ", ")
            ))
    }
}
