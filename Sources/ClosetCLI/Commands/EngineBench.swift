import ArgumentParser
import ClosetKit
import Foundation
import Inference
import InferenceKernels

/// Single-image latency of the embedded engine on the shipped model (or a random MobileNetV2-1.0-224).
struct EngineBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: Output.helpText(
            "Time the CNN engine on the shipped model (MobileNetV2 and EfficientNet-Lite0 joined), or on MobileNetV2-1.0-224 with random weights when none is installed."
        ))

    @Option(help: "A model manifest to run instead (JSON beside its safetensors).") var model: String?
    @Option(help: "Timed runs after the warm-up.") var runs = 30
    @Option(help: "Threads per operator.") var threads = 1
    @Flag(help: "Force the portable kernels (no AVX2/FMA).") var portable = false
    @Option(help: "Write the random MobileNetV2 (manifest + safetensors) to this folder and exit.") var exportRandom: String?
    @Flag(help: "Print one JSON object.") var json = false
    @Option(help: "Run the model at this input side instead of its manifest's (a network whose sizes follow its input: U²-Netp).")
    var size: Int?
    @Option(help: "Run the tensors input0, input1, … of this safetensors file (NHWC) instead of timing; outputs go to --save-outputs.")
    var inputs: String?
    @Option(help: "With --inputs: where to write the outputs (safetensors: each named output with the input's number, mask0, mask1, …).")
    var saveOutputs: String?
    @Flag(help: "Print the time of each operator.") var profile = false
    @Flag(help: "Run each operator alone (no expansion fused with its depthwise), to profile the parts.") var noFusion = false
    @Flag(help: "Measure the GEMM kernel alone, hot (in cache), on each SIMD kernel set the CPU runs (or the one CLOSET_KERNELS names).")
    var kernelPeak = false
    @Option(
        help: "With --kernel-peak: the problem's rows, columns and depth (M,N,K), for example 49,192,1152 (a 7×7 layer) run hot.",
        transform: { text in
            let values = text.split(separator: ",").compactMap { Int($0) }
            guard values.count == 3, values.allSatisfy({ (1...4096).contains($0) }) else {
                throw ValidationError("--peak-shape takes three whole numbers from 1 to 4096, M,N,K (for example 49,192,1152)")
            }
            return values
        })
    var peakShape: [Int] = [96, 32, 256]

    /// GFLOP/s of the GEMM kernel on a problem run again and again, so that it stays in cache (96×32×256 by default,
    /// which fits in L1): the ceiling for the layers. A layer's own shape run hot, against its time in the network,
    /// tells how much of that time goes to fetching its weights.
    func peak(requested: String?) throws {
        let (m, n, k) = (peakShape[0], peakShape[1], peakShape[2])
        let a = AlignedBuffer((0..<(m * k)).map { Float($0 % 7) / 7 })
        let b = (0..<(k * n)).map { Float($0 % 5) / 5 }
        let packed = AlignedBuffer(b.withUnsafeBufferPointer { GEMM.pack($0.baseAddress!, k: k, n: n) })
        let bias = AlignedBuffer(count: n + 16), c = AlignedBuffer(count: m * n)
        // Every SIMD set this CPU runs, unless one is asked for (--portable, or CLOSET_KERNELS).
        let sets: [any KernelSet.Type] =
            portable
            ? [KernelDispatch.portable]
            : requested != nil ? [KernelDispatch.best] : KernelDispatch.supported.filter { $0 != .portable }.map(\.kernels)
        let reps = max(20, (portable ? 200 : 5000) * 96 * 32 * 256 / (m * n * k))
        let call = GEMMParameters(
            n: n, k: k, a: a.pointer, lda: k, packedB: packed.pointer, bias: bias.pointer, c: c.pointer, ldc: n, activation: .none)
        for kernels in sets {
            let t = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<reps { kernels.gemm(rows: 0..<m, call) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
            print(
                String(
                    format: "GEMM kernel (%@), %dx%dx%d, hot: %.1f GFLOP/s", kernels.name, m, n, k,
                    2 * Double(m * n * k * reps) / seconds / 1e9))
        }
    }

    func run() throws {
        if let folder = exportRandom {
            let url = URL(fileURLWithPath: folder)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            let (manifest, shapes) = MobileNetV2.manifest()
            try SafeTensors.write(MobileNetV2.randomWeights(shapes), to: url.appendingPathComponent(manifest.weights))
            let encoder = JSONEncoder.closet
            encoder.outputFormatting.insert(.prettyPrinted)
            try encoder.encode(manifest).write(to: url.appendingPathComponent("manifest.json"))
            Output.note("wrote \(url.path)/manifest.json and \(manifest.weights)")
            return
        }
        let requested = CLIContext.current.environment["CLOSET_KERNELS"]
        if let refusal = KernelDispatch.refusal(requested: requested, supported: KernelDispatch.supported) {
            Output.note("note: \(refusal); using \(KernelDispatch.best.name)")
        }
        if kernelPeak { try peak(requested: requested); return }
        let rssBefore = ResidentMemory.currentMB()
        let kernels = portable ? KernelDispatch.portable : KernelDispatch.best
        let network: Network
        let modelName: String
        if let path = model ?? (try? ModelLoader.installedManifest())??.path {
            network = try Self.network(manifestPath: path, size: size, kernels: kernels, fusion: !noFusion)
            modelName = network.manifest.name
        } else {
            let (manifest, shapes) = MobileNetV2.manifest()
            let weights = MobileNetV2.randomWeights(shapes)
            network = try Network(manifest: manifest, tensor: { weights[$0]! }, kernels: kernels, fusion: !noFusion)
            modelName = "mobilenet_v2_1.0_224 (random weights)"
        }
        network.threads = threads
        if let inputs { try runInputs(network, inputs: inputs); return }
        let input = (0..<(network.manifest.input.height * network.manifest.input.width * 3)).map { Float(($0 * 7919) % 255) / 127.5 - 1 }
        for _ in 0..<5 { try network.run(input) }
        if profile {
            // One thread: each operator's CPU time (what it costs, whatever else the machine runs); more: wall time.
            print(threads == 1 ? "per operator: this thread's CPU time" : "per operator: wall time")
            for row in try network.profile(
                input, runs: runs, clock: threads == 1 ? Self.threadCPUNanoseconds : { DispatchTime.now().uptimeNanoseconds })
            {
                let gf = row.ms > 0 ? 2 * Double(row.multiplyAdds) / row.ms / 1e6 : 0
                print(Output.column(row.name, 28) + Output.column(row.op, 20) + String(format: "%7.3f ms %6.1f GFLOP/s", row.ms, gf))
            }
        }
        var times: [Double] = [], cpuTimes: [Double] = []
        for _ in 0..<runs {
            let t = DispatchTime.now().uptimeNanoseconds, cpu = Self.threadCPUNanoseconds()
            try network.run(input)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            cpuTimes.append(Double(Self.threadCPUNanoseconds() - cpu) / 1e6)
        }
        cpuTimes.sort()
        times.sort()
        let median = times[times.count / 2]
        let gflops = 2 * Double(network.multiplyAdds) / (median / 1000) / 1e9
        let rss = ResidentMemory.currentMB()
        let result: [String: Any] = [
            "model": modelName, "ms_per_image": median, "ms_min": times[0], "cpu_ms_per_image": cpuTimes[cpuTimes.count / 2],
            "gflops": gflops, "rss_mb": rss,
            "weights_mb": Double(network.weightBytes) / 1_048_576, "arena_mb": Double(network.arenaBytes) / 1_048_576,
            "scratch_mb": Double(network.scratchBytes) / 1_048_576,
            "multiply_adds": network.multiplyAdds, "threads": threads, "kernels": network.kernels.name,
            "kernel_sets": KernelDispatch.supported.map(\.rawValue),
            "rss_growth_mb": rss - rssBefore,
        ]
        if json { try Output.jsonObject(result); return }
        print("model:        \(modelName)")
        print(
            "kernels:      \(network.kernels.name), \(threads) thread(s); this CPU runs "
                + KernelDispatch.supported.map(\.rawValue).joined(separator: ", ") + " (CLOSET_KERNELS chooses)")
        print(String(format: "latency:      %.2f ms per image (median of %d; best %.2f)", median, runs, times[0]))
        print(String(format: "throughput:   %.1f GFLOP/s (%.1f M multiply-adds)", gflops, Double(network.multiplyAdds) / 1e6))
        print(
            String(
                format: "memory:       weights %.1f MB + arena %.1f MB + thread scratch %.1f MB; process RSS %.1f MB",
                Double(network.weightBytes) / 1_048_576, Double(network.arenaBytes) / 1_048_576,
                Double(network.scratchBytes) / 1_048_576, rss))
    }

    /// This thread's CPU time: on a loaded machine, the time a single-threaded run was on the CPU, without the
    /// time it waited for one (wall time counts both).
    static func threadCPUNanoseconds() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    /// A manifest's network, at `size`×`size` when asked.
    static func network(manifestPath: String, size: Int?, kernels: any KernelSet.Type, fusion: Bool) throws -> Network {
        let url = URL(fileURLWithPath: manifestPath)
        guard let size else { return try Network(manifestURL: url, kernels: kernels, fusion: fusion) }
        guard (8...4096).contains(size) else { throw ValidationError("--size takes a side from 8 to 4096 pixels") }
        var manifest = try ModelManifest.load(url)
        (manifest.input.height, manifest.input.width) = (size, size)
        let weights = try SafeTensors(contentsOf: url.deletingLastPathComponent().appendingPathComponent(manifest.weights))
        return try Network(
            manifest: manifest, tensor: { try weights.floats($0) }, integers: { try weights.integers($0) }, kernels: kernels,
            fusion: fusion)
    }

    /// Runs each `inputN` tensor of a safetensors file and writes every named output as `<name>N` (for the tools'
    /// comparisons with ONNX Runtime: tools/segment/parity.py).
    func runInputs(_ network: Network, inputs: String) throws {
        guard let saveOutputs else { throw ValidationError("--inputs needs --save-outputs FILE") }
        let file = try SafeTensors(contentsOf: URL(fileURLWithPath: inputs))
        var outputs: [String: (shape: [Int], values: [Float])] = [:]
        var index = 0
        while file.entries["input\(index)"] != nil {
            try network.run(try file.floats("input\(index)").values)
            for (key, name) in network.manifest.outputs {
                guard let values = network.output(key), let shape = network.shape(of: name) else { continue }
                outputs["\(key)\(index)"] = ([shape.height, shape.width, shape.channels], values)
            }
            index += 1
        }
        try SafeTensors.write(outputs, to: URL(fileURLWithPath: saveOutputs))
        Output.note("ran \(index) input(s); wrote \(saveOutputs)")
    }
}
