import ArgumentParser
import ClosetKit
import Foundation
import Imaging
import Importer
import Inference
import Segmenter

/// `closet cutout PHOTO|ID -o FILE.png`: the garment on a clear background (RGBA, alpha = the mask), or with
/// `--mask` the mask alone (8-bit grey, the photo's size, 255 for the garment). The photo is never changed.
/// An item's photo uses the mask stored with it (made and stored first when it has none); a photo file's mask is
/// made on the spot and stored nowhere. `closet cutout --all` runs the background pass (Importer's MaskRefresh) over
/// every photo still without a mask.
struct CutoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cutout",
        abstract: Output.helpText(
            "Cut the garment out of a photo or an item's photo: a PNG with a clear background, or with --mask the mask alone; --all cuts out every photo still without a mask."
        ))

    @OptionGroup var wardrobe: WardrobeOptions
    @Argument(help: "A photo file, or the id of an item with a photo.") var photo: String?
    @Option(name: .shortAndLong, help: "The PNG file to write.") var output: String?
    @Flag(help: "Write the mask alone: 8-bit grey, the size of the photo, 255 for the garment.") var mask = false
    @Flag(help: "Replace the output file when it exists.") var force = false
    @Flag(help: "Make and store the mask of every item's photo that has none (what import does after importing).") var all = false

    func validate() throws {
        if all {
            guard photo == nil, output == nil, !mask else {
                throw ValidationError(Output.text("--all takes no photo, --output or --mask"))
            }
        } else {
            guard photo != nil, output != nil else {
                throw ValidationError(Output.text("give a photo file or an item's id, and --output FILE.png (or --all)"))
            }
        }
    }

    func run() throws {
        guard let photo, let output else {
            let store = try wardrobe.open()
            let outcome = try MaskPass.run(store, quiet: false, required: true) ?? MaskRefresh.Outcome()
            print(
                Output.format(
                    "Cut out {0} photos, nothing found in {1}, failed {2}.", "\(outcome.garment)", "\(outcome.nothing)",
                    "\(outcome.failed.count)"))
            if !outcome.failed.isEmpty { throw ExitCode(65) }
            return
        }
        let destination = URL(fileURLWithPath: output)
        if !force, FileManager.default.fileExists(atPath: destination.path) {
            throw ClosetError.cannotCreate(
                Output.format("{0} exists: choose another name, or add --force to replace it", SafeText.escaped(output)))
        }
        let source = try photoFile(photo)
        let decoded: DecodedImage
        do { decoded = try ImageDecoder().decode(try ImageDecoder().read(file: source.file)) } catch let error as ImagingError {
            throw ClosetError.badData("\(SafeText.escaped(source.file.path)): \(error.description)")
        }
        // --mask is made at the photo's own size (even where a very large photo was decoded smaller), the cut-out at
        // the decoded photo's.
        let size = mask ? decoded.uprightSize : PixelSize(width: decoded.image.width, height: decoded.image.height)
        let photoMask: GarmentMask
        if let stored = source.stored {
            photoMask = try Self.storedMask(stored.0, photo: stored.1, decoded: decoded).resized(width: size.width, height: size.height)
        } else {
            photoMask = try ModelLoader.segmenter().mask(decoded.image, width: size.width, height: size.height)
        }
        if !photoMask.found {
            Output.note(
                Output.format(
                    "{0}: nothing found to cut out (the mask is empty or the whole frame); the photo is kept as it is",
                    SafeText.escaped(photo)))
        }
        let data: Data
        if mask {
            data = try photoMask.png()
        } else {
            // Nothing found: the photo as it is, opaque, rather than a guess cut out of it.
            data = try (photoMask.found ? photoMask : photoMask.opaque).cutout(decoded.image)
        }
        try Self.write(data, to: destination)
    }

    /// The mask stored with photo `hash`, at the network's size; made from `decoded` and stored first, holding the
    /// writer lock, when it has none or only a damaged one (never used). Its `found` is the stored state's.
    static func storedMask(_ store: Wardrobe, photo hash: String, decoded: DecodedImage) throws -> GarmentMask {
        func read() throws -> GarmentMask? { try store.mask(photo: hash).map { try GarmentMask(stored: $0, photo: hash) } }
        do {
            if let mask = try read() { return mask }
        } catch let error as ClosetError {
            guard case .damagedMask = error else { throw error }
            Output.note(Output.format("{0}; it is made again from the photo", error.message))
        }
        let segmenter = try ModelLoader.segmenter()
        // A read-only wardrobe: made for this cut-out, stored nowhere.
        if store.isReadOnly { return try segmenter.map(decoded.image) }
        return try store.withFileLock {
            if let mask = try? read() { return mask }  // another closet stored it meanwhile
            let made = try segmenter.map(decoded.image)
            let (png, state) = try made.stored
            try store.setMask(png, state: state, model: segmenter.model, photo: hash)
            return made
        }
    }

    /// The photo the argument names: a file, else (all digits) an item's stored photo, with its wardrobe and hash.
    func photoFile(_ photo: String) throws -> (file: URL, stored: (Wardrobe, String)?) {
        let file = FileCollector.url(argument: photo)
        var info = stat()
        if stat(file.filePathBytes.map { CChar(bitPattern: $0) } + [0], &info) == 0 { return (file, nil) }
        guard let id = Int64(photo) else {
            throw ClosetError.noInput(
                Output.format("{0}: no such photo file (give a photo file or the id of an item with a photo)", SafeText.escaped(photo)))
        }
        let store = try wardrobe.open()
        let item = try store.item(id)
        guard let hash = item.photo, let stored = try store.photo(hash) else {
            throw ClosetError.noInput(Output.format("item {0} has no photo to cut out", photo))
        }
        return (try store.photos.url(hash: hash, ext: stored.ext), (store, hash))
    }

    /// Writes `data` beside `url` first, synced, then renamed over it (``ReplacingWrite``): a reader never sees half
    /// a PNG.
    static func write(_ data: Data, to url: URL) throws {
        do {
            try ReplacingWrite.write(to: url) { try $0.write(contentsOf: data) }
        } catch {
            throw ClosetError.cannotCreate(
                Output.format("cannot write {0}: {1}", SafeText.escaped(url.path), (error as? ReplacingWrite.Failure)?.reason ?? "\(error)")
            )
        }
    }
}

