/// Where int8 nodes' tensors live. A tensor an int8 node makes is u8 bytes in the arena (its `byteForm`), packed
/// four to a float slot; it is also written as floats (its own name) when an fp32 node, an int8 node that
/// quantizes differently, or the caller reads it. An int8 node whose input is floats quantizes it into bytes of
/// its own first. So a chain of int8 nodes passes bytes, and the conversions happen only at its edges.
extension NetworkCompiler {
    /// The planner's name for a tensor's bytes (NUL cannot start a name a manifest is allowed to hold).
    static func byteForm(_ tensor: String) -> String { "\u{0}u8 " + tensor }

    /// The indices of the int8 nodes that read their input as the bytes an int8 node made with the same quantization.
    static func int8ByteReaders(_ manifest: ModelManifest) throws -> Set<Int> {
        var producers: [String: Int8Node] = [:]
        var readers = Set<Int>()
        for (i, node) in manifest.nodes.enumerated() {
            guard !node.output.contains("\u{0}"), !node.inputs.contains(where: { $0.contains("\u{0}") }) else {
                throw InferenceError.badModel("node \(node.name): a tensor name holds a NUL character")
            }
            if let q = node.int8, let input = node.inputs.first, producers[input]?.output == q.input { readers.insert(i) }
            if let q = node.int8 { producers[node.output] = q }
        }
        return readers
    }

    /// `op` placed in the arena: its quantized input (when it reads floats), its bytes, and its floats (when read).
    static func placeInt8(
        _ op: Int8Op, node: ModelManifest.Node, index i: Int, bytes: Bool, _ lastUse: [String: Int], _ planner: inout ArenaPlanner
    ) -> Int8Op {
        var q = op
        let input = node.inputs[0], output = node.output
        let slots = { (count: Int) in (count + 3) / 4 }
        let quantized = "\u{0}quantized input of node \(i)"
        if bytes {
            q.byteInput = planner.offsets[byteForm(input)] ?? 0
        } else {
            q.quantizeFrom = planner.offsets[input] ?? 0
            q.byteInput = planner.allocate(quantized, count: slots(q.inputCount))
        }
        q.byteOutput = planner.allocate(byteForm(output), count: slots(q.outputCount))
        if lastUse[output] != nil { q.dequantizeTo = planner.allocate(output, count: q.outputCount) }
        let read = bytes ? byteForm(input) : input
        if lastUse[read] == i { planner.release(read) }
        planner.release(quantized)
        if lastUse[byteForm(output)] == nil { planner.release(byteForm(output)) }
        return q
    }
}
