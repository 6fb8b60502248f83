import Dispatch
import Foundation

/// Prepares photos on worker threads while the caller stores the ones before them: decoding and
/// classifying overlap with the writes. The caller takes the results in order; workers run at most `ahead`
/// photos past the last one taken, so memory stays bounded whatever the number of files.
final class PreparePipeline<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var slots: [Int: Result<Value, Error>] = [:]
    /// The next index a worker starts.
    private var next = 0
    /// How many results the caller has taken.
    private var taken = 0
    private var stopping = false
    private var running = 0
    private let count: Int
    private let ahead: Int
    private let work: (Int) throws -> Value

    /// Starts `threads` workers on indices `0..<count`.
    init(count: Int, threads: Int, ahead: Int, work: @escaping (Int) throws -> Value) {
        self.count = count
        self.ahead = max(1, ahead)
        self.work = work
        let workers = max(1, min(threads, count))
        running = workers
        for _ in 0..<workers {
            DispatchQueue.global().async { self.runWorker() }
        }
    }

    private func runWorker() {
        condition.lock()
        while true {
            while !stopping && next < count && next >= taken + ahead { condition.wait() }
            if stopping || next >= count { break }
            let i = next
            next += 1
            condition.unlock()
            let result = Result { try work(i) }
            condition.lock()
            slots[i] = result
            condition.broadcast()
        }
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// The result for `index`, waiting for it: indices are taken in order, each once.
    func take(_ index: Int) -> Result<Value, Error> {
        condition.lock()
        defer { condition.unlock() }
        precondition(index == taken && index < count, "results are taken in order, each once")
        while slots[index] == nil { condition.wait() }
        taken += 1
        condition.broadcast()
        return slots.removeValue(forKey: index)!
    }

    /// Starts nothing more and waits for the workers still busy; results not taken are dropped.
    func finish() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        slots.removeAll()
        condition.unlock()
    }
}
