import ArgumentParser
import Foundation

/// Says that a subcommand is not built yet and exits 2, so scripts fail loudly instead of doing nothing.
protocol NotYetBuiltCommand: ParsableCommand {}

extension NotYetBuiltCommand {
    func run() throws {
        FileHandle.standardError.write(Data("warden \(Self.configuration.commandName ?? ""): not built yet in this version of Warden\n".utf8))
        throw ExitCode(2)
    }
}
