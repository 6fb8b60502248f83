import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where an import's time goes, stage by stage, summed over every photo and thread (for `closet bench import`):
/// the wall-clock time and the thread's own CPU time, which another busy process on the machine does not
/// inflate. Thread-safe; a pipeline that times nothing passes nil and pays nothing.
public final class StageTimes: @unchecked Sendable {
    /// The stages of one photo's import, in the order they run.
    public enum Stage: String, CaseIterable, Sendable {
        case read, hash, decode, sizes, classify, colours, write
    }

    /// Milliseconds per photo of one stage.
    public struct Figure: Sendable {
        public var stage: Stage
        public var wall: Double
        public var cpu: Double
    }

    private let lock = NSLock()
    private var wall: [Stage: UInt64] = [:]
    private var cpu: [Stage: UInt64] = [:]

    public init() {}

    /// Runs `body`, adding the time it took to `stage`.
    public func measure<T>(_ stage: Stage, _ body: () throws -> T) rethrows -> T {
        let (start, startCPU) = (DispatchTime.now().uptimeNanoseconds, Self.threadCPU())
        defer { add(stage, wall: DispatchTime.now().uptimeNanoseconds &- start, cpu: Self.threadCPU() &- startCPU) }
        return try body()
    }

    public func add(_ stage: Stage, wall ns: UInt64, cpu cpuNs: UInt64) {
        lock.lock()
        wall[stage, default: 0] &+= ns
        cpu[stage, default: 0] &+= cpuNs
        lock.unlock()
    }

    /// Each stage's milliseconds per photo, over `photos` photos.
    public func perPhoto(_ photos: Int) -> [Figure] {
        lock.lock()
        defer { lock.unlock() }
        let n = Double(max(1, photos)) * 1e6
        return Stage.allCases.map { Figure(stage: $0, wall: Double(wall[$0] ?? 0) / n, cpu: Double(cpu[$0] ?? 0) / n) }
    }

    /// The CPU time this thread has used, in nanoseconds.
    static func threadCPU() -> UInt64 {
        var ts = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0 else { return 0 }
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// The CPU time the whole process has used (every thread, user and system), in nanoseconds.
    public static func processCPU() -> UInt64 {
        var ts = timespec()
        guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) == 0 else { return 0 }
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}

extension Optional where Wrapped == StageTimes {
    /// Times `body` when there is a timer; runs it alone when not.
    public func measure<T>(_ stage: StageTimes.Stage, _ body: () throws -> T) rethrows -> T {
        switch self {
        case .some(let times): return try times.measure(stage, body)
        case .none: return try body()
        }
    }
}
