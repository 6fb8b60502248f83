/// Compiles a manifest's graph to the program `Network` runs, in passes, as XNNPACK goes from a subgraph to
/// operators to a runtime: every node is checked and lowered (`Lowering`, one function per operator), the
/// fusion pass joins what runs better together (`Fusion`), the arena is laid out by liveness (`ArenaPlanner`),
/// and the planner's offsets are written into the ops (`placed`).
enum NetworkCompiler {
    /// What `Network` keeps of a compiled graph.
    struct Program {
        var ops: [CompiledOp]
        var shapes: [String: TensorShape]
        var offsets: [String: Int]
        var inputOffset: Int
        var arenaFloats: Int
        var weightFloats: Int
    }

    static func compile(
        _ manifest: ModelManifest, tensor: Lowering.TensorSource, integers: Int8Lowering.IntegerSource? = nil, fusion: Bool
    ) throws -> Program {
        var shapes: [String: TensorShape] = [:]
        let inputShape = TensorShape(height: manifest.input.height, width: manifest.input.width, channels: manifest.input.channels)
        guard inputShape.count > 0 else { throw InferenceError.badModel("the input shape \(inputShape) is empty") }
        shapes[manifest.input.name] = inputShape

        // Lowering, node by node: each reads only tensors made before it, and makes one no other node makes.
        var lowered: [Fusion.Lowered] = []
        for node in manifest.nodes {
            for input in node.inputs where shapes[input] == nil {
                throw InferenceError.badModel("node \(node.name) reads \(input), which no earlier node produces")
            }
            guard shapes[node.output] == nil else { throw InferenceError.badModel("tensor \(node.output) is produced twice") }
            let (op, shape) =
                node.int8 != nil
                ? try Int8Lowering.lower(node, shapes: shapes, tensor: tensor, integers: integers)
                : try Lowering.lower(node, shapes: shapes, temperature: manifest.temperature ?? 1, tensor: tensor)
            shapes[node.output] = shape
            lowered.append((op, shape))
        }
        for (key, name) in manifest.outputs where shapes[name] == nil {
            throw InferenceError.badModel("output \(key) names \(name), which no node produces")
        }

        // Last use of every tensor, so the planner can reuse its space after; outputs live to the end. An int8
        // node that takes an int8 node's bytes as they are uses their form (`byteForm`), not the floats.
        var lastUse: [String: Int] = [:]
        let byteReaders = try int8ByteReaders(manifest)
        for (i, node) in manifest.nodes.enumerated() {
            for input in node.inputs { lastUse[byteReaders.contains(i) ? byteForm(input) : input] = i }
        }
        for name in manifest.outputs.values { lastUse[name] = manifest.nodes.count }

        var groups =
            fusion
            ? Fusion.run(lowered, manifest: manifest, lastUse: lastUse)
            : lowered.indices.map { Fusion.Group(op: lowered[$0].op, nodes: $0...$0, shape: lowered[$0].shape) }

        // The arena: each group's output placed while it lives (a fused group's inner tensor is never placed).
        var planner = ArenaPlanner()
        let inputOffset = planner.allocate(manifest.input.name, count: inputShape.count)
        var weightFloats = 0
        for (g, group) in groups.enumerated() {
            if case .int8(let q) = group.op {  // placed here: it may hold a byte and a float form of its output
                let i = group.nodes.lowerBound
                groups[g].op = .int8(placeInt8(q, node: manifest.nodes[i], index: i, bytes: byteReaders.contains(i), lastUse, &planner))
                weightFloats += q.weightBytes / 4
                continue
            }
            let output = manifest.nodes[group.nodes.upperBound].output
            _ = planner.allocate(output, count: group.shape.count)
            for i in group.nodes {
                for input in Set(manifest.nodes[i].inputs) where lastUse[input] == i { planner.release(input) }
            }
            if lastUse[output] == nil { planner.release(output) }  // produced, never read: scratch space
            weightFloats += group.op.weightFloats
        }
        let offsets = planner.offsets
        let ops = groups.map { group in
            placed(
                group.op, node: manifest.nodes[group.nodes.lowerBound], last: manifest.nodes[group.nodes.upperBound], offsets: offsets)
        }
        return Program(
            ops: ops, shapes: shapes, offsets: offsets, inputOffset: inputOffset, arenaFloats: planner.size, weightFloats: weightFloats)
    }

    /// `op` with the arena offsets of its first node's inputs and its last node's output.
    static func placed(_ op: CompiledOp, node: ModelManifest.Node, last: ModelManifest.Node, offsets: [String: Int]) -> CompiledOp {
        let input = offsets[node.inputs.first ?? ""] ?? 0
        let output = offsets[last.output] ?? 0
        switch op {
        case .expandDepthwise(var f):
            f.expand.input = input; f.depthwise.output = output
            return .expandDepthwise(f)
        case .gemm(var g):
            g.input = input; g.output = output
            return .gemm(g)
        case .depthwise(var d):
            d.input = input; d.output = output
            return .depthwise(d)
        case .add(_, _, _, let count, let activation):
            return .add(a: input, b: offsets[node.inputs[1]] ?? 0, output: output, count: count, activation: activation)
        case .globalAveragePool(_, _, let pixels, let channels):
            return .globalAveragePool(input: input, output: output, pixels: pixels, channels: channels)
        case .softmax(_, _, let count, let t):
            return .softmax(input: input, output: output, count: count, temperature: t)
        case .resize(var r):
            r.input = input; r.output = output
            return .resize(r)
        case .dilatedConvolution(var d):
            d.conv.input = input; d.conv.output = output
            return .dilatedConvolution(d)
        case .maxPool(var p):
            p.input = input; p.output = output
            return .maxPool(p)
        case .bilinear(var b):
            b.input = input; b.output = output
            return .bilinear(b)
        case .concat(var c):
            c.inputs = node.inputs.map { offsets[$0] ?? 0 }; c.output = output
            return .concat(c)
        case .sigmoid(_, _, let count):
            return .sigmoid(input: input, output: output, count: count)
        case .int8:
            return op  // placed by `placeInt8`
        }
    }
}

extension CompiledOp {
    /// Floats of packed weights and biases the op holds.
    var weightFloats: Int {
        switch self {
        case .gemm(let g): g.weights.count + g.bias.count
        case .depthwise(let d): d.weights.count + d.bias.count
        case .expandDepthwise(let f): f.expand.weights.count + f.expand.bias.count + f.depthwise.weights.count + f.depthwise.bias.count
        case .dilatedConvolution(let d): d.conv.weights.count + d.conv.bias.count
        default: 0
        }
    }
}
