// The import path under a fuzzer: bytes → Importer (decode, thumbnail, colours) → a wardrobe.
// Every input must be imported or refused with an error; nothing may crash, and a refused input must
// leave no item and no photo file behind.
//
// `.build/release/ImportFuzzer FILE...` runs each file through the path: replay the decoder fuzzer's
// corpus (tools/fuzz/out/corpus) here to carry its inputs through decode, thumbnail, colours and store.
// Built with FUZZING defined and -sanitize=fuzzer, the same check runs under libFuzzer (tools/fuzz/run.sh import-fuzz).
import ClosetKit
import Foundation
import FuzzSupport
import Importer

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("closet-import-fuzz-\(getpid())")
let wardrobe = try! Wardrobe(folder: folder)
let importer = try! PhotoImporter(wardrobe: wardrobe)
let template: ItemTemplate = {
    var t = ItemTemplate(); t.category = "shortSleeve"; return t
}()
let input = folder.appendingPathComponent("input.jpg")

func check(_ data: Data) {
    _ = importer  // globals are lazy: opening the wardrobe creates its folder, where the input goes
    try! data.write(to: input)
    let before = try! wardrobe.summaries(ItemFilter(status: nil)).count
    let report = importer.importFiles([input], template: template)
    let after = try! wardrobe.summaries(ItemFilter(status: nil)).count
    if !report.failed.isEmpty && after != before { fatalError("a refused input left an item behind") }
    for (_, item) in report.imported { try! wardrobe.remove(item.id) }
    // Removed items' photos wait in the trash; anything else left is a leak.
    let leftovers = ((try? FileManager.default.subpathsOfDirectory(atPath: wardrobe.photos.root.path)) ?? []).filter {
        !$0.hasPrefix(".trash")
    }
    if leftovers.contains(where: { $0.hasSuffix(".jpg") || $0.hasSuffix(".png") }) { fatalError("a photo file was left behind") }
}

#if FUZZING
    @main
    enum ImportFuzzer {
        static func main() { FuzzSupport.runLibFuzzer(check) }
    }
#else
    @main
    enum ImportFuzzerReplay {
        static func main() {
            FuzzSupport.replay {
                check($0); return nil
            }
            try? FileManager.default.removeItem(at: folder)
        }
    }
#endif
