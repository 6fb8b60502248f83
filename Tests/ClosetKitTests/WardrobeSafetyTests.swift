import ClosetKit
import Foundation
import GRDB
import TestSupport
import XCTest

/// A wardrobe refuses what it cannot handle and leaves the files as they were.
final class WardrobeSafetyTests: XCTestCase {
    func testCorruptDatabaseIsRefusedAndLeftUntouched() throws {
        let dir = TemporaryDirectory()
        let garbage = Data((0..<4096).map { UInt8($0 % 253) })
        let file = try dir.write("w/wardrobe.sqlite", garbage)
        XCTAssertThrowsError(try Wardrobe(folder: dir.path("w"))) { error in
            XCTAssertEqual((error as? ClosetError)?.kind, .badData)
            XCTAssertTrue("\(error)".contains("wardrobe.sqlite"))
        }
        XCTAssertEqual(FileManager.default.contents(atPath: file.path), garbage)
        XCTAssertFalse(FileManager.default.fileExists(atPath: file.path + "-wal"))
    }

    func testNewerSchemaIsRefusedAndLeftUntouched() throws {
        let dir = TemporaryDirectory()
        try Wardrobe(folder: dir.path("w")).add(NewItem(name: "x", category: "hat"))
        let path = dir.path("w/wardrobe.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        _ = try queue.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try queue.close()
        let before = FileManager.default.contents(atPath: path)
        XCTAssertThrowsError(try Wardrobe(folder: dir.path("w"))) { error in
            XCTAssertEqual((error as? ClosetError)?.kind, .config)
            XCTAssertTrue("\(error)".contains("newer version"))
        }
        XCTAssertEqual(FileManager.default.contents(atPath: path), before)
    }

    func testLockedDatabaseWaitsThenFailsClearly() throws {
        let dir = TemporaryDirectory()
        let wardrobe = try Wardrobe(folder: dir.path("w"), busyTimeout: 0.3)
        let other = try DatabaseQueue(path: dir.path("w/wardrobe.sqlite").path)
        try other.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN EXCLUSIVE")
            let start = Date()
            XCTAssertThrowsError(try wardrobe.add(NewItem(name: "x", category: "hat"))) { error in
                XCTAssertEqual((error as? ClosetError)?.kind, .io)
                XCTAssertTrue("\(error)".contains("locked"))
            }
            XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start), 0.25, "it waits for the busy timeout first")
            try db.execute(sql: "ROLLBACK")
        }
        XCTAssertNoThrow(try wardrobe.add(NewItem(name: "x", category: "hat")))
    }

    func testAFileWhereTheFolderShouldBeIsRefused() throws {
        let dir = TemporaryDirectory()
        try dir.write("file", Data("x".utf8))
        XCTAssertThrowsError(try Wardrobe(folder: dir.path("file"))) { XCTAssertEqual(($0 as? ClosetError)?.kind, .cannotCreate) }
        XCTAssertThrowsError(try Wardrobe(folder: dir.path("file/below"))) { XCTAssertEqual(($0 as? ClosetError)?.kind, .cannotCreate) }
    }

    func testLocationResolution() throws {
        XCTAssertEqual(try WardrobeLocation.resolve(explicit: "/a", environment: ["CLOSET_HOME": "/b"]).path, "/a")
        XCTAssertEqual(try WardrobeLocation.resolve(explicit: nil, environment: ["CLOSET_HOME": "/b", "XDG_DATA_HOME": "/x"]).path, "/b")
        XCTAssertEqual(try WardrobeLocation.resolve(explicit: nil, environment: ["XDG_DATA_HOME": "/x"]).path, "/x/closet")
        XCTAssertEqual(try WardrobeLocation.resolve(explicit: nil, environment: ["HOME": "/h"]).path, "/h/.local/share/closet")
    }
}
