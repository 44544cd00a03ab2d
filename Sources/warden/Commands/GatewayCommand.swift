import ArgumentParser

/// Not built yet: says so and exits 2.
struct GatewayCommand: NotYetBuiltCommand {
    static let configuration = CommandConfiguration(commandName: "gateway", abstract: "OpenAI-compatible chat completions over codex app-server.")
    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []
}
