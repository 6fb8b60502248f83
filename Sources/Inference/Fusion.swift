/// The compiler's second step, over the lowered nodes: ops that run better together become one. Today one
/// pattern, MobileNetV2's inverted residual: a 1×1 expansion (a direct GEMM) whose output only the depthwise
/// convolution right after it reads runs with it, band by band (`CompiledOp.ExpandDepthwise`), so the expanded
/// tensor never reaches the arena.
enum Fusion {
    /// A lowered node: its op, and the shape of its output.
    typealias Lowered = (op: CompiledOp, shape: TensorShape)

    /// One op of the fused program and the nodes it runs (`nodes.count` is the op's `nodeCount`).
    struct Group {
        var op: CompiledOp
        var nodes: ClosedRange<Int>
        /// The shape of the last node's output, the group's output.
        var shape: TensorShape
    }

    /// Groups `lowered` (one per node of `manifest`, in order); `lastUse` holds the last node that reads each
    /// tensor (outputs: past the end).
    static func run(_ lowered: [Lowered], manifest: ModelManifest, lastUse: [String: Int]) -> [Group] {
        var groups: [Group] = []
        var index = 0
        while index < lowered.count {
            if let fused = expandDepthwise(lowered, at: index, manifest: manifest, lastUse: lastUse) {
                groups.append(Group(op: fused, nodes: index...(index + 1), shape: lowered[index + 1].shape))
                index += 2
            } else {
                groups.append(Group(op: lowered[index].op, nodes: index...index, shape: lowered[index].shape))
                index += 1
            }
        }
        return groups
    }

    /// The node at `index` and the next as one op, when the first is a direct 1×1 GEMM whose output only the
    /// next, a depthwise convolution, reads.
    static func expandDepthwise(_ lowered: [Lowered], at index: Int, manifest: ModelManifest, lastUse: [String: Int]) -> CompiledOp? {
        guard case .gemm(let expand) = lowered[index].op, expand.im2col == nil, index + 1 < lowered.count,
            case .depthwise(let dw) = lowered[index + 1].op
        else { return nil }
        let node = manifest.nodes[index], next = manifest.nodes[index + 1]
        guard next.inputs == [node.output], lastUse[node.output] == index + 1 else { return nil }
        let rowFloats = dw.iw * dw.c
        // About 320 KB of expanded rows per band: they stay in L2 (512 KB on Zen 3) between the two kernels
        // (160 KB and 480 KB measured within noise of it; the unfused pair 0.5 ms slower on the first blocks).
        let bandRows = max(1, min(dw.oh, (max(dw.kh, 81_920 / rowFloats) - dw.kh) / dw.strideH + 1))
        return .expandDepthwise(
            .init(expand: expand, depthwise: dw, bandRows: bandRows, scratchRows: min(dw.ih, (bandRows - 1) * dw.strideH + dw.kh)))
    }
}
