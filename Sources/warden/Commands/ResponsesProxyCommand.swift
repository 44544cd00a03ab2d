import ArgumentParser

/// Not built yet: says so and exits 2.
struct ResponsesProxyCommand: NotYetBuiltCommand {
    static let configuration = CommandConfiguration(commandName: "responses-proxy", abstract: "Key-injecting POST /v1/responses forwarder.")
    @Argument(parsing: .allUnrecognized, help: .hidden) var arguments: [String] = []
}
