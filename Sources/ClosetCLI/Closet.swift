import ArgumentParser
import ClosetKit
import Foundation
import Imaging

struct Closet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "closet",
        abstract: Output.helpText("An offline, keyboard-driven closet manager for the terminal."),
        discussion: """
            Run `closet` alone to open the closet in the terminal UI. The wardrobe lives in \
            $XDG_DATA_HOME/closet (or ~/.local/share/closet); --wardrobe DIR or CLOSET_HOME choose another.
            """,
        version: ClosetVersion.number,
        subcommands: [
            AddCommand.self, ImportCommand.self, ReceiveCommand.self, ListCommand.self, ShowCommand.self, EditCommand.self,
            RemoveCommand.self, ArchiveCommand.self, LaundryCommand.self, CalendarCommand.self, CategoriesCommand.self, ExportCommand.self,
            RestoreCommand.self,
            ClassifyCommand.self, CutoutCommand.self, ConfirmCommand.self, SimilarCommand.self, EvalCommand.self,
            SuggestCommand.self, PlanCommand.self, WearCommand.self, OutfitCommand.self, StatsCommand.self, ProfileCommand.self,
            DoctorCommand.self, BenchCommand.self, ManualCommand.self,
        ])

    @OptionGroup var wardrobe: WardrobeOptions

    func run() throws {
        try TerminalUI.run(wardrobe: wardrobe)
    }
}

/// The command line as a library: `closet` is a thin `main` that calls `run`, and tests call it in-process.
public enum ClosetCLI {
    /// Runs closet with `arguments` (without the program's name), reading `environment` and the given
    /// descriptors instead of the process's; every message and the exit status come back through them, never
    /// through `exit`. Returns the sysexits status. One run at a time per process (the streams are global).
    public static func run(
        arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
        stdin: FileHandle = .standardInput, stdout: FileHandle = .standardOutput, stderr: FileHandle = .standardError
    ) -> Int32 {
        let previous = (CLIContext.current, Output.language)
        CLIContext.current = CLIContext(
            environment: environment, stdin: stdin.fileDescriptor, stdout: BufferedOutput(stdout.fileDescriptor),
            stderr: stderr.fileDescriptor)
        Output.language = Language.fromLocale(environment)
        defer { (CLIContext.current, Output.language) = previous }
        return Closet.status(arguments)
    }
}

extension Closet {
    /// Runs the command, turning closet's errors into a message on stderr and a sysexits code.
    static func status(_ arguments: [String]) -> Int32 {
        // What a command printed before it failed is written out too, as stdio does at exit.
        defer { CLIContext.current.stdout.flush() }
        do {
            if arguments == ["--version"] {
                print(ClosetVersion.report())
            } else {
                var command = try parseAsRoot(arguments)
                try command.run()
            }
            try Output.finishStdout()
            return 0
        } catch let error as ClosetError {
            Output.error(error.cliMessage)
            return error.exitCode
        } catch let error as ImagingError {
            Output.error(error.description)
            return 65
        } catch {
            // --help and the like end here too: what they print to stdout is checked as well.
            let code = exitCode(for: error)
            let text = fullMessage(for: error)
            if code == .success {
                if !text.isEmpty { Output.jsonLine(text) }
                do { try Output.finishStdout() } catch let failure as ClosetError {
                    Output.error(failure.cliMessage)
                    return failure.exitCode
                } catch {}
                return 0
            }
            if !text.isEmpty { Output.stderr(text + "\n") }
            return code.rawValue
        }
    }
}
