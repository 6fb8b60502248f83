import ArgumentParser
import ClosetKit

struct CategoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "categories", abstract: Output.helpText("List the groups and categories."))

    @OptionGroup var language: LanguageOption
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let lang = try language.resolve()
        let taxonomy = Taxonomy.shared
        if json {
            try Output.json(
                taxonomy.categories.map {
                    ["id": $0.id, "group": $0.group, "name": $0.displayName(lang), "warmth": String($0.warmth)]
                })
            return
        }
        for group in taxonomy.groups {
            print(group.displayName(lang))
            for c in taxonomy.categories(inGroup: group.id) {
                print("  " + Output.column(c.id, 16) + Output.column(c.displayName(lang), 24) + "warmth \(c.warmth)")
            }
        }
    }
}
