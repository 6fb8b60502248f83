import ClosetKit
import Foundation

extension TerminalApp {
    /// "From phone" (`p` on the import screen): `closet receive` for this wardrobe runs on the terminal, which
    /// curses hands over meanwhile: the address and its QR code, each photo as it arrives, and the summary. Esc,
    /// Ctrl-C or its idle time ends it; back in the closet, the items are read again, the new ones with them.
    func receiveFromPhone() throws {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let arguments = [executable, "receive", "--wardrobe", wardrobe.folder.path]
        let back = state.say("Press Enter to go back to closet.")
        let status = terminal.suspended { () -> Int32 in
            let status = Self.spawnAndWait(arguments)
            FileHandle.standardOutput.write(Data(("\n" + back + "\n").utf8))
            var byte: UInt8 = 0
            while read(STDIN_FILENO, &byte, 1) == 1 && byte != 10 {}
            return status
        }
        try reload()
        if status != 0 { state.message = state.say("closet receive ended with status {0}.", "\(status)") }
    }

    /// Runs `arguments` on this terminal (Ctrl-C back to its default there) and returns its exit status.
    static func spawnAndWait(_ arguments: [String]) -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        guard posix_spawn(&pid, arguments[0], nil, &attributes, &argv, environ) == 0 else { return 127 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // Exited normally: its code; ended by a signal: 128 + the signal, as a shell says it.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}
