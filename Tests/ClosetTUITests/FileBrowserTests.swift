@testable import ClosetTUI
import Foundation
import Imaging
import TestSupport
import XCTest

final class FileBrowserTests: XCTestCase {
    /// photos/ a.jpg B.PNG notes.txt .hidden.jpg, photos/trip/ c.jpeg, photos/empty/
    func tree() throws -> TemporaryDirectory {
        let dir = TemporaryDirectory()
        for name in ["photos/a.jpg", "photos/B.PNG", "photos/notes.txt", "photos/.hidden.jpg", "photos/trip/c.jpeg"] {
            _ = try dir.write(name, Data([0xFF, 0xD8]))
        }
        try FileManager.default.createDirectory(at: dir.path("photos/empty"), withIntermediateDirectories: true)
        return dir
    }

    func testListsFoldersThenPhotosAndHidesTheRest() throws {
        let dir = try tree()
        let b = FileBrowser(directory: dir.path("photos").path)
        XCTAssertEqual(b.entries.map(\.name), ["..", "empty", "trip", "a.jpg", "B.PNG"])
        XCTAssertEqual(b.entries.map(\.isDirectory), [true, true, true, false, false])
        XCTAssertNil(b.error)
    }

    func testNavigatesIntoAndOutOfFolders() throws {
        let dir = try tree()
        let root = dir.path("photos").path
        var b = FileBrowser(directory: root)
        XCTAssertNil(b.handle(.down)); XCTAssertNil(b.handle(.down))  // .. → empty → trip
        XCTAssertEqual(b.current?.name, "trip")
        XCTAssertNil(b.handle(.enter))  // Enter on a folder opens it
        XCTAssertEqual(b.directory, dir.path("photos/trip").standardizedFileURL.path)
        XCTAssertEqual(b.entries.map(\.name), ["..", "c.jpeg"])
        XCTAssertNil(b.handle(.left))  // back up: the cursor is on the folder we left
        XCTAssertEqual(b.directory, URL(fileURLWithPath: root).standardizedFileURL.path)
        XCTAssertEqual(b.current?.name, "trip")
        b.cursor.index = 0
        XCTAssertNil(b.handle(.char("l")))  // ".." goes up too
        XCTAssertTrue(b.entries.contains { $0.name == "photos" })
    }

    func testMultiSelectAcrossFoldersImportsTheSelection() throws {
        let dir = try tree()
        var b = FileBrowser(directory: dir.path("photos").path)
        b.cursor.index = 3  // a.jpg
        XCTAssertNil(b.handle(.char(" ")))
        XCTAssertEqual(b.current?.name, "B.PNG", "Space selects and moves down")
        b.cursor.index = 2
        XCTAssertNil(b.handle(.enter))  // into trip/
        XCTAssertNil(b.handle(.char("a")))  // every photo here
        XCTAssertEqual(b.selection.count, 2)
        XCTAssertNil(b.handle(.char("a")), "a again clears this folder's photos")
        XCTAssertEqual(b.selection.count, 1)
        XCTAssertNil(b.handle(.char("a")))
        b.cursor.index = 0
        XCTAssertNil(b.handle(.char(" ")), "'..' cannot be selected")
        let chosen = b.handle(.char("i"))
        XCTAssertEqual(chosen?.map { URL(fileURLWithPath: $0).lastPathComponent }, ["a.jpg", "c.jpeg"])
        // Selecting a folder imports it (recursively, by the importer).
        var c = FileBrowser(directory: dir.path("photos").path)
        c.cursor.index = 2
        _ = c.handle(.char(" "))
        XCTAssertEqual(c.current?.name, "a.jpg")
        XCTAssertEqual(
            c.handle(.enter)?.map { URL(fileURLWithPath: $0).lastPathComponent }, ["trip"], "Enter on a photo imports the selection")
    }

    func testEnterOnAPhotoWithoutASelectionImportsThatPhoto() throws {
        let dir = try tree()
        var b = FileBrowser(directory: dir.path("photos").path)
        _ = b.handle(.char("G"))
        XCTAssertEqual(b.handle(.enter).map { $0.map { URL(fileURLWithPath: $0).lastPathComponent } }, ["B.PNG"])
    }

