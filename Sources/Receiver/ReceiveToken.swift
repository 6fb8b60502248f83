import Foundation

/// The secret in a receive session's address: 128 random bits from the system's generator (getrandom), written
/// as 32 lower-case hex digits. A request's path is compared with it in constant time.
public struct ReceiveToken: Sendable, CustomStringConvertible {
    public let text: String
    private let bytes: [UInt8]

    public init() {
        var generator = SystemRandomNumberGenerator()
        let words = [generator.next() as UInt64, generator.next() as UInt64]
        self.init(hex: words.map { String($0, radix: 16).leftPadded(to: 16) }.joined())!
    }

    /// A token from its text (32 hex digits), nil otherwise.
    public init?(hex: String) {
        guard hex.utf8.count == 32, hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        text = hex
        bytes = Array(hex.utf8)
    }

    public var description: String { text }

    /// Whether `candidate` is the token, in time that depends only on the token's length, never on where the first
    /// difference is (every byte is compared, a length mismatch included).
    public func matches<C: Collection>(_ candidate: C) -> Bool where C.Element == UInt8 {
        var difference = UInt8(truncatingIfNeeded: candidate.count ^ bytes.count) | (candidate.count == bytes.count ? 0 : 1)
        var index = candidate.startIndex
        for byte in bytes {
            let other = index < candidate.endIndex ? candidate[index] : 0
            difference |= byte ^ other
            if index < candidate.endIndex { index = candidate.index(after: index) }
        }
        return difference == 0
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
