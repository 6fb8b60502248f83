import ArgumentParser
import ClosetKit
import Foundation
import Imaging
import Importer

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: Output.helpText("Add items from photos (or without one, with --no-photo), printing their ids."))

    @OptionGroup var wardrobe: WardrobeOptions
    @OptionGroup var item: ItemOptions
    @Flag(help: "Add to the wishlist instead of the closet.") var wishlist = false
    @Flag(name: .customLong("no-photo"), help: "Add an item without a photo (needs --category and --name).") var noPhoto = false
    @Argument(help: "Photo files (JPEG, PNG, HEIC, AVIF or WebP).") var photos: [String] = []

    func validate() throws {
        if photos.isEmpty && !noPhoto { throw ValidationError("give at least one photo, or --no-photo with --category and --name") }
        if noPhoto && (item.category == nil || item.name == nil) { throw ValidationError("--no-photo needs --category and --name") }
    }

    func run() throws {
        let store = try wardrobe.open()
        let template = try item.template(status: wishlist ? .wishlist : .active)
        if noPhoto {
            let category = Taxonomy.shared.category(CategoryID(template.category!))!
            var new = NewItem(
                name: template.name!, category: category.id, colors: template.colors,
                seasons: template.seasons.isEmpty ? category.seasons : template.seasons,
                styles: template.styles.isEmpty ? category.defaultStyles : template.styles,
                thickness: template.thickness ?? category.thickness, brand: template.brand, price: template.price, size: template.size,
                comment: template.comment, status: template.status)
            new.apply(template, estimatedPattern: .solid)
            let added = try store.add(new)
            print(added.id)
            return
        }
        // Paths are bytes: a name that is not UTF-8 is found, opened and shown (\xNN) as import does.
        let files = photos.map(FileCollector.url(argument:))
        for file in files {
            let path = SafeText.escaped(bytes: file.filePathBytes)
            var info = stat()
            guard stat(file.filePathBytes.map { CChar(bitPattern: $0) } + [0], &info) == 0 else {
                throw ClosetError.noInput("\(path) does not exist: check the path")
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                throw ClosetError.usage("\(path) is a folder: `closet add` takes photo files; use `closet import` for folders")
            }
        }
        let classifier = try ModelLoader.refreshEmbeddings(
            store, with: try ModelLoader.classifierIfInstalled(required: template.category == nil))
        let importer = try PhotoImporter(wardrobe: store, classifier: classifier)
        let report = importer.importFiles(files, template: template)
        func shown(_ file: URL) -> String { SafeText.escaped(bytes: file.filePathBytes) }
        for (_, item) in report.imported { print(item.id) }
        for (file, id) in report.duplicates {
            Output.note(Output.format("{0} is already in the wardrobe as item {1}", shown(file), "\(id)"))
        }
        if let (file, error) = report.failed.first {
            for (f, e) in report.failed.dropFirst() { Output.error("\(shown(f)): \(e)") }
            throw ClosetError.badData("\(shown(file)): \(error)")
        }
    }
}
