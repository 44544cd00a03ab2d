import ArgumentParser

/// Not built yet: says so and exits 2.
struct ExecShimCommand: NotYetBuiltCommand {
    static let configuration = CommandConfiguration(commandName: "exec-shim", abstract: "Forwards a shell invocation to the exec server.")
    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []
}
