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
        let before = current
        try item.apply(to: &current)
        if let status {
            guard let s = ItemStatus(rawValue: status.lowercased()), s != .archived else {
                throw ClosetError.usage(
                    "--status takes active, laundry, repair or wishlist; archive with `closet archive \(id) --reason …`")
            }
            current.status = s
            current.archiveReason = nil
        }
        let saved = try store.update(current)
        print(id)
        Output.note(Self.words(before: before, after: saved))
    }

    /// What an edit changed on which item, and the command that sets it back.
    static func words(before: Item, after: Item) -> String {
        let undo = undoArguments(before: before, after: after)
        // Typed text on one line: a newline in a name never starts a line of its own.
        let name = SafeText.escaped(after.displayName(Output.language))
        guard !undo.changed.isEmpty else {
            return Output.format("Item {0} \"{1}\" unchanged: it already read so.", "\(after.id)", name)
        }
        let what = Output.format(
            "Changed item {0} \"{1}\": {2}.", "\(after.id)", name,
            undo.changed.map { Output.text($0) }.joined(separator: ", "))
        guard !undo.arguments.isEmpty else { return what }
        let command = (["closet", "edit", "\(after.id)"] + undo.arguments).joined(separator: " ")
        return what + " " + Output.format("`{0}` sets it back.", command)
    }

    /// The fields that differ, and the options that give each its old value back (where an option can).
    static func undoArguments(before: Item, after: Item) -> (changed: [String], arguments: [String]) {
        var changed: [String] = [], arguments: [String] = []
        func field(_ name: String, _ differs: Bool, _ options: @autoclosure () -> [String]) {
            guard differs else { return }
            changed.append(name)
            arguments += options()
        }
        func yesNo(_ value: Bool?) -> String { value.map { $0 ? "yes" : "no" } ?? "default" }
        field("name", before.name != after.name, ["--name", quoted(before.name)])
        field("category", before.category != after.category, ["--category", before.category.rawValue])
        field("colours", before.colors != after.colors, before.colors.flatMap { ["--color", quoted($0)] })
        field("seasons", before.seasons != after.seasons, before.seasons.flatMap { ["--season", $0.rawValue] })
        field("styles", before.styles != after.styles, before.styles.flatMap { ["--style", quoted($0)] })
        field("thickness", before.thickness != after.thickness, ["--thickness", "\(before.thickness)"])
        field("brand", before.brand != after.brand, ["--brand", quoted(before.brand ?? "")])
        field("price", before.price != after.price, before.price.map { ["--price", "\($0)"] } ?? [])
        field("size", before.size != after.size, ["--size", quoted(before.size ?? "")])
        field("comment", before.comment != after.comment, ["--comment", quoted(before.comment ?? "")])
        field("status", before.status != after.status, before.status == .archived ? [] : ["--status", before.status.rawValue])
        field(
            "formality", before.formalityOverride != after.formalityOverride,
            before.formalityOverride.map { ["--formality", "\($0)"] } ?? [])
        field("pattern", before.pattern != after.pattern, ["--pattern", before.pattern.rawValue])
        field("open", before.openOverride != after.openOverride, ["--open", yesNo(before.openOverride)])
        field("rain fit", before.rainproofOverride != after.rainproofOverride, ["--rain-fit", yesNo(before.rainproofOverride)])
        return (changed, arguments)
    }

    /// `text` as one shell word on one line: in single quotes (a quote inside written '\''), or, when it holds a
    /// control character (a newline typed in a comment), in bash's $'…' with the character escaped.
    static func quoted(_ text: String) -> String {
        let plain = !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.,/".contains($0)) }
        if plain { return text }
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        var out = "$'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.properties.generalCategory == .control: out += String(format: "\\x%02x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
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
        let item = try wardrobe.open().archive(id, reason: reason)
        print(id)
        Output.note(
            Output.format(
                "Archived item {0} \"{1}\" ({2}). `closet edit {0} --status active` brings it back.", "\(id)",
                SafeText.escaped(item.displayName(Output.language)), Output.text(reason.rawValue)))
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
