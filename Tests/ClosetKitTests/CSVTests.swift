import ClosetKit
import XCTest

final class CSVTests: XCTestCase {
    func testRoundTripOfAwkwardFields() throws {
        let rows = [["id", "name", "comment"], ["1", "Shirt, white", "says \"hi\"\nsecond line"], ["2", "니트", ""]]
        let text = rows.map(CSV.line).joined(separator: "\n") + "\n"
        XCTAssertEqual(try CSV.parse(text), rows)
        XCTAssertEqual(try CSV.records(text)[0]["comment"], "says \"hi\"\nsecond line")
    }

    func testUnclosedQuoteIsAnError() {
        XCTAssertThrowsError(try CSV.parse("a,\"b\n"))
    }
}
