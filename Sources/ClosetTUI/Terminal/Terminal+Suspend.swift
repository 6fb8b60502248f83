import CNcursesw
import Foundation

extension Terminal {
    /// Hands the terminal over for `body` (a program run in it, as a shell-out does): curses leaves the screen, and
    /// comes back after with the screen drawn again whole. Meanwhile Ctrl-C is ignored here, so it reaches that
    /// program only.
    func suspended<T>(_ body: () throws -> T) rethrows -> T {
        let mouse = Self.mouseReporting
        if mouse { setMouse(false) }
        def_prog_mode()
        endwin()
        Self.active = false
        let interrupt = signal(SIGINT, SIG_IGN)
        defer {
            signal(SIGINT, interrupt)
            reset_prog_mode()
            Self.active = true
            clearok(stdscr, true)
            CNcursesw.refresh()
            if mouse { setMouse(true) }
        }
        return try body()
    }
}
