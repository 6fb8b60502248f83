import ArgumentParser
import ClosetKit
import Foundation

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "edit", abstract: Output.helpText("Change an item's attributes."))

    @OptionGroup var wardrobe: WardrobeOptions
    @OptionGroup var item: ItemOptions
    @Option(help: "Move to: active, laundry, repair or wishlist (use `closet archive` to archive).") var status: String?
    @Argument(help: "The item id.") var id: Int64

    func run() throws {
        let store = try wardrobe.open()
        var current = try store.item(id)
        try item.apply(to: &current)
        if let status {
            guard let s = ItemStatus(rawValue: status.lowercased()), s != .archived else {
                throw ClosetError.usage(
                    "--status takes active, laundry, repair or wishlist; archive with `closet archive \(id) --reason …`")
            }
            current.status = s
            current.archiveReason = nil
        }
        try store.update(current)
        print(id)
    }
}

struct ArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive", abstract: Output.helpText("Archive an item that left the closet."))

    @OptionGroup var wardrobe: WardrobeOptions
    @Option(help: "Why: sold, donated, lost or other.") var reason: String
    @Argument(help: "The item id.") var id: Int64

    func run() throws {
        guard let reason = ArchiveReason(rawValue: reason.lowercased()) else {
            throw ClosetError.usage("unknown reason '\(self.reason)': use sold, donated, lost or other")
        }
        try wardrobe.open().archive(id, reason: reason)
        print(id)
    }
}

struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm", abstract: Output.helpText("Delete an item (its photo moves to the trash when nothing else uses it)."))

    @OptionGroup var wardrobe: WardrobeOptions
    @Flag(name: [.short, .long], help: "Do not ask.") var yes = false
    @Argument(help: "The item id.") var id: Int64

    func run() throws {
        let store = try wardrobe.open()
        let item = try store.item(id)
        if !yes {
            guard Output.stdinIsTerminal else {
                throw ClosetError.usage("not deleting item \(id) without confirmation: pass --yes")
            }
            let name = SafeText.escaped(item.displayName(Output.language))
            Output.stderr(Output.format("Delete item {0} \"{1}\"? [y/N] ", "\(id)", name))
            guard let answer = CLIContext.readLine(), ["y", "yes"].contains(answer.lowercased()) else {
                Output.note(Output.format("Kept item {0}.", "\(id)"))
                return
            }
        }
        try store.remove(id)
        Output.note(Output.format("Deleted item {0} \"{1}\".", "\(id)", item.displayName(Output.language)))
    }
}
