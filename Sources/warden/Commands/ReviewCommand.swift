import ArgumentParser

/// Not built yet: says so and exits 2.
struct ReviewCommand: NotYetBuiltCommand {
    static let configuration = CommandConfiguration(commandName: "review", abstract: "Review one merge request in the foreground.")
    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []
}
