import Foundation

/// SIGTERM, SIGHUP and SIGINT turned into a request to stop between two units of work (a rebuild's photos),
/// so that a long repair stopped by a shutdown, a closed terminal or Ctrl-C leaves everything it finished whole.
enum StopSignals {
    /// The signal received, or 0. Written by the handler only; read between photos.
    nonisolated(unsafe) static var received: Int32 = 0

    static func install() {
        for signal in [SIGTERM, SIGHUP, SIGINT] {
            _ = Glibc.signal(signal) { StopSignals.received = $0 }
        }
    }

    static var stopRequested: Bool { received != 0 }

    /// The signal's name, for the message.
    static var name: String {
        switch received {
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        case SIGINT: "SIGINT"
        default: "signal \(received)"
        }
    }
}
