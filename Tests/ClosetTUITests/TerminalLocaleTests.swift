import XCTest

@testable import ClosetTUI

/// Which character locale curses gets (``TerminalLocale/utf8Fallback(environment:installed:codeset:)``).
final class TerminalLocaleTests: XCTestCase {
    func testAUTF8LocaleThisMachineLacksFallsBackToCUTF8() {
        let fallback = TerminalLocale.utf8Fallback
        XCTAssertEqual(fallback(["LANG": "ko_KR.UTF-8"], false, "ANSI_X3.4-1968"), "C.UTF-8", "ko_KR.UTF-8 never generated")
        XCTAssertEqual(fallback(["LANG": "en_US.utf8"], false, "ANSI_X3.4-1968"), "C.UTF-8")
        XCTAssertEqual(
            fallback(["LC_ALL": "", "LC_CTYPE": "de_DE.UTF-8", "LANG": "C"], false, nil), "C.UTF-8", "an empty LC_ALL does not count")
        XCTAssertNil(fallback(["LANG": "ko_KR.UTF-8"], true, "UTF-8"), "installed: used as it is")
        XCTAssertNil(fallback(["LANG": "C.UTF-8"], true, "UTF-8"))
        XCTAssertNil(fallback(["LANG": "C"], true, "ANSI_X3.4-1968"), "a locale that asks for no UTF-8 is left alone")
        XCTAssertNil(fallback([:], true, "ANSI_X3.4-1968"))
        XCTAssertNil(fallback(["LC_ALL": "C", "LANG": "ko_KR.UTF-8"], true, "ANSI_X3.4-1968"), "LC_ALL wins over LANG")
        XCTAssertEqual(fallback(["LANG": "ko_KR.UTF-8"], true, "EUC-KR"), "C.UTF-8", "installed, but not UTF-8 as asked")
    }
}
