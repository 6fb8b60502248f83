import ArgumentParser
import ClosetKit
import Foundation
import Importer
import Segmenter

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: Output.helpText("Check the wardrobe: database integrity, missing and orphaned photos, the trash, the schema."),
        discussion: """
            Without options nothing is changed. --fix repairs what can be repaired safely: it rebuilds the \
            indexes, moves staged copies left by an interrupted write to photos/.trash/ (emptied after 30 days), \
            and removes what a killed restore or export left. Photos closet stored that no item uses are never \
            trash: --rebuild makes items of them again (after a lost database or an interrupted rebuild; it can \
            be stopped and run again). Files closet did not write are reported and left where they are.
            Exit status: 0 healthy, 1 something needs attention, 65 the database is damaged.
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
        let store = try wardrobe.open(mode: fix ? .normal : .read)
        var repair: DoctorRepair?
        let report: DoctorReport
        if fix {
            let done = try store.repair()
            repair = done
            report = done.report
        } else {
            report = try store.examine()
        }
        // The garment masks, once the database reads: checked, and with --fix the damaged and missing made again.
        var masks = report.integrity.isEmpty ? try MaskCheck(wardrobe: store).examine() : nil
        var maskRepair: MaskCheck.Repair?
        if fix, let found = masks, !found.damaged.isEmpty || found.missing > 0 {
            maskRepair = try Self.repairMasks(store, found, quiet: json)
            masks = try MaskCheck(wardrobe: store).examine()
        }
        if json {
            var object = Self.json(report, repair: repair)
            if let masks { object["masks"] = Self.json(masks, repair: maskRepair) }
            try Output.jsonObject(object)
        } else {
            if let repair { Self.printRepair(repair) }
            Self.printReport(report, trashFolder: store.photos.trash, fixing: fix)
            if let masks { Self.printMasks(masks, repair: maskRepair, fixing: fix) }
        }
        if !report.integrity.isEmpty { throw ExitCode(65) }
        if !report.isHealthy || !(masks?.damaged.isEmpty ?? true) { throw ExitCode(1) }
    }

    /// Makes the damaged and missing masks from their photos, with a progress bar on a terminal.
    static func repairMasks(_ store: Wardrobe, _ masks: MaskCheck.Report, quiet: Bool) throws -> MaskCheck.Repair {
        let refresh = try ModelLoader.segmenterIfInstalled().map { first in
            MaskRefresh(wardrobe: store, segmenters: [first] + (try (1..<MaskPass.workers).map { _ in try first.another() }))
        }
        let progress = LazyProgress(shown: !quiet)
        let repair = try MaskCheck(wardrobe: store).repair(masks, with: refresh, progress: progress.report)
        progress.finish()
        return repair
    }

    static func json(_ masks: MaskCheck.Report, repair: MaskCheck.Repair?) -> [String: Any] {
        var object: [String: Any] = [
            "sound": masks.sound, "missing": masks.missing,
            "damaged": masks.damaged.map { ["photo": $0.hash, "error": $0.why] as [String: Any] },
        ]
        if let repair {
            object["repaired"] = [
                "remade": repair.remade, "cleared": repair.cleared, "made": repair.made,
                "failed": repair.failed.map { ["photo": $0.hash, "error": $0.why] as [String: Any] },
            ]
        }
        return object
    }

    static func printMasks(_ masks: MaskCheck.Report, repair: MaskCheck.Repair?, fixing: Bool) {
        if let repair {
            if repair.remade > 0 { print("Made \(Words.count(repair.remade, "damaged mask")) again from the photos.") }
            if repair.cleared > 0 {
                print(
                    "Forgot \(Words.count(repair.cleared, "damaged mask")) that could not be made again (no segmentation model, or the photo does not read)."
                )
            }
            if repair.made > 0 { print("Made \(Words.count(repair.made, "missing mask")).") }
            for failure in repair.failed { print("Not cut out: photo \(failure.hash.prefix(12)): \(failure.why)") }
        }
        var line = "Masks:      \(masks.sound) sound"
        if masks.missing > 0 { line += ", \(masks.missing) not made yet (`closet cutout --all` makes them)" }
        if !masks.damaged.isEmpty {
            line +=
                ", \(masks.damaged.count) DAMAGED (never used): "
                + masks.damaged.prefix(5).map { "\($0.hash.prefix(12)) (\($0.why))" }.joined(separator: "; ")
            if !fixing { line += "; `closet doctor --fix` makes them again from the photos" }
        }
        print(line)
    }

    static func json(_ report: DoctorReport, repair: DoctorRepair?) -> [String: Any] {
        func sized(_ list: [(url: URL, bytes: Int)]) -> [[String: Any]] { list.map { ["path": $0.url.path, "bytes": $0.bytes] } }
        var object: [String: Any] = [
            "integrity": report.integrity, "schemaCurrent": report.schemaIsCurrent,
            "missingPhotos": report.missingPhotos.map { ["item": $0.item, "photo": $0.hash] as [String: Any] },
            "unreadablePhotos": report.unreadablePhotos.map { ["item": $0.item, "photo": $0.hash, "error": $0.reason] as [String: Any] },
            "damagedPhotos": report.damagedPhotos.map { ["item": $0.item, "photo": $0.hash] as [String: Any] },
            "unusedPhotoRows": report.unusedPhotoRows, "photosWithoutItems": report.photosWithoutItems.map(\.path),
            "redundantCopies": report.redundantCopies.map(\.path), "foreignFiles": report.foreignFiles.map(\.path),
            // `orphanFiles`, as earlier closets named them: the files no item uses, whatever becomes of them.
            "orphanFiles": (report.photosWithoutItems + report.redundantCopies + report.foreignFiles).map(\.path),
            "stagedFiles": sized(report.stagedFiles),
            "leftovers": report.leftovers.map { ["path": $0.url.path, "bytes": $0.bytes, "what": $0.what] as [String: Any] },
            "rebuildInterrupted": report.rebuildInterrupted,
            "trash": report.trash.map { ["day": $0.day, "files": $0.files] as [String: Any] }, "healthy": report.isHealthy,
        ]
        if let repair {
            object["repaired"] = [
                "reindexed": repair.reindexed, "movedToTrash": repair.movedToTrash.map(\.path), "removed": sized(repair.removed),
                "photoRowsDropped": repair.photoRowsDropped, "trashEmptied": repair.trashEmptied, "left": repair.left.map(Self.words),
            ]
        }
        return object
    }

    static func printRepair(_ repair: DoctorRepair) {
        if repair.reindexed { print("Rebuilt the indexes.") }
        if repair.photoRowsDropped > 0 { print("Dropped \(repair.photoRowsDropped) photo record(s) no item used.") }
        for file in repair.movedToTrash { print("Moved to the trash: \(SafeText.escaped(file.path))") }
        for (file, bytes) in repair.removed { print("Removed a leftover: \(SafeText.escaped(file.path)) (\(ExportCommand.size(bytes)))") }
        if repair.trashEmptied > 0 {
            print("Emptied \(repair.trashEmptied) file(s) older than \(PhotoStore.trashDays) days from the trash.")
        }
        for fault in repair.left { print("Not repaired: " + Self.words(fault)) }
    }

    static func printReport(_ report: DoctorReport, trashFolder: URL, fixing: Bool) {
        func list(_ files: [URL]) { for file in files.prefix(10) { print("            \(SafeText.escaped(file.path))") } }
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
        if !report.unreadablePhotos.isEmpty {
            print(
                "Unreadable: \(Words.count(report.unreadablePhotos.count, "item"))'s photo file cannot be read ("
                    + "\(report.unreadablePhotos[0].reason)): "
                    + report.unreadablePhotos.prefix(10).map { "#\($0.item)" }.joined(separator: ", ")
                    + "; check the permissions of the wardrobe's photos/ folder")
        }
        if !report.damagedPhotos.isEmpty {
            print(
                "Damaged:    \(Words.count(report.damagedPhotos.count, "item"))'s photo file is cut short: "
                    + report.damagedPhotos.prefix(10).map { "#\($0.item)" }.joined(separator: ", ") + "; restore it from a backup")
        }
        if report.rebuildInterrupted {
            print("Rebuild:    a `closet doctor --rebuild` was stopped before it finished: run it again to finish")
        }
        print(
            "Orphans:    "
                + (report.photosWithoutItems.isEmpty
                    ? "none"
                    : "\(Words.count(report.photosWithoutItems.count, "photo")) closet stored that no item uses: "
                        + "`closet doctor --rebuild` makes items of them (they are never trash)"))
        list(report.photosWithoutItems)
        if !report.redundantCopies.isEmpty {
            print("Copies:     \(report.redundantCopies.count) second copy(ies) of stored photos; --fix moves them to the trash")
            list(report.redundantCopies)
        }
        if !report.foreignFiles.isEmpty {
            print(
                "Not ours:   \(Words.count(report.foreignFiles.count, "file")) under photos/ that closet did not write; left alone (move them elsewhere)"
            )
            list(report.foreignFiles)
        }
        if !report.stagedFiles.isEmpty {
            let bytes = report.stagedFiles.map(\.bytes).reduce(0, +)
            print("Staged:     \(report.stagedFiles.count) file(s) left by an interrupted write (\(ExportCommand.size(bytes)))")
        }
        for leftover in report.leftovers {
            print("Leftover:   \(leftover.what): \(SafeText.escaped(leftover.url.path)) (\(ExportCommand.size(leftover.bytes)))")
        }
        let trashed = report.trash.map(\.files).reduce(0, +)
        print(
            "Trash:      "
                + (trashed == 0
                    ? "empty"
                    : "\(trashed) file(s) in \(trashFolder.path), since \(report.trash.first!.day); emptied after \(PhotoStore.trashDays) days")
        )
        let fixable =
            !report.unusedPhotoRows.isEmpty || !report.stagedFiles.isEmpty || !report.leftovers.isEmpty || !report.redundantCopies.isEmpty
        if fixable && !fixing { print("\nRun `closet doctor --fix` to repair what can be repaired safely.") }
        if !report.photosWithoutItems.isEmpty || report.rebuildInterrupted {
            print("\nRun `closet doctor --rebuild` to make items of the photos no item uses.")
        }
    }

    /// Items made again from the photos: each decoded, analysed and classified as an import would.
    /// What is left to do, in the CLI's words.
    static func words(_ fault: DoctorRepair.Unrepaired) -> String {
        switch fault {
        case .reindexFailed, .stillDamaged: "\(fault): restore a backup with `closet restore BACKUP`"
        case .photosWithoutItems: "\(fault); `closet doctor --rebuild` makes items of them"
        case .foreignFiles: "\(fault); move them out of the wardrobe"
        case .photoFilesMissing: "\(fault); restore the photos from a backup (`closet restore BACKUP` into a new wardrobe)"
        }
    }

    func runRecolour() throws {
        let store = try wardrobe.open()
        let refresh = ColourRefresh(wardrobe: store, classifier: try ModelLoader.classifierIfInstalled())
        let progress = LazyProgress()
        let outcome = try refresh.run(progress: progress.report)
        progress.finish()
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
        let importer = try PhotoImporter(
            wardrobe: store, classifier: try ModelLoader.refreshEmbeddings(store, with: try ModelLoader.classifierIfInstalled()))
        var template = ItemTemplate()
        template.category = try category.map { try store.taxonomy.require(category: $0).id.rawValue }
        if importer.classifier == nil && template.category == nil {
            throw ClosetError.usage(
                "no classifier model is installed: give --category C for the rebuilt items (`closet categories` lists them)")
        }
        // Only the photos no item uses: a rebuild stopped half-way, or run on a wardrobe that lost some rows,
        // adds what is missing and never makes an item twice.
        let files = try store.beginRebuild()
        guard !files.isEmpty else {
            guard store.photos.holdsPhotos() else { throw ClosetError.noInput("\(store.photos.root.path) holds no photos to rebuild from") }
            try store.finishRebuild()
            if json { try Output.jsonObject(ImportReport().json) } else { print("Every photo already has an item: nothing to rebuild.") }
            return
        }
        StopSignals.install()
        let bar = Output.stderrIsTerminal && !json ? ProgressBar(total: files.count) : nil
        let report = importer.importFiles(
            files, template: template, progress: { done, _ in bar?.update(done) }, shouldStop: { StopSignals.stopRequested })
        bar?.finish()
        if !report.stopped { try store.finishRebuild() }
        if json {
            try Output.jsonObject(report.json)
        } else {
            print(
                "Rebuilt \(Words.count(report.imported.count, "item")) from the photos; failed \(report.failed.count). "
                    + "Check their categories with `closet list --review`: names, prices and wears were in the lost database.")
            for (file, error) in report.failed { print("  failed: \(SafeText.escaped(file.path)): \(error)") }
        }
        if report.stopped {
            Output.error(
                "stopped by \(StopSignals.name) after \(report.outcomes.count) of \(files.count) photos, each item whole: "
                    + "run `closet doctor --rebuild` again to add the rest")
            throw ExitCode(128 + StopSignals.received)
        }
        if !report.failed.isEmpty { throw ExitCode(65) }
    }
}
