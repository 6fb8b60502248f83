import Foundation
import Importer

/// The import screen's file browser: folders and photos (.jpg/.jpeg/.png/.heic/.heif/.avif/.webp) of one directory,
/// a cursor, and a multi-selection that survives moving between folders. Enter opens a folder or,
/// on a photo, imports the selection (or that photo alone); `i` imports the selection from anywhere.
/// A typed path (Tab or `/`) jumps to a folder or picks a file. Plain data over the file system, testable without a terminal.
public struct FileBrowser: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var name: String
        public var path: String
        public var isDirectory: Bool
    }

    public private(set) var directory: String
    public private(set) var entries: [Entry] = []
    public var cursor = ListCursor()
    /// Chosen files and folders (folders import everything below them), in the order chosen.
    public private(set) var selection: [String] = []
    /// The typed path while the person is typing one.
    public var typed: TextField?
    /// Why the last folder could not be read, if it could not.
    public var error: String?

    public init(directory: String) {
        self.directory = directory
        open(directory)
    }

    public var current: Entry? { entries.indices.contains(cursor.index) ? entries[cursor.index] : nil }

    public func isSelected(_ entry: Entry) -> Bool { selection.contains(entry.path) }

    /// Lists `path`: "..", then folders, then photos, each sorted by name; hidden files left out.
    /// A folder that cannot be read keeps the current listing and says why.
    public mutating func open(_ path: String) {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: url.path) else {
            error = "Cannot read \(url.path): check that it exists and that you may read it."
            return
        }
        var folders: [Entry] = [], photos: [Entry] = []
        for name in names where !name.hasPrefix(".") {
            let child = url.appendingPathComponent(name)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: child.path, isDirectory: &isDir) else { continue }
            if isDir.boolValue {
                folders.append(Entry(name: name, path: child.path, isDirectory: true))
            } else if FileCollector.isPhotoName(child) {
                photos.append(Entry(name: name, path: child.path, isDirectory: false))
            }
        }
        let byName: (Entry, Entry) -> Bool = { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
        var list = folders.sorted(by: byName) + photos.sorted(by: byName)
        if url.path != "/" { list.insert(Entry(name: "..", path: url.deletingLastPathComponent().path, isDirectory: true), at: 0) }
        let previous = directory
        directory = url.path
        entries = list
        error = nil
        cursor = ListCursor(count: list.count)
        cursor.visibleRows = max(1, cursor.visibleRows)
        // Coming back up: the cursor lands on the folder we came from.
        if let i = list.firstIndex(where: { $0.path == previous && $0.name != ".." }) { cursor.index = i; cursor.scrollIntoView() }
    }

    public mutating func toggle(_ entry: Entry) {
        guard entry.name != ".." else { return }
        if let i = selection.firstIndex(of: entry.path) { selection.remove(at: i) } else { selection.append(entry.path) }
    }

    public mutating func clearSelection() { selection = [] }

    /// Selects every photo of this folder, or clears them when all already are.
    public mutating func toggleAllPhotos() {
        let photos = entries.filter { !$0.isDirectory }.map(\.path)
        if !photos.isEmpty && photos.allSatisfy(selection.contains) {
            selection.removeAll { photos.contains($0) }
        } else {
            selection += photos.filter { !selection.contains($0) }
        }
    }

    /// What a key does. Returns the paths to import when the person confirms.
    public mutating func handle(_ key: Key) -> [String]? {
        if var field = typed {
            switch key {
            case .escape: typed = nil
            case .enter:
                let path = Self.expand(field.text.trimmingCharacters(in: .whitespaces), from: directory)
                guard !path.isEmpty else { typed = nil; return nil }
                var isDir: ObjCBool = false
                if !FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
                    error = "\(path) does not exist."
                } else if isDir.boolValue {
                    typed = nil
                    open(path)
                } else {
                    typed = nil
                    return [path]
                }
            default: field.handle(key); typed = field; error = nil
            }
            return nil
        }
        switch key {
        case .tab, .char("/"): typed = TextField(directory.hasSuffix("/") ? directory : directory + "/")
        case .char("~"): open(NSHomeDirectory())
        case .left, .char("h"), .backspace:
            if directory != "/" { open(URL(fileURLWithPath: directory).deletingLastPathComponent().path) }
        case .right, .char("l"):
            if let entry = current, entry.isDirectory { open(entry.path) }
        case .enter:
            guard let entry = current else { return nil }
            // Enter opens a folder; on a photo it imports the selection, or that photo alone.
            if entry.isDirectory { open(entry.path); return nil }
            return selection.isEmpty ? [entry.path] : selection
        case .char(" "):
            if let entry = current { toggle(entry); cursor.handle(.down) }
        case .char("a"): toggleAllPhotos()
        case .char("i"):
            if !selection.isEmpty { return selection }
            if let entry = current, entry.name != ".." { return [entry.path] }
        default: cursor.handle(key)
        }
        return nil
    }

    /// Completes the typed path as a shell does: to the longest start the matching folders and photos share,
    /// with a "/" after a folder when one alone matches. Says so when nothing matches.
    public mutating func complete() {
        guard let field = typed else { return }
        let text = field.text
        let cut = text.lastIndex(of: "/").map { text.index(after: $0) } ?? text.startIndex
        let typedFolder = Self.restarted(String(text[..<cut])), start = String(text[cut...])
        let folder = Self.expand(typedFolder, from: directory)
        let fm = FileManager.default
        var matches: [(name: String, isDirectory: Bool)] = []
        for name in ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).sorted() where name.hasPrefix(start) {
            if name.hasPrefix(".") && !start.hasPrefix(".") { continue }
            var isDir: ObjCBool = false
            let path = URL(fileURLWithPath: folder).appendingPathComponent(name)
            guard fm.fileExists(atPath: path.path, isDirectory: &isDir) else { continue }
            if isDir.boolValue || FileCollector.isPhotoName(path) { matches.append((name, isDir.boolValue)) }
        }
        guard let first = matches.first else {
            error = "Nothing in \(folder) starts with \"\(start)\"."
            return
        }
        var common = first.name
        for match in matches.dropFirst() {
            while !match.name.hasPrefix(common) { common.removeLast() }
        }
        let completed = typedFolder + common + (matches.count == 1 && first.isDirectory ? "/" : "")
        typed = TextField(completed)
        error = matches.count > 1 ? matches.prefix(8).map(\.name).joined(separator: "  ") + (matches.count > 8 ? "  …" : "") : nil
    }

    /// The path a typed text means. The field starts with the folder shown, so a person who types a path of
    /// their own after it starts again there, as in Emacs's minibuffer: "/photos//mnt/card" is "/mnt/card" and
    /// "/photos/~/Pictures" is "~/Pictures". `~` is the home folder; a relative path is taken from `folder`.
    static func expand(_ text: String, from folder: String) -> String {
        let path = restarted(text)
        if path.isEmpty { return folder }
        if path == "~" { return NSHomeDirectory() }
        if path.hasPrefix("~/") { return NSHomeDirectory() + path.dropFirst() }
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: folder).appendingPathComponent(path).path
    }

    /// `text` from its last "//" (keeping one "/") or "/~" (a "~" that starts a folder) on.
    static func restarted(_ text: String) -> String {
        let slashes = text.range(of: "//", options: .backwards).map { text.index(after: $0.lowerBound) }
        let tilde = text.range(of: "/~", options: .backwards).flatMap { r -> String.Index? in
            r.upperBound == text.endIndex || text[r.upperBound] == "/" ? text.index(after: r.lowerBound) : nil
        }
        guard let start = [slashes, tilde].compactMap({ $0 }).max() else { return text }
        return String(text[start...])
    }
}