extension ModelLoader {
    /// The segmentation model, or a clear error saying how to get one.
    static func segmenter(environment: [String: String] = CLIContext.current.environment) throws -> Segmenter {
        guard let segmenter = try segmenterIfInstalled(required: true, environment: environment) else {
            throw ClosetError.noInput(Output.text("cut-outs are turned off (CLOSET_SEGMENT_MODEL=none): unset it to cut out"))
        }
        return segmenter
    }

    /// The segmentation model: `CLOSET_SEGMENT_MODEL` (a folder or its manifest; `none` turns cut-outs off), else
    /// `segment/` beside each place the classifier is looked for (models/segment in a checkout). Nil when turned off,
    /// or, unless `required`, when none is installed.
    static func segmenterIfInstalled(
        required: Bool = false, environment: [String: String] = CLIContext.current.environment
    ) throws -> Segmenter? {
        let fm = FileManager.default
        let places: [URL]
        if let value = environment["CLOSET_SEGMENT_MODEL"], !value.isEmpty {
            if value == "none" { return nil }
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: value, isDirectory: &isDir) else {
                throw ClosetError.noInput(Output.format("CLOSET_SEGMENT_MODEL names {0}, which does not exist", SafeText.escaped(value)))
            }
            places = [isDir.boolValue ? URL(fileURLWithPath: value).appendingPathComponent("manifest.json") : URL(fileURLWithPath: value)]
        } else {
            places = searchPath(environment: environment).map {
                $0.deletingLastPathComponent().appendingPathComponent("segment/manifest.json")
            }
        }
        guard let found = places.first(where: { fm.fileExists(atPath: $0.path) }) else {
            guard required else { return nil }
            throw ClosetError.noInput(
                Output.text("no segmentation model found. closet looked in:") + "\n"
                    + places.map { "  " + $0.deletingLastPathComponent().path }.joined(separator: "\n") + "\n"
                    + Output.text("Install closet with `make install` (or the .deb), or set CLOSET_SEGMENT_MODEL to a model folder"))
        }
        do { return try Segmenter(manifestURL: found) } catch let error as InferenceError {
            throw ClosetError.badData(Output.format("the segmentation model in {0} cannot be loaded: {1}", found.path, "\(error)"))
        }
    }
}
