import ArgumentParser
import ClosetKit
import Foundation
import Importer

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: Output.helpText("Check the wardrobe: database integrity, missing and orphaned photos, the trash, the schema."),
        discussion: """
            Without options nothing is changed. --fix repairs what can be repaired safely: it rebuilds the \
            indexes, and moves photo files no item uses to photos/.trash/ (emptied after 30 days). --rebuild \
            fills a wardrobe whose database was lost (missing or empty) with items made again from its photos.
            """)

    @OptionGroup var wardrobe: WardrobeOptions
    @Flag(help: "Repair what can be repaired without losing anything.") var fix = false
    @Flag(help: "Make items again from the photos of a wardrobe whose database is missing or empty.") var rebuild = false
    @Flag(help: "Recompute the colours closet found (never typed ones) from the photos; generated names follow.") var recolour = false
    @Flag(help: "Print JSON.") var json = false
    @Option(help: "With --rebuild and no classifier model: the category to give every item (then review them).") var category: String?

    func validate() throws {
        if [fix, rebuild, recolour].filter({ $0 }).count > 1 { throw ValidationError("give one of --fix, --rebuild and --recolour") }
    }

    func run() throws {
        if rebuild { return try runRebuild() }
        if recolour { return try runRecolour() }
        let store = try wardrobe.open()
        var repair: DoctorRepair?
        let report: DoctorReport
        if fix {
            let done = try store.repair()
            repair = done
            report = done.report
        } else {
            report = try store.examine()
        }
        if json {
            var object: [String: Any] = [
                "integrity": report.integrity, "schemaCurrent": report.schemaIsCurrent,
                "missingPhotos": report.missingPhotos.map { ["item": $0.item, "photo": $0.hash] as [String: Any] },
                "unusedPhotoRows": report.unusedPhotoRows, "orphanFiles": report.orphanFiles.map(\.path),
                "stagedFiles": report.stagedFiles.map(\.path),
                "trash": report.trash.map { ["day": $0.day, "files": $0.files] as [String: Any] }, "healthy": report.isHealthy,
            ]
            if let repair {
                object["repaired"] = [
                    "reindexed": repair.reindexed, "movedToTrash": repair.movedToTrash.map(\.path),
                    "photoRowsDropped": repair.photoRowsDropped, "trashEmptied": repair.trashEmptied, "left": repair.left.map(Self.words),
                ]
            }
            try Output.jsonObject(object)
        } else {
            if let repair {
                if repair.reindexed { print("Rebuilt the indexes.") }
                if repair.photoRowsDropped > 0 { print("Dropped \(repair.photoRowsDropped) photo record(s) no item used.") }
                for file in repair.movedToTrash { print("Moved to the trash: \(file.path)") }
                if repair.trashEmptied > 0 {
                    print("Emptied \(repair.trashEmptied) file(s) older than \(PhotoStore.trashDays) days from the trash.")
                }
                for fault in repair.left { print("Not repaired: " + Self.words(fault)) }
            }
            print("Database:   " + (report.integrity.isEmpty ? "ok" : "DAMAGED: " + report.integrity.prefix(5).joined(separator: "; ")))
            print(
                "Schema:     "
                    + (report.schemaIsCurrent
                        ? "current (\(report.migrationsApplied.last ?? "?"))"
                        : "applied \(report.migrationsApplied.joined(separator: ", ")), this closet knows \(report.migrationsKnown.joined(separator: ", "))")
            )
            print(
                "Photos:     "
                    + (report.missingPhotos.isEmpty
                        ? "every item's photo is there"
                        : "\(Words.count(report.missingPhotos.count, "item")) without their photo file: "
                            + report.missingPhotos.prefix(10).map { "#\($0.item)" }.joined(separator: ", ")))
            print("Orphans:    " + (report.orphanFiles.isEmpty ? "none" : "\(report.orphanFiles.count) file(s) no item uses"))
            for file in report.orphanFiles.prefix(10) { print("            \(file.path)") }
            if !report.stagedFiles.isEmpty { print("Staged:     \(report.stagedFiles.count) file(s) left by an interrupted write") }
            let trashed = report.trash.map(\.files).reduce(0, +)
            print(
                "Trash:      "
                    + (trashed == 0
                        ? "empty"
                        : "\(trashed) file(s) in \(store.photos.trash.path), since \(report.trash.first!.day); emptied after \(PhotoStore.trashDays) days")
            )
            if !report.isHealthy && !fix { print("\nRun `closet doctor --fix` to repair what can be repaired safely.") }
        }
        if !report.integrity.isEmpty { throw ExitCode(65) }
    }

    /// Items made again from the photos: each decoded, analysed and classified as an import would.
    /// What is left to do, in the CLI's words.
    static func words(_ fault: DoctorRepair.Unrepaired) -> String {
        switch fault {
        case .reindexFailed, .stillDamaged: "\(fault): restore a backup with `closet restore BACKUP`"
        case .photosWithoutItems: "\(fault); `closet doctor --rebuild` makes items from them"
        case .photoFilesMissing: "\(fault); restore the photos from a backup (`closet restore BACKUP` into a new wardrobe)"
        }
    }

    func runRecolour() throws {
        let store = try wardrobe.open()
        let refresh = ColourRefresh(wardrobe: store, classifier: try ModelLoader.classifierIfInstalled())
        var bar: ProgressBar?
        let outcome = try refresh.run { done, total in
            guard Output.stderrIsTerminal else { return }
            if bar == nil { bar = ProgressBar(total: total) }
            bar?.update(done)
        }
        bar?.finish()
        if json {
            try Output.jsonObject([
                "checked": outcome.checked, "recoloured": outcome.recoloured, "renamed": outcome.renamed,
                "failed": outcome.failed.map { ["id": $0.id, "error": $0.why] as [String: Any] },
            ])
            return
        }
        print(
            "Checked \(Words.count(outcome.checked, "item")) whose colours closet found: \(outcome.recoloured) recoloured, "
                + "\(outcome.renamed) renamed (typed colours and names are left alone).")
        for failure in outcome.failed { print("Not recoloured: item \(failure.id): \(failure.why)") }
    }

    func runRebuild() throws {
        let store = try wardrobe.open(mode: .recover)
        guard try store.summaries(ItemFilter(status: nil)).isEmpty else {
            throw ClosetError.usage("\(store.folder.path) has items: --rebuild only fills a wardrobe whose database was lost")
        }
        let files = store.photos.storedFiles().filter { $0.hash != nil }.map(\.url)
        guard !files.isEmpty else { throw ClosetError.noInput("\(store.photos.root.path) holds no photos to rebuild from") }
        let importer = try PhotoImporter(
            wardrobe: store, classifier: try ModelLoader.refreshEmbeddings(store, with: try ModelLoader.classifierIfInstalled()))
        var template = ItemTemplate()
        template.category = try category.map { try store.taxonomy.require(category: $0).id }
        if importer.classifier == nil && template.category == nil {
            throw ClosetError.usage(
                "no classifier model is installed: give --category C for the rebuilt items (`closet categories` lists them)")
        }
        let bar = Output.stderrIsTerminal && !json ? ProgressBar(total: files.count) : nil
        let report = importer.importFiles(files, template: template) { done, _ in bar?.update(done) }
        bar?.finish()
        if json { try Output.jsonObject(report.json); return }
        print(
            "Rebuilt \(Words.count(report.imported.count, "item")) from the photos; failed \(report.failed.count). "
                + "Check their categories with `closet list --review`: names, prices and wears were in the lost database.")
        for (file, error) in report.failed { print("  failed: \(file.path): \(error)") }
        if !report.failed.isEmpty { throw ExitCode(65) }
    }
}
