import ArgumentParser
import ClosetKit
import Foundation
import Importer
import Receiver

/// `closet receive`: photos from a phone on the same network. The address (`http://ADDR:PORT/TOKEN/`) is the first
/// line of stdout, then a QR code of it; each upload goes through the importer, and the session ends after
/// `--minutes` without an upload, on Esc, or on Ctrl-C, with a summary.
struct ReceiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: Output.helpText("Receive photos from a phone on the same network: open the address or scan the QR code it shows."))

    @OptionGroup var wardrobe: WardrobeOptions
    @OptionGroup var item: ItemOptions
    @Option(
        help:
            "The address to listen on (default: this machine's address on the local network, the default route's). 0.0.0.0 listens on every network."
    )
    var bind: String?
    @Option(help: "The port (default: any free port).") var port: Int = 0
    @Option(help: "End after this many minutes without an upload.") var minutes: Double = 10

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535 (0: any free port), not \(port)") }
        guard minutes > 0, minutes <= 24 * 60 else { throw ValidationError("--minutes must be more than 0 and at most 1440") }
    }

    func run() throws {
        guard let address = bind ?? LANAddress.defaultAddress() else {
            throw ClosetError.noInput(
                "this machine has no default route (no network): give the address to listen on with --bind, e.g. --bind 127.0.0.1 to try it here"
            )
        }
        let store = try wardrobe.open()
        let classifier = try ModelLoader.refreshEmbeddings(
            store, with: try ModelLoader.classifierIfInstalled(required: item.category == nil))
        let importer = try PhotoImporter(wardrobe: store, classifier: classifier)
        let session = try ReceiveSession(importer: importer, template: try item.template(status: .active), language: Output.language)
        defer { session.finish() }
        let server = HTTPServer(limits: session.limits) { request, connection in session.handle(request, connection) }
        do { try server.start(address: address, port: UInt16(port)) } catch let error as HTTPServer.StartError {
            if case .badAddress = error { throw ClosetError.usage("--bind: \(error.description)") }
            throw ClosetError.io(error.description)
        }
        // Listening on every network (0.0.0.0 or ::), the phone still needs one address: the LAN's.
        let shown = ["0.0.0.0", "::"].contains(address) ? LANAddress.defaultAddress() ?? "127.0.0.1" : address
        let host = shown.contains(":") ? "[\(shown)]" : shown
        let url = "http://\(host):\(server.port)/\(session.token)/"
        let context = CLIContext.current
        let printLock = NSLock()
        // The address first, flushed at once: a script reads it before anything else.
        print(url)
        try Output.finishStdout()
        if let code = try? QRCode(url) { Output.raw(code.halfBlocks(colours: Output.stdoutIsTerminal)) }
        print(
            Output.format(
                "Open {0} on a phone on the same network, or scan the code. Esc or Ctrl-C ends; after {1} minutes without an upload it ends by itself.",
                url, Self.minutesText(minutes)))
        try Output.finishStdout()
        // Arrivals are printed from the connections' threads, one upload at a time, on this run's stdout.
        session.onArrival = { photos in
            printLock.withLock {
                for photo in photos { print(Self.line(photo)) }
                context.stdout.flush()
            }
        }
        StopSignals.install()
        let reason = KeyWait.untilStopped(idleLimit: minutes * 60) { session.idleSeconds }
        server.stop()
        printLock.withLock {
            let totals = session.totals
            print(reason)
            print(
                Output.format(
                    "Received: imported {0}, duplicates {1}, failed {2}", "\(totals.imported)", "\(totals.duplicates)", "\(totals.failed)")
                    + (totals.review > 0 ? Output.format(", {0} to review (`closet list --review`)", "\(totals.review)") : "") + ".")
        }
    }

    static func minutesText(_ minutes: Double) -> String {
        minutes == minutes.rounded() ? String(Int(minutes)) : String(format: "%.1f", minutes)
    }

    /// One arrival, as the terminal shows it.
    static func line(_ photo: ReceivedPhoto) -> String {
        let name = SafeText.escaped(photo.label)
        switch photo.outcome {
        case .imported(let id, _, let kind, let itemName, _, let review, let warning):
            return "+ "
                + Output.format("{0}: item {1}, {2} ({3})", name, "\(id)", SafeText.escaped(itemName), kind)
                + (review ? " " + Output.text("(to review)") : "") + (warning.map { "  " + SafeText.escaped($0) } ?? "")
        case .duplicate(let id): return "= " + Output.format("{0} is already in the wardrobe as item {1}", name, "\(id)")
        case .failed(let why): return "! " + Output.format("failed: {0}: {1}", name, SafeText.escaped(why))
        }
    }
}

/// Waits for the end of a receive session: Ctrl-C (or SIGTERM, SIGHUP), Esc on a terminal, or the idle limit.
enum KeyWait {
    /// Returns why it ended, in words.
    static func untilStopped(idleLimit: TimeInterval, idle: () -> TimeInterval) -> String {
        let input = CLIContext.current.stdin
        let terminal = isatty(input) == 1
        var saved = termios()
        if terminal, tcgetattr(input, &saved) == 0 {
            var raw = saved
            raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
            withUnsafeMutableBytes(of: &raw.c_cc) {
                $0[Int(VMIN)] = 0; $0[Int(VTIME)] = 0
            }
            tcsetattr(input, TCSANOW, &raw)
        }
        defer { if terminal { tcsetattr(input, TCSANOW, &saved) } }
        while true {
            if StopSignals.stopRequested { return Output.format("Stopped ({0}).", StopSignals.name) }
            if idle() >= idleLimit {
                return Output.format("No upload for {0} minutes: stopped.", ReceiveCommand.minutesText(idleLimit / 60))
            }
            var pfd = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            // The wait ends on a key, a signal (EINTR) or after a second, to look at the idle time again.
            let ready = poll(&pfd, terminal ? 1 : 0, 1000)
            if terminal, ready > 0 {
                var byte: UInt8 = 0
                if read(input, &byte, 1) == 1, byte == 0x1B { return Output.text("Stopped (Esc).") }
            }
        }
    }
}
