import ArgumentParser
import ClosetKit
import Foundation

/// SHA-256 throughput: swift-crypto's (what closet uses) against the portable Swift one it replaced.
struct HashBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash", abstract: Output.helpText("SHA-256 throughput: swift-crypto's against the portable Swift one."))

    @Option(help: "Megabytes hashed per run.") var megabytes = 64
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        guard (1...4096).contains(megabytes) else { throw ClosetError.usage("--megabytes must be 1 to 4096") }
        let data = Data((0..<(megabytes << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) })
        /// The best of 5 runs, in MB/s.
        func rate(_ hash: (Data) -> String) -> Double {
            var best = Double.infinity
            for _ in 0..<5 {
                let t = DispatchTime.now().uptimeNanoseconds
                _ = hash(data)
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9)
            }
            return Double(megabytes) / best
        }
        guard SHA256.hex(data) == PortableSHA256.hex(data) else { throw ClosetError.badData("the two SHA-256s disagree") }
        let crypto = rate(SHA256.hex), portable = rate(PortableSHA256.hex)
        let result: [String: Any] = ["megabytes": megabytes, "swift_crypto_mb_per_s": crypto, "portable_swift_mb_per_s": portable]
        if json { try Output.jsonObject(result); return }
        print(
            String(
                format: "SHA-256 of %d MB: swift-crypto %.0f MB/s, portable Swift %.0f MB/s (%.1fx)", megabytes, crypto, portable,
                crypto / portable))
    }
}
