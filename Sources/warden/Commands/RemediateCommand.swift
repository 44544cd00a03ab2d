import ArgumentParser

/// Not built yet: says so and exits 2.
struct RemediateCommand: NotYetBuiltCommand {
    static let configuration = CommandConfiguration(commandName: "remediate", abstract: "Fix queued findings and open draft merge requests.")
    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []
}
