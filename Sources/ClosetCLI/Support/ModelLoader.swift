import Classifier
import ClosetKit
import Foundation
import Importer
import Inference

/// Finds and loads the shipped classifier model, wherever closet was installed.
///
/// The search order, first found wins:
/// 1. `$CLOSET_MODEL` (a manifest file or the folder holding `manifest.json`; `none` turns the classifier off);
/// 2. `<executable>/../share/closet/models/clothing/` (the executable's path resolved through symlinks: `make install`, the .deb);
/// 3. `closet/models/clothing/` under `$XDG_DATA_HOME` (else `~/.local/share`), then each of `$XDG_DATA_DIRS`
///    (else `/usr/local/share:/usr/share`);
/// 4. the source checkout this binary was built from, only when the binary lives inside it (development).
enum ModelLoader {
    /// Where closet looks for the model, in order, with the environment it reads.
    static func searchPath(
        environment: [String: String] = CLIContext.current.environment,
        executable: URL? = executableURL()
    ) -> [URL] {
        var places: [URL] = []
        if let executable {
            places.append(
                executable.deletingLastPathComponent().deletingLastPathComponent()
                    .appendingPathComponent("share/closet/models/clothing", isDirectory: true))
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/share"
        let dataDirs = (environment["XDG_DATA_DIRS"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/local/share:/usr/share")
            .split(separator: ":").map(String.init)
        for base in [dataHome] + dataDirs where base.hasPrefix("/") {
            places.append(URL(fileURLWithPath: base, isDirectory: true).appendingPathComponent("closet/models/clothing", isDirectory: true))
        }
        // Development: the checkout's models/, when this binary was built inside it.
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        if let executable, executable.path.hasPrefix(checkout.path + "/") {
            places.append(checkout.appendingPathComponent("models/clothing", isDirectory: true))
        }
        var seen = Set<String>()
        return places.filter { seen.insert($0.standardizedFileURL.path).inserted }
    }

    /// This executable's path, resolved through symbolic links (`/proc/self/exe`).
    static func executableURL() -> URL? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path).resolvingSymlinksInPath()
        }
        return Bundle.main.executableURL?.resolvingSymlinksInPath()
    }

    /// The manifest to load, nil when the classifier is turned off; throws when none is found, naming where it looked.
    static func installedManifest(environment: [String: String] = CLIContext.current.environment) throws -> URL? {
        let fm = FileManager.default
        if let value = environment["CLOSET_MODEL"] {
            if value.isEmpty || value == "none" { return nil }
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: value, isDirectory: &isDir) else {
                throw ClosetError.noInput(
                    "CLOSET_MODEL names \(value), which does not exist: give a model folder or its manifest.json, or none")
            }
            return isDir.boolValue ? URL(fileURLWithPath: value).appendingPathComponent("manifest.json") : URL(fileURLWithPath: value)
        }
        let places = searchPath(environment: environment)
        if let found = places.map({ $0.appendingPathComponent("manifest.json") }).first(where: { fm.fileExists(atPath: $0.path) }) {
            return found
        }
        throw ClosetError.noInput(
            "no classifier model found. closet looked in:\n"
                + (["$CLOSET_MODEL (not set)"] + places.map(\.path)).map { "  " + $0 }.joined(separator: "\n")
                + "\nInstall closet with `make install` (or the .deb), or set CLOSET_MODEL to a model folder (none turns the classifier off)"
        )
    }

    /// The classifier; nil when it is turned off with CLOSET_MODEL=none, or when no model is found and
    /// `required` is false (an import whose category is typed needs none). When it is required and none is
    /// found, the error lists where closet looked.
    /// `quiet`: no note on stderr (the TUI, whose screen a stray line would garble).
    static func classifierIfInstalled(required: Bool = false, quiet: Bool = false) throws -> CNNClassifier? {
        let manifest: URL?
        do { manifest = try installedManifest() } catch let error as ClosetError where !required && error.kind == .noInput {
            if !quiet && CLIContext.current.environment["CLOSET_MODEL"] == nil {
                Output.note("note: no classifier model found; items need --category")
            }
            return nil
        }
        guard let url = manifest else { return nil }
        do { return try CNNClassifier(manifestURL: url) } catch let error as InferenceError {
            throw ClosetError.badData("\(url.path): \(error.description)")
        }
    }

    /// Computes again, before anything compares them, the embeddings of the wardrobe's photos that another
    /// model made (or that were stored before closet recorded which model made them): a note and a progress
    /// bar on stderr, nothing at all when none is stale. Returns the classifier, for chaining.
    @discardableResult
    static func refreshEmbeddings(_ store: Wardrobe, with classifier: CNNClassifier?, quiet: Bool = false) throws -> CNNClassifier? {
        guard let classifier else { return nil }
        try refresh(store, stale: try store.photosWithStaleEmbeddings(model: classifier.embeddingModel), with: classifier, quiet: quiet)
        return classifier
    }

    /// As `refreshEmbeddings(_:with:quiet:)` for what needs only the name of the embedding's network
    /// (`similar`, the TUI before it starts): reads the installed manifest, and loads the weights only when
    /// there are photos to compute again. Nil when the classifier is off or not installed.
    static func refreshEmbeddingsIfStale(_ store: Wardrobe) throws -> String? {
        let found: URL?
        do { found = try installedManifest() } catch let error as ClosetError where error.kind == .noInput { return nil }
        guard let url = found else { return nil }
        let manifest: ModelManifest
        do { manifest = try ModelManifest.load(url) } catch let error as InferenceError {
            throw ClosetError.badData("\(url.path): \(error.description)")
        }
        let stale = try store.photosWithStaleEmbeddings(model: manifest.embeddingIdentity)
        if !stale.isEmpty, let classifier = try classifierIfInstalled(quiet: true) {
            try refresh(store, stale: stale, with: classifier, quiet: false)
        }
        return manifest.embeddingIdentity
    }

    private static func refresh(_ store: Wardrobe, stale: [(hash: String, ext: String)], with classifier: CNNClassifier, quiet: Bool) throws
    {
        guard !stale.isEmpty else { return }
        // A read-only wardrobe is browsed as it is: nothing is computed that could not be saved.
        guard !store.isReadOnly else {
            if !quiet {
                Output.note(
                    Output.format(
                        "note: the wardrobe is read-only, so the embeddings of {0} photos are not computed again for this model; similar items leave them out",
                        "\(stale.count)"))
            }
            return
        }
        if !quiet { Output.note(Output.format("Computing the embeddings of {0} photos again for this model (once)", "\(stale.count)")) }
        let progress = LazyProgress(shown: !quiet)
        let outcome = try EmbeddingRefresh(wardrobe: store, classifier: classifier).run(stale, progress: progress.report)
        progress.finish()
        if !quiet {
            for failure in outcome.failed {
                Output.note(Output.format("photo {0} could not be read again: {1}", String(failure.hash.prefix(12)), failure.why))
            }
        }
    }

    /// The classifier, or a clear error saying how to get one.
    static func classifier() throws -> CNNClassifier {
        guard let classifier = try classifierIfInstalled(required: true) else {
            throw ClosetError.noInput("the classifier is turned off (CLOSET_MODEL=none): unset it to classify")
        }
        return classifier
    }
}
