import ArgumentParser
import ClosetKit
import Foundation
import Imaging
import Importer
import Inference
import Segmenter

/// `closet cutout PHOTO|ID -o FILE.png`: the garment on a clear background (RGBA, alpha = the mask), or with
/// `--mask` the mask alone (8-bit grey, the photo's size, 255 for the garment). The photo is never changed.
struct CutoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cutout",
        abstract: Output.helpText(
            "Cut the garment out of a photo: a PNG with a clear background, or with --mask the mask alone (nothing is stored)."))

    @OptionGroup var wardrobe: WardrobeOptions
    @Argument(help: "A photo file, or the id of an item with a photo.") var photo: String
    @Option(name: .shortAndLong, help: "The PNG file to write.") var output: String
    @Flag(help: "Write the mask alone: 8-bit grey, the size of the photo, 255 for the garment.") var mask = false
    @Flag(help: "Replace the output file when it exists.") var force = false

    func run() throws {
        let source = try photoFile()
        let destination = URL(fileURLWithPath: output)
        if !force, FileManager.default.fileExists(atPath: destination.path) {
            throw ClosetError.cannotCreate(
                Output.format("{0} exists: choose another name, or add --force to replace it", SafeText.escaped(output)))
        }
        let decoded: DecodedImage
        do { decoded = try ImageDecoder().decode(try ImageDecoder().read(file: source)) } catch let error as ImagingError {
            throw ClosetError.badData("\(SafeText.escaped(source.path)): \(error.description)")
        }
        let segmenter = try ModelLoader.segmenter()
        // The network runs once: --mask is made at the photo's own size (even where a very large photo was decoded
        // smaller), the cut-out at the decoded photo's.
        let size = decoded.uprightSize
        let photoMask =
            try mask ? segmenter.mask(decoded.image, width: size.width, height: size.height) : segmenter.mask(decoded.image)
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

    /// The photo the argument names: a file, else (all digits) an item's stored photo.
    func photoFile() throws -> URL {
        let file = FileCollector.url(argument: photo)
        var info = stat()
        if stat(file.filePathBytes.map { CChar(bitPattern: $0) } + [0], &info) == 0 { return file }
        guard let id = Int64(photo) else {
            throw ClosetError.noInput(
                Output.format("{0}: no such photo file (give a photo file or the id of an item with a photo)", SafeText.escaped(photo)))
        }
        let store = try wardrobe.open()
        let item = try store.item(id)
        guard let hash = item.photo, let stored = try store.photo(hash) else {
            throw ClosetError.noInput(Output.format("item {0} has no photo to cut out", photo))
        }
        return try store.photos.url(hash: hash, ext: stored.ext)
    }

    /// Writes `data` beside `url` first, synced, then renamed over it: a reader never sees half a PNG.
    static func write(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary, options: .withoutOverwriting)
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else {
                throw ClosetError.cannotCreate(String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ClosetError.cannotCreate(
                Output.format("cannot write {0}: {1}", SafeText.escaped(url.path), (error as? ClosetError)?.message ?? "\(error)"))
        }
    }
}

extension ModelLoader {
    /// The segmentation model: `CLOSET_SEGMENT_MODEL` (a folder or its manifest), else `segment/` beside each
    /// place the classifier is looked for (models/segment in a checkout).
    static func segmenter(environment: [String: String] = CLIContext.current.environment) throws -> Segmenter {
        let fm = FileManager.default
        let places: [URL]
        if let value = environment["CLOSET_SEGMENT_MODEL"], !value.isEmpty {
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
