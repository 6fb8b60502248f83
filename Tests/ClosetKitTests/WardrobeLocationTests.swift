import ClosetKit
import Foundation
import TestSupport
import XCTest

/// An environment that names no usable home never makes a wardrobe in the current folder.
final class WardrobeLocationTests: XCTestCase {
    func resolve(_ environment: [String: String], passwordHome: String? = "/home/pw") throws -> String {
        try WardrobeLocation.resolve(explicit: nil, environment: environment, passwordHome: { passwordHome }).path
    }

    func testARelativeXDGDataHomeIsIgnoredAsTheXDGRuleSays() throws {
        XCTAssertEqual(try resolve(["XDG_DATA_HOME": "data", "HOME": "/h"]), "/h/.local/share/closet")
        XCTAssertEqual(try resolve(["XDG_DATA_HOME": "./data", "HOME": "/h"]), "/h/.local/share/closet")
        XCTAssertEqual(try resolve(["XDG_DATA_HOME": "", "HOME": "/h"]), "/h/.local/share/closet")
        XCTAssertEqual(try resolve(["XDG_DATA_HOME": "/x", "HOME": "/h"]), "/x/closet")
    }

    func testAnEmptyOrRelativeHomeGivesWayToThePasswordDatabase() throws {
        XCTAssertEqual(try resolve(["HOME": ""]), "/home/pw/.local/share/closet")
        XCTAssertEqual(try resolve(["HOME": "me"]), "/home/pw/.local/share/closet")
        XCTAssertEqual(try resolve([:]), "/home/pw/.local/share/closet")
        XCTAssertEqual(try resolve(["HOME": "", "XDG_DATA_HOME": "rel"]), "/home/pw/.local/share/closet")
    }

    func testWithoutAnyHomeClosetRefusesInWords() {
        for environment in [["HOME": ""], [:], ["HOME": "relative", "XDG_DATA_HOME": "also"]] {
            for passwordHome in [nil, "", "relative"] as [String?] {
                XCTAssertThrowsError(try resolve(environment, passwordHome: passwordHome)) {
                    XCTAssertEqual(($0 as? ClosetError)?.kind, .config, "\($0)")
                    XCTAssertTrue("\($0)".contains("home folder"), "\($0)")
                }
            }
        }
    }

    func testARelativeClosetHomeIsRefusedAndAnExplicitFolderMayBeRelative() throws {
        XCTAssertThrowsError(try resolve(["CLOSET_HOME": "w", "HOME": "/h"])) {
            XCTAssertEqual(($0 as? ClosetError)?.kind, .config, "\($0)")
            XCTAssertTrue("\($0)".contains("CLOSET_HOME is 'w'"), "\($0)")
        }
        let explicit = try WardrobeLocation.resolve(explicit: "w", environment: ["HOME": ""], passwordHome: { nil })
        XCTAssertEqual(explicit.path, FileManager.default.currentDirectoryPath + "/w")
    }

    /// `env -i HOME= CLOSET_HOME=w closet list` in a folder: refused with words and exit 78, and the folder stays empty.
    func testTheCLIMakesNothingInTheCurrentFolder() throws {
        let dir = TemporaryDirectory()
        let here = dir.path("here")
        try FileManager.default.createDirectory(at: here, withIntermediateDirectories: true)
        let result = try Shell.run([
            "env", "-i", "PATH=/usr/bin:/bin", "HOME=", "XDG_DATA_HOME=data", "CLOSET_HOME=w", "sh", "-c",
            "cd '\(here.path)' && '\(ClosetProcess.executable.path)' list 2>&1; echo \"rc=$?\"",
        ])
        XCTAssertTrue(result.output.contains("rc=78"), result.output)
        XCTAssertTrue(result.output.contains("CLOSET_HOME is 'w'"), result.output)
        XCTAssertTrue(result.output.contains("--wardrobe"), result.output)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: here.path), [])
    }
}
