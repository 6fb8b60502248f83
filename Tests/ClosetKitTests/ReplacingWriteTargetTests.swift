import Foundation
import TestSupport
import XCTest

@testable import ClosetKit

/// An export, a cut-out or an outfit picture written with `-o` onto a name that is not a regular file. The write
/// renamed its temporary file over whatever the name was, so `closet export -o /dev/null` run as root replaced the
/// system's `/dev/null` with a regular file (seen on this project's machine). A pipe or a character device is now
/// written into as it is, and a folder is refused; a regular file is still replaced whole.
final class ReplacingWriteTargetTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws { dir = TemporaryDirectory() }

    private func kind(_ url: URL) -> mode_t {
        var info = stat()
        return lstat(url.path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    func testAPipeIsWrittenIntoAndNeverReplaced() throws {
        let fifo = dir.path("export.fifo")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        let read = expectation(description: "the reader got the bytes")
        let got = LockedBox(Data())
        Thread.detachNewThread {
            let handle = FileHandle(forReadingAtPath: fifo.path)
            got.value = handle?.readDataToEndOfFile() ?? Data()
            read.fulfill()
        }
        try ReplacingWrite.write(to: fifo) { try $0.write(contentsOf: Data("closet export\n".utf8)) }
        wait(for: [read], timeout: 20)
        XCTAssertEqual(String(decoding: got.value, as: UTF8.self), "closet export\n")
        XCTAssertEqual(kind(fifo), S_IFIFO, "the pipe is still a pipe")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [], "no temporary file beside it")
    }

    func testALinkToAPipeIsWrittenThroughAndStaysALink() throws {
        let fifo = dir.path("real.fifo")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        let link = dir.path("stdout")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: fifo)
        let read = expectation(description: "the reader got the bytes")
        let got = LockedBox(Data())
        Thread.detachNewThread {
            got.value = FileHandle(forReadingAtPath: fifo.path)?.readDataToEndOfFile() ?? Data()
            read.fulfill()
        }
        try ReplacingWrite.write(to: link) { try $0.write(contentsOf: Data("through".utf8)) }
        wait(for: [read], timeout: 20)
        XCTAssertEqual(String(decoding: got.value, as: UTF8.self), "through")
        XCTAssertEqual(kind(link), S_IFLNK, "the link (as /dev/stdout is) is not replaced by a file")
        XCTAssertEqual(kind(fifo), S_IFIFO)
    }

    func testAFolderIsRefusedAndARegularFileIsReplacedWhole() throws {
        let folder = dir.path("exports")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        XCTAssertThrowsError(try ReplacingWrite.write(to: folder) { try $0.write(contentsOf: Data("x".utf8)) }) {
            XCTAssertTrue(($0 as? ReplacingWrite.Failure)?.reason.contains("folder") == true, "\($0)")
        }
        XCTAssertEqual(kind(folder), S_IFDIR)
        let file = try dir.write("old.json", Data("old".utf8))
        try ReplacingWrite.write(to: file) { try $0.write(contentsOf: Data("new".utf8)) }
        XCTAssertEqual(try Data(contentsOf: file), Data("new".utf8))
    }
}

/// A value shared with a reader thread.
private final class LockedBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
