import ArgumentParser
import ClosetKit
import Foundation
import Imaging

@main
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
            AddCommand.self, ImportCommand.self, ListCommand.self, ShowCommand.self, EditCommand.self,
            RemoveCommand.self, ArchiveCommand.self, LaundryCommand.self, CalendarCommand.self, CategoriesCommand.self, ExportCommand.self,
            RestoreCommand.self,
            ClassifyCommand.self, ConfirmCommand.self, SimilarCommand.self, EvalCommand.self,
            SuggestCommand.self, PlanCommand.self, WearCommand.self, OutfitCommand.self, StatsCommand.self, ProfileCommand.self,
            DoctorCommand.self, BenchCommand.self, ManualCommand.self,
        ])

    @OptionGroup var wardrobe: WardrobeOptions

    func run() throws {
        try TerminalUI.run(wardrobe: wardrobe)
    }

    /// Runs the command, turning closet's errors into a message on stderr and a sysexits code.
    static func main() {
        do {
            if Array(CommandLine.arguments.dropFirst()) == ["--version"] {
                print(ClosetVersion.report())
            } else {
                var command = try parseAsRoot()
                try command.run()
            }
            try Output.finishStdout()
        } catch let error as ClosetError {
            Output.error(error.cliMessage)
            Foundation.exit(error.exitCode)
        } catch let error as ImagingError {
            Output.error(error.description)
            Foundation.exit(65)
        } catch {
            // --help and the like end here too: what they print to stdout is checked as well.
            if exitCode(for: error) == .success {
                let text = fullMessage(for: error)
                if !text.isEmpty { Swift.print(text) }
                do { try Output.finishStdout() } catch let failure as ClosetError {
                    Output.error(failure.cliMessage)
                    Foundation.exit(failure.exitCode)
                } catch {}
                Foundation.exit(0)
            }
            exit(withError: error)
        }
    }
}
