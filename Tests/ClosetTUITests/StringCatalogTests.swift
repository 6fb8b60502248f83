import ClosetKit
@testable import ClosetTUI
import Foundation
import XCTest

/// Every text a person reads goes through the catalog (`Resources/strings.json`) and has its Korean: the
/// sources of the TUI and the CLI are read, and each literal they hand to the catalog (`say`, `Strings.text`,
/// `Strings.format`, `Output.text`, `Output.format`, `t`), to the message line or to the terminal is checked.
/// A literal put on screen or on the message line without the catalog fails, whatever its words.
final class StringCatalogTests: XCTestCase {
    /// The repository's `Sources/` folder, found from this file.
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// The Swift files of the front ends.
    func frontEndFiles() throws -> [(name: String, text: String)] {
        var out: [(String, String)] = []
        for module in ["ClosetTUI", "ClosetCLI"] {
            let root = Self.sources.appendingPathComponent(module)
            let walker = try XCTUnwrap(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            for case let url as URL in walker where url.pathExtension == "swift" {
                out.append((module + "/" + url.lastPathComponent, try String(contentsOf: url, encoding: .utf8)))
            }
        }
        XCTAssertGreaterThan(out.count, 30, "the sources were found at \(Self.sources.path)")
        return out
    }

    func testEveryCatalogTextOfTheFrontEndsHasItsKorean() throws {
        var checked = 0
        var missing: [String] = []
        for (name, text) in try frontEndFiles() {
            for literal in CatalogScan.catalogTexts(in: text) {
                checked += 1
                switch literal {
                // Words need Korean; a literal of no letters ("", " · ") is no text.
                case .text(let key) where key.unicodeScalars.contains(where: \.properties.isAlphabetic) && !Strings.has(key, .ko):
                    missing.append("\(name): \"\(key)\"")
                case .interpolated(let key): missing.append("\(name): \"\(key)\" is built with \\( ), so it cannot be a catalog key")
                default: break
                }
            }
        }
        XCTAssertGreaterThan(checked, 200, "the scan found the catalog calls")
        XCTAssertEqual(missing, [], "texts without Korean in Resources/strings.json:\n" + missing.joined(separator: "\n"))
    }

    func testNoEnglishGoesToTheScreenOrTheMessageLineWithoutTheCatalog() throws {
        var bare: [String] = []
        for (name, text) in try frontEndFiles() where name.hasPrefix("ClosetTUI/") {
            bare += CatalogScan.bareTexts(in: text).map { "\(name): \($0)" }
        }
        XCTAssertEqual(bare, [], "English put on the screen without Strings:\n" + bare.joined(separator: "\n"))
    }

    /// The scan itself: it finds what it must, so that the tests above cannot pass by finding nothing.
    func testTheScanFindsCatalogCallsConcatenationsTernariesAndBareTexts() {
        let source = #"""
            s.message = s.say("Logged {0}.", name)
            let a = Strings.text(flag ? "Yes" : "No", language)
            Output.note(Output.format("Archived item {0} " + "(kept).", id))
            state.message = "Undid \(x)."
            t.put(1, 2, "Nothing here.")
            t.put(1, 2, "│", style: .init(dim: true))
            let b = s.say("Outfit for \(day)")
            """#
        XCTAssertEqual(
            CatalogScan.catalogTexts(in: source),
            [.text("Logged {0}."), .text("Yes"), .text("No"), .text("Archived item {0} (kept)."), .interpolated("Outfit for \\(day)")])
        XCTAssertEqual(CatalogScan.bareTexts(in: source), ["\"Undid \\(x).\"", "\"Nothing here.\""])
    }

    /// Errors the TUI shows are in the person's language: a free-form one the catalog knows too.
    func testAnErrorTheTUIShowsIsInKorean() {
        let words = TerminalApp.words(for: ClosetError.usage("a wear lists each item once"), .ko)
        XCTAssertEqual(words, "입은 기록에는 옷을 한 번씩만 적습니다")
        let gone = TerminalApp.words(for: ClosetError.itemNotFound(21), .ko)
        XCTAssertFalse(gone.contains("gone"), gone)
    }
}

/// Reads Swift source text for the literals handed to the catalog and those put on screen without it.
enum CatalogScan: Equatable {
    case text(String)
    case interpolated(String)

    /// The calls whose first argument is a catalog key.
    static let catalogCall = try! NSRegularExpression(
        pattern:
            #"(?<![A-Za-z0-9_.])(?:[A-Za-z_]+\.)*(?:say|Strings\.text|Strings\.format|Output\.text|Output\.format|Output\.helpText|t)\("#)

    /// Each catalog call's keys: a literal, literals joined with +, or the branches of a ternary.
    static func catalogTexts(in source: String) -> [CatalogScan] {
        let chars = Array(source.unicodeScalars)
        let ns = source as NSString
        var out: [CatalogScan] = []
        for match in catalogCall.matches(in: source, range: NSRange(location: 0, length: ns.length)) {
            // NSString offsets are UTF-16: convert through the prefix.
            let prefix = ns.substring(to: match.range.location + match.range.length)
            out += firstArgument(chars, from: prefix.unicodeScalars.count)
        }
        return out
    }

    /// Literals put on screen or on the message line as they are: `message = "…"`, `t.put(y, x, "…")` holding
    /// letters (a line of box drawing or a dot is no text).
    static func bareTexts(in source: String) -> [String] {
        let patterns = [#"message\s*=\s*("(?:[^"\\]|\\.)*")"#, #"\.put\([^,()]+,[^,()]+,\s*("(?:[^"\\]|\\.)*")"#]
        var out: [(Int, String)] = []
        for pattern in patterns {
            let regex = try! NSRegularExpression(pattern: pattern)
            let ns = source as NSString
            for match in regex.matches(in: source, range: NSRange(location: 0, length: ns.length)) {
                let literal = ns.substring(with: match.range(at: 1))
                // Letters of the literal itself: what is interpolated into it is data (a name, a number).
                let words = literal.replacingOccurrences(of: #"\\\([^)]*\)"#, with: "", options: .regularExpression)
                if words.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) { out.append((match.range.location, literal)) }
            }
        }
        return out.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The literals of the argument starting at `start` (just after the call's parenthesis), up to its comma.
    static func firstArgument(_ c: [Unicode.Scalar], from start: Int) -> [CatalogScan] {
        var i = start, depth = 0
        var found: [CatalogScan] = []
        // Whether only `+` and blanks stand between the last literal and here (then the next one joins it).
        var joinable = false
        while i < c.count {
            let ch = c[i]
            if ch == "\"" {
                let (literal, interpolated, end) = readLiteral(c, from: i)
                i = end
                if joinable, let last = found.popLast() {
                    switch last {
                    case .text(let a) where !interpolated: found.append(.text(a + literal))
                    case .text(let a), .interpolated(let a): found.append(.interpolated(a + literal))
                    }
                } else {
                    found.append(interpolated ? .interpolated(literal) : .text(literal))
                }
                joinable = false
                continue
            }
            if ch == "(" || ch == "[" || ch == "{" { depth += 1 }
            if ch == ")" || ch == "]" || ch == "}" {
                if depth == 0 { break }
                depth -= 1
            }
            if ch == "," && depth == 0 { break }
            if ch == "+" { joinable = !found.isEmpty } else if !(ch == " " || ch == "\n") { joinable = false }
            i += 1
        }
        return found
    }

    /// A string literal at `start` (its opening quote): its text with escapes read (an interpolation kept as
    /// written), whether it interpolates, and the index after its closing quote.
    static func readLiteral(_ c: [Unicode.Scalar], from start: Int) -> (String, Bool, Int) {
        var i = start + 1
        var text = ""
        var interpolated = false
        while i < c.count, c[i] != "\"" {
            if c[i] == "\\", i + 1 < c.count {
                let next = c[i + 1]
                switch next {
                case "(":
                    // Kept as written, to its closing parenthesis.
                    interpolated = true
                    var depth = 0, j = i + 1
                    while j < c.count {
                        if c[j] == "(" { depth += 1 } else if c[j] == ")" { depth -= 1; if depth == 0 { break } }
                        j += 1
                    }
                    text += "\\" + String(String.UnicodeScalarView(c[(i + 1)...min(j, c.count - 1)]))
                    i = j + 1
                    continue
                case "n": text += "\n"
                case "t": text += "\t"
                case "u":
                    // \u{XXXX}
                    if let close = c[i...].firstIndex(of: "}"),
                        let value = UInt32(String(String.UnicodeScalarView(c[(i + 3)..<close])), radix: 16),
                        let scalar = Unicode.Scalar(value)
                    {
                        text.unicodeScalars.append(scalar)
                        i = close + 1
                        continue
                    }
                default: text.unicodeScalars.append(next)
                }
                i += 2
                continue
            }
            text.unicodeScalars.append(c[i])
            i += 1
        }
        return (text, interpolated, i + 1)
    }
}
