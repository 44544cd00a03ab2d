import ArgumentParser

/// Not built yet: says so and exits 2.
struct ExecServerCommand: NotYetBuiltCommand {
    static let configuration = CommandConfiguration(commandName: "exec-server", abstract: "Runs the model's shell commands under seccomp.")
    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []
}
