import Foundation
import Inference
import XCTest

/// Whole networks against PyTorch (fixtures written by tools/bench/make_engine_fixtures.py).
final class WholeNetworkTests: XCTestCase {
    struct Expected: Decodable { let input: [Float]; let logits: [Float]; let probabilities: [Float]; let embedding: [Float] }

    func fixture(_ name: String) throws -> (URL, Expected) {
        let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: dir.appendingPathComponent("\(name).expected.json")))
        return (dir.appendingPathComponent("\(name).json"), expected)
    }

    func testTinyNetworksMatchPyTorch() throws {
        for name in ["tiny_even", "tiny_odd"] {
            let (manifest, expected) = try fixture(name)
            for kernels in KernelDispatch.usable {
                let net = try Network(manifestURL: manifest, kernels: kernels)
                try net.run(expected.input)
                assertClose(
                    net.output("embedding")!, expected.embedding, relative: 1e-4, absolute: 1e-5, "\(name) \(kernels.name) embedding")
                assertClose(net.output("logits")!, expected.logits, relative: 1e-4, absolute: 1e-5, "\(name) \(kernels.name) logits")
                assertClose(
                    net.output("probabilities")!, expected.probabilities, relative: 1e-4, absolute: 1e-6,
                    "\(name) \(kernels.name) probabilities")
                // A second run on the same arena gives the same answer (no state leaks between runs).
                try net.run(expected.input)
                assertClose(net.output("logits")!, expected.logits, relative: 1e-4, absolute: 1e-5, "\(name) second run")
            }
        }
    }

    func testThreadsGiveTheSameAnswer() throws {
        let (manifest, expected) = try fixture("tiny_odd")
        let net = try Network(manifestURL: manifest)
        net.threads = 3
        try net.run(expected.input)
        assertClose(net.output("logits")!, expected.logits, relative: 1e-4, absolute: 1e-5, "threaded")
    }
}