    func testTypedPathGoesToFoldersPicksFilesAndReportsMissingOnes() throws {
        let dir = try tree()
        var b = FileBrowser(directory: dir.path("photos").path)
        _ = b.handle(.tab)
        XCTAssertNotNil(b.typed)
        for _ in 0..<200 { _ = b.handle(.backspace) }
        for c in dir.path("photos/trip").path { _ = b.handle(.char(c)) }
        XCTAssertNil(b.handle(.enter))
        XCTAssertNil(b.typed)
        XCTAssertEqual(b.entries.map(\.name), ["..", "c.jpeg"])
        _ = b.handle(.char("/"))
        for c in "nope" { _ = b.handle(.char(c)) }
        XCTAssertNil(b.handle(.enter))
        XCTAssertNotNil(b.error, "a missing path is reported")
        XCTAssertNotNil(b.typed, "and the field stays open to fix it")
        _ = b.handle(.ctrl("u"))
        for c in dir.path("photos/a.jpg").path { _ = b.handle(.char(c)) }
        XCTAssertEqual(b.handle(.enter), [dir.path("photos/a.jpg").path])
        _ = b.handle(.tab); _ = b.handle(.escape)
        XCTAssertNil(b.typed, "Esc leaves the typed path for the list")
    }

    /// The field starts with the folder shown: a path typed after it starts again, as in Emacs (an absolute path
    /// after "/", the home folder after "~"), and a relative one is taken from the folder shown, not the process's.
    func testAPathTypedAfterTheFolderShownStartsAgainAndRelativeOnesFollowTheList() throws {
        let dir = try tree()
        var b = FileBrowser(directory: dir.path("photos").path)
        _ = b.handle(.tab)
        for c in dir.path("photos/tr").path { _ = b.handle(.char(c)) }
        XCTAssertTrue(b.typed!.text.contains("//"), "typed after the folder shown: \(b.typed!.text)")
        b.complete()
        XCTAssertEqual(b.typed?.text, dir.path("photos/trip").path + "/", "completes from the restarted path, and shows it")
        XCTAssertNil(b.handle(.enter))
        XCTAssertEqual(b.entries.map(\.name), ["..", "c.jpeg"])
        _ = b.handle(.tab)
        for c in "../a.jpg" { _ = b.handle(.char(c)) }
        XCTAssertEqual(b.handle(.enter), [dir.path("photos/trip").path + "/../a.jpg"])
        _ = b.handle(.tab); _ = b.handle(.ctrl("u"))
        for c in "../empty" { _ = b.handle(.char(c)) }
        XCTAssertNil(b.handle(.enter))
        XCTAssertNil(b.error, "relative to the folder shown, not to where closet was started")
        XCTAssertEqual(b.entries.map(\.name), [".."])
        XCTAssertEqual(FileBrowser.expand("/photos/~/Pictures", from: "/x"), NSHomeDirectory() + "/Pictures")
        XCTAssertEqual(FileBrowser.expand("/photos/~b", from: "/x"), "/photos/~b", "a folder named ~b is a folder")
        XCTAssertEqual(FileBrowser.expand("", from: "/x"), "/x")
    }

    func testUnreadableFolderKeepsTheListingAndSaysWhy() throws {
        let dir = try tree()
        var b = FileBrowser(directory: dir.path("photos").path)
        let before = b.entries
        b.open(dir.path("does-not-exist").path)
        XCTAssertEqual(b.entries, before)
        XCTAssertNotNil(b.error)
    }

    /// An import failure names the file by its own bytes: a Latin-1 name showed as nothing (its URL has no
    /// lastPathComponent Foundation can make).
    func testAFailedFileWhoseNameIsNotUTF8IsNamedEscaped() {
        let url = URL(filePathBytes: Array("/photos/".utf8) + [0x63, 0x61, 0x66, 0xE9] + Array(".jpg".utf8))
        XCTAssertEqual(TerminalApp.fileName(url), "caf\\xe9.jpg")
        XCTAssertEqual(TerminalApp.fileName(URL(fileURLWithPath: "/a/b/shirt.jpg")), "shirt.jpg")
    }
}
