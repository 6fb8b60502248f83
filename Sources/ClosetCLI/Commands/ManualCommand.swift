import ArgumentParser
import Foundation

/// `closet generate-manual`: the man page, written from the same command definitions as `--help`
/// (each subcommand's abstract, discussion and usage), so the two cannot drift. `make install` runs it.
struct ManualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-manual", abstract: Output.helpText("Print closet's man page (roff) to standard output."),
        shouldDisplay: false)

    func run() throws {
        Output.raw(Self.page(date: Self.buildDate()))
    }

    static func buildDate() -> String {
        // SOURCE_DATE_EPOCH makes the page (and the .deb) reproducible.
        let epoch = CLIContext.current.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init) ?? Date().timeIntervalSince1970
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMMM yyyy"
        return formatter.string(from: Date(timeIntervalSince1970: epoch))
    }

    /// roff text is escaped: a backslash doubled, a leading dot or quote protected.
    static func escape(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var l = line.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "-", with: "\\-")
            if l.hasPrefix(".") || l.hasPrefix("'") { l = "\\&" + l }
            return l
        }.joined(separator: "\n")
    }

    static func page(date: String) -> String {
        let root = Closet.configuration
        var out = ".TH CLOSET 1 \"\(date)\" \"closet \(ClosetVersion.number)\" \"User Commands\"\n"
        out += ".SH NAME\ncloset \\- \(escape(root.abstract))\n"
        out += ".SH SYNOPSIS\n.B closet\n[\\fIcommand\\fR] [\\fIoptions\\fR]\n"
        out += ".SH DESCRIPTION\n\(escape(root.discussion))\n.PP\nWithout a command, closet opens the terminal UI.\n"
        out += ".SH COMMANDS\n"
        for command in visibleCommands(root.subcommands, prefix: "") {
            out += ".SS \(escape(command.name))\n\(escape(command.type.configuration.abstract))\n"
            if !command.type.configuration.discussion.isEmpty { out += ".PP\n\(escape(command.type.configuration.discussion))\n" }
            let help = command.type.helpMessage(includeHidden: false, columns: 100)
            var usage = Array(help.components(separatedBy: "\n").drop { !$0.hasPrefix("USAGE:") })
            if let first = usage.first {
                let own = command.type.configuration.commandName ?? command.name
                usage[0] = first.replacingOccurrences(of: "USAGE: \(own)", with: "USAGE: closet \(command.name)")
            }
            out += ".PP\n.nf\n\(escape(usage.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)))\n.fi\n"
        }
        out += """
            .SH ENVIRONMENT
            .TP
            .B CLOSET_HOME
            The wardrobe folder (else \\fI$XDG_DATA_HOME/closet\\fR, else \\fI~/.local/share/closet\\fR); \\fB\\-\\-wardrobe\\fR overrides it.
            .TP
            .B CLOSET_MODEL
            The classifier model: a folder holding manifest.json, or \\fBnone\\fR. Else closet looks in \\fI<executable>/../share/closet/models/clothing\\fR, then under \\fIcloset/models/clothing\\fR in \\fI$XDG_DATA_HOME\\fR and \\fI$XDG_DATA_DIRS\\fR.
            .TP
            .B CLOSET_BUSY_TIMEOUT
            Seconds to wait for another closet writing to the same wardrobe (5).
            .TP
            .B CLOSET_GRAPHICS
            How the terminal UI draws photos: \\fBkitty\\fR, \\fBsixel\\fR, \\fBblocks\\fR or \\fBauto\\fR (ask the terminal; the default, also set by \\fBcloset profile \\-\\-graphics\\fR).
            .TP
            .B CLOSET_PALETTE
            \\fBfixed\\fR: on a 256\\-colour terminal, keep the colour cube instead of redefining colours 16\\(en255 for the photos.
            .TP
            .B COLORTERM
            \\fBtruecolor\\fR or \\fB24bit\\fR: 24\\-bit colour, even where the terminfo entry has 256 colours.
            .TP
            .B NO_COLOR
            A monochrome terminal UI.
            .SH FILES
            .TP
            .I wardrobe.sqlite
            The items, outfits, wear log and settings.
            .TP
            .I photos/
            The original photos, named by their SHA\\-256; \\fIphotos/.trash/\\fR keeps removed ones for 30 days.
            .SH EXIT STATUS
            0 success, 64 usage, 65 bad data, 66 no input, 73 cannot create, 74 I/O or a busy wardrobe, 78 a wardrobe written by a newer closet.
            .SH SEE ALSO
            The README in the source, and \\fBcloset \\fIcommand\\fB \\-\\-help\\fR.

            """
        return out
    }

    /// Every displayed command, depth first, with its full name ("outfit save").
    static func visibleCommands(_ types: [ParsableCommand.Type], prefix: String) -> [(name: String, type: ParsableCommand.Type)] {
        types.filter { $0.configuration.shouldDisplay }.flatMap { type -> [(name: String, type: ParsableCommand.Type)] in
            let name = prefix + (type.configuration.commandName ?? "\(type)".lowercased())
            return [(name, type)] + visibleCommands(type.configuration.subcommands, prefix: name + " ")
        }
    }
}
