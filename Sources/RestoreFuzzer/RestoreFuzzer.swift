// `closet restore` under a fuzzer: bytes → Wardrobe.restore(json:) (the stream reader), in a sandbox folder
// that holds the wardrobe, the exported photo files and a sentinel beside them.
//
// After every input: nothing exists in the sandbox that was not there before, outside the wardrobe's
// own folder (no path escapes); and the restore was all or nothing (on an error, no item, no photo row
// and no photo file; on success, every item of the export). Nothing may crash.
//
// `.build/release/RestoreFuzzer FILE...` replays files; built with FUZZING defined and -sanitize=fuzzer,
// libFuzzer drives the same check (tools/fuzz/run.sh restore-fuzz).
import ClosetKit
import Foundation
import FuzzSupport
import GRDB

let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("closet-restore-fuzz-\(getpid())")
let wardrobeFolder = sandbox.appendingPathComponent("inside/w")
let exported = sandbox.appendingPathComponent("inside/photos")

/// Every path in the sandbox outside the wardrobe folder, as set up.
var expected: Set<String> = []
var wardrobe: Wardrobe!

func setUp() {
    try? FileManager.default.removeItem(at: sandbox)
    try! FileManager.default.createDirectory(at: exported, withIntermediateDirectories: true)
    try! Data("sentinel".utf8).write(to: sandbox.appendingPathComponent("sentinel.txt"))
    // Three small "photos" named by their SHA-256, as `export --photos` writes them (the seeds name two).
    for n in UInt8(1)...3 {
        let data = Data([0xFF, 0xD8, 0xFF, n] + Array(repeating: n, count: 16))
        try! data.write(to: exported.appendingPathComponent("\(SHA256.hex(data)).jpg"))
    }
    expected = Set(outsidePaths())
    wardrobe = try! Wardrobe(folder: wardrobeFolder)
}

func outsidePaths() -> [String] {
    (FileManager.default.enumerator(atPath: sandbox.path)?.compactMap { $0 as? String } ?? []).filter {
        $0 != "inside/w" && !$0.hasPrefix("inside/w/")
    }
}

func storedFiles() -> [String] {
    ((try? FileManager.default.subpathsOfDirectory(atPath: wardrobe.photos.root.path)) ?? []).filter {
        $0.hasSuffix(".jpg") || $0.hasSuffix(".png") || $0.hasSuffix(".jpeg")
    }
}

/// Runs one input; returns whether it was restored (nil: not an export at all).
@discardableResult
func check(_ data: Data) -> Bool? {
    if wardrobe == nil { setUp() }
    // The bytes themselves go to the stream reader, which is what `closet restore FILE.json` runs.
    let archive = try? JSONDecoder().decode(WardrobeArchive.self, from: data)
    var restored: Int?
    do {
        restored = try wardrobe.restore(json: data, name: "input", photoFolder: exported).items
    } catch is ClosetError {
    } catch {
        fatalError("restore threw something that is not a ClosetError: \(error)")
    }
    let outside = Set(outsidePaths())
    if outside != expected { fatalError("the restore wrote outside the wardrobe: \(outside.symmetricDifference(expected).sorted())") }
    let items = try! wardrobe.summaries(ItemFilter(status: nil)).count
    if let restored {
        // (An export without some lists, which JSONDecoder refuses, restores them as empty.)
        let listed = archive?.items.count ?? restored
        if items != restored || items != listed { fatalError("restore succeeded with \(items) of \(listed) items") }
        try! wardrobe.close()
        setUp()  // a fresh, empty wardrobe for the next input
    } else {
        let photos = try! wardrobe.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM photos") ?? 0 }
        if items != 0 || photos != 0 || !storedFiles().isEmpty {
            fatalError("a refused restore left \(items) items, \(photos) photos, \(storedFiles())")
        }
    }
    return archive == nil && restored == nil ? nil : restored != nil
}

#if FUZZING
    @main
    enum RestoreFuzzer {
        static func main() { FuzzSupport.runLibFuzzer { check($0) } }
    }
#else
    @main
    enum RestoreFuzzerReplay {
        static func main() {
            FuzzSupport.replay { check($0).map { $0 ? "restored" : "refused" } ?? "not an export" }
            try? FileManager.default.removeItem(at: sandbox)
        }
    }
#endif
