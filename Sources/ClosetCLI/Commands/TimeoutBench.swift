import ArgumentParser
import Foundation
import Weather

#if canImport(Glibc)
    import Glibc
#endif

/// What a peer that never answers costs: a weather server that takes the connection and says nothing, and a
/// terminal that never answers closet's graphics query. Tests check that neither hangs (they wait for the
/// outcome, with a generous deadline); how long each takes is a figure, printed here, never asserted.
struct TimeoutBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeouts",
        abstract: Output.helpText("Time what a silent weather server and a silent terminal cost."))

    @Option(help: "Runs of each (the figures are the median and the slowest).") var runs = 3
    @Option(help: "The weather client's timeout in seconds.") var weatherTimeout = 1.0
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        var weather: [Double] = []
        var terminal: [Double] = []
        for _ in 0..<max(1, runs) {
            weather.append(try Self.silentWeatherServer(timeout: weatherTimeout))
            terminal.append(try Self.silentTerminalFirstFrame())
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        if json {
            try Output.jsonObject([
                "weather_timeout_s": weatherTimeout, "weather_silent_server_s": median(weather),
                "weather_silent_server_max_s": weather.max() ?? 0, "tui_silent_terminal_first_frame_s": median(terminal),
                "tui_silent_terminal_first_frame_max_s": terminal.max() ?? 0,
            ])
            return
        }
        print(
            String(
                format: "weather fetch from a server that never answers: %.2f s (slowest %.2f s; timeout %.1f s)", median(weather),
                weather.max() ?? 0, weatherTimeout))
        print(
            String(
                format: "closet's first frame on a terminal that never answers its query: %.2f s (slowest %.2f s)", median(terminal),
                terminal.max() ?? 0))
    }

    /// Seconds until a forecast request to a loopback server that accepts and never answers gives up.
    static func silentWeatherServer(timeout: TimeInterval) throws -> Double {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw ValidationError("no socket for the silent server") }
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0
            }
        }
        guard bound, listen(listener, 8) == 0 else { throw ValidationError("the silent server could not listen on 127.0.0.1") }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let start = Date()
        _ = try? HTTPClient(timeout: timeout).get(URL(string: "http://127.0.0.1:\(port)/v1/forecast")!)
        return Date().timeIntervalSince(start)
    }

    /// Seconds from launching this closet on a pseudo-terminal that never answers to its first frame (the
    /// header), on an empty wardrobe; the program is then quit with q.
    static func silentTerminalFirstFrame() throws -> Double {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("closet-timeouts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var master: Int32 = -1, slave: Int32 = -1
        var size = winsize(ws_row: 30, ws_col: 100, ws_xpixel: 1000, ws_ypixel: 600)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw ValidationError("no pseudo-terminal") }
        defer { close(master) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = ["--ctty", URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path, "--wardrobe", folder.path]
        var environment = ProcessInfo.processInfo.environment
        for key in ["TMUX", "CLOSET_GRAPHICS", "KITTY_WINDOW_ID", "LC_ALL", "LC_MESSAGES"] { environment[key] = nil }
        environment["TERM"] = "xterm-256color"
        environment["LANG"] = "C.UTF-8"
        environment["CLOSET_MODEL"] = "none"
        process.environment = environment
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        (process.standardInput, process.standardOutput, process.standardError) = (handle, handle, handle)
        let start = Date()
        try process.run()
        close(slave)
        defer { if process.isRunning { process.terminate() }; process.waitUntilExit() }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let header = Array("0 items".utf8)
        while process.isRunning && Date().timeIntervalSince(start) < 60 {
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 20) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            output += buffer[0..<n]
            if output.count >= header.count
                && output.indices.dropLast(header.count - 1).contains(where: { output[$0..<($0 + header.count)].elementsEqual(header) })
            {
                let elapsed = Date().timeIntervalSince(start)
                _ = "q".utf8.map { $0 }.withUnsafeBufferPointer { write(master, $0.baseAddress, 1) }
                return elapsed
            }
        }
        throw ValidationError("closet drew no first frame on the silent terminal")
    }
}
