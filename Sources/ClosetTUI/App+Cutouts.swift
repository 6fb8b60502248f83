import ClosetKit
import Foundation
import Importer

/// The cut-outs' background pass in the TUI (Importer's ``MaskRefresh``): started when the TUI opens with photos
/// still without a mask, and after each import; it runs on threads of its own at background priority, and its
/// progress is put on the message line while the person goes on using the keys. Quitting stops it: what it stored is
/// kept, and the next start goes on from there.
final class CutoutPass: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private(set) var total: Int
    private var outcome: MaskRefresh.Outcome?
    private var failure: Error?
    private var stopping = false

    init(total: Int) { self.total = total }

    /// Runs `refresh` over `photos` on a background thread.
    func start(_ refresh: MaskRefresh, _ photos: [(hash: String, ext: String)]) {
        DispatchQueue.global(qos: .utility).async {
            self.finish(
                Result {
                    try refresh.run(photos, progress: { done, _ in self.report(done) }, shouldStop: { self.locked { self.stopping } })
                })
        }
    }

    /// The pass's thread: photos done so far.
    func report(_ done: Int) { locked { self.done = done } }

    /// The pass's thread: its outcome, or why it stopped.
    func finish(_ result: Result<MaskRefresh.Outcome, Error>) {
        locked {
            switch result {
            case .success(let outcome): self.outcome = outcome
            case .failure(let error): self.failure = error
            }
        }
    }

    func stop() { locked { stopping = true } }

    /// Where the pass stands: photos done, and its outcome (or why it failed) once it has finished.
    var progress: (done: Int, outcome: MaskRefresh.Outcome?, failure: Error?) { locked { (done, outcome, failure) } }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}

extension TerminalApp {
    /// Starts the pass over the photos without a mask, unless one is running (it is started again when that one ends)
    /// or there is no segmentation model.
    func startCutouts() {
        guard cutouts == nil else { return cutoutsAgain = true }
        cutoutsAgain = false
        do {
            guard let refresh = try makeMaskRefresh?() else { return }
            let pending = try refresh.pending()
            guard !pending.isEmpty else { return }
            let pass = CutoutPass(total: pending.count)
            cutouts = pass
            pass.start(refresh, pending)
        } catch {
            state.message = state.say("Error: ") + Self.words(for: error, state.language)
        }
    }

    /// Puts the pass's progress on the message line (never over another message); true when the message changed.
    /// `cutoutsMessage` is the last message the pass itself put there: another (an action's answer, a hint) is left.
    func showCutoutProgress() -> Bool {
        guard let pass = cutouts else { return false }
        let before = state.message
        let (done, outcome, failure) = pass.progress
        let ours = state.message == nil || state.message == cutoutsMessage
        var said: String?
        if let failure {
            cutouts = nil
            said = state.say("Error: ") + Self.words(for: failure, state.language)
        } else if let outcome {
            cutouts = nil
            if ours {
                said =
                    state.say("Cut out {0} photos", "\(outcome.stored)")
                    + (outcome.failed.isEmpty ? "." : state.say("; {0} could not be read", "\(outcome.failed.count)"))
            }
            if cutoutsAgain { startCutouts() }
        } else if ours {
            said = state.say("Cutting out garments {0}/{1}", "\(done)", "\(pass.total)")
        }
        if let said {
            state.message = said
            cutoutsMessage = said
        }
        // Photos shown as taken for want of a mask are looked at again: the pass may have stored theirs.
        if state.message != before || outcome != nil { thumbnails.masksChanged() }
        return state.message != before
    }
}
