import ClosetCLI
import Foundation

// The `closet` binary: the commands live in the ClosetCLI library, which tests call in-process too.
exit(ClosetCLI.run(arguments: Array(CommandLine.arguments.dropFirst())))
