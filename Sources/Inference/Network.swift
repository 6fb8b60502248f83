import Dispatch
import Foundation
import InferenceKernels

/// A loaded network, ready to run: weights packed, every activation placed in one arena. Compiled at load
/// (`NetworkCompiler`: lowering, fusion, the arena's layout); run by `Network+Run.swift`.
/// `run` allocates nothing. A `Network` is not safe to run from two threads at once (one arena);
/// use one per thread, or `threads` to split each operator.
public final class Network: @unchecked Sendable {
    public let manifest: ModelManifest
    public let kernels: any KernelSet.Type
    /// Threads each operator is split across; 1 runs everything on the caller's thread.
    public var threads: Int = 1
    /// The int8 kernels' build for `int8` nodes (every build gives the same bytes): the fastest this CPU runs.
    public var int8Level: Int8Kernels.Level = Int8Kernels.best

    let ops: [CompiledOp]
    /// Each worker thread's scratch (the bands of fused ops, the patches of convolutions touching the
    /// padding): `workerFloats` each, grown on the first run after `threads` grows.
    let workerFloats: Int
    var workerScratch: AlignedBuffer
    let arena: AlignedBuffer
    /// Zeros that padding taps and padding rows of depthwise kernels read (a whole row of the widest tensor).
    let zeros: AlignedBuffer
    let inputOffset: Int
    let shapes: [String: TensorShape]
    let offsets: [String: Int]
    /// Multiply-adds of one inference.
    public let multiplyAdds: Int
    /// Bytes of packed weights held.
    public let weightBytes: Int
    public var arenaBytes: Int { arena.count * 4 }
    /// Bytes of the worker threads' scratch (one worker's worth with `threads` = 1).
    public var scratchBytes: Int { workerScratch.count * 4 }

    /// Loads `manifest.json` and the safetensors file it names from the same folder.
    public convenience init(manifestURL: URL, kernels: (any KernelSet.Type)? = nil, fusion: Bool = true) throws {
        let manifest = try ModelManifest.load(manifestURL)
        let weights = try SafeTensors(contentsOf: manifestURL.deletingLastPathComponent().appendingPathComponent(manifest.weights))
        try self.init(
            manifest: manifest, tensor: { try weights.floats($0) }, integers: { try weights.integers($0) }, kernels: kernels,
            fusion: fusion)
    }

    /// Builds a network from a manifest and a source of named weight tensors (`NetworkCompiler`). With `fusion`
    /// (the default), a 1×1 expansion read only by the depthwise convolution after it runs with it, band by band,
    /// and its output is not kept (`output(_:)` cannot return it). `integers` gives the I8 and I32 tensors of
    /// `int8` nodes.
    public init(
        manifest: ModelManifest, tensor: (String) throws -> (shape: [Int], values: [Float]),
        integers: ((String) throws -> IntegerTensor)? = nil, kernels: (any KernelSet.Type)? = nil, fusion: Bool = true
    ) throws {
        self.manifest = manifest
        self.kernels = kernels ?? KernelDispatch.best
        let program = try NetworkCompiler.compile(manifest, tensor: tensor, integers: integers, fusion: fusion)
        self.ops = program.ops
        self.workerFloats = program.ops.map(\.workerScratchFloats).max() ?? 0
        self.workerScratch = AlignedBuffer(count: workerFloats)
        self.shapes = program.shapes
        self.offsets = program.offsets
        self.inputOffset = program.inputOffset
        self.arena = AlignedBuffer(count: program.arenaFloats)
        self.zeros = AlignedBuffer(count: (program.shapes.values.map { $0.width * $0.channels }.max() ?? 0) + 16)
        self.multiplyAdds = program.ops.reduce(0) { $0 + $1.multiplyAdds }
        self.weightBytes = program.weightFloats * 4
    }

    /// The shape of a named tensor.
    public func shape(of name: String) -> TensorShape? { shapes[name] }

    /// A copy of a named output (`logits`, `probabilities`, `embedding`) or any tensor still live at the end.
    public func output(_ key: String) -> [Float]? {
        guard let name = manifest.outputs[key] ?? (shapes[key] != nil ? key : nil), let shape = shapes[name],
            let offset = offsets[name]
        else { return nil }
        return Array(UnsafeBufferPointer(start: arena.pointer + offset, count: shape.count))
    }
}
