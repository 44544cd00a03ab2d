import ArgumentParser
import Codex
import Foundation
import Gateway
import Logging
import WardenCore

/// The chat gateway's settings and supervised app-server, built the same way for `warden gateway` and
/// `warden serve --with-gateway`: the `[gateway]` settings, the key rules (required off loopback, at least 16
/// characters) and the app-server's working directory.
enum GatewayAssembly {
    /// Reads the gateway settings and makes the supervisor, or exits 78 with the reason.
    static func make(
        _ loaded: LoadedConfiguration,
        rateLimits: RateLimitMonitor,
        logger: Logger
    ) async throws -> (settings: ChatGateway.Settings, chat: ChatGatewaySettings, supervisor: AppServerSupervisor) {
        let configuration = loaded.core
        let chat: ChatGatewaySettings
        do {
            chat = try ChatGatewaySettings(from: loaded.values)
            try ChatGatewaySettings.checkExposure(apiKey: configuration.gateway.apiKey, host: configuration.listen.host)
            try ChatGatewaySettings.checkConfinement(tools: chat.tools, execSidecar: configuration.codex.execSidecar)
        } catch {
            logger.critical("refusing to start: \(error)")
            throw ExitCode(78)
        }
        var settings = GatewayServer.settings(configuration: configuration, chat: chat)
        settings.outputFilter = try OutputFilterAssembly.make(
            configuration: configuration, environment: loaded.values.environment, surface: "gateway", logger: logger
        )
        try FileManager.default.createDirectory(atPath: settings.workingDirectory, withIntermediateDirectories: true)
        let supervisor: AppServerSupervisor
        do {
            supervisor = try await GatewayServer.makeSupervisor(
                configuration: configuration,
                tools: chat.tools,
                workingDirectory: settings.workingDirectory,
                parentEnvironment: loaded.values.environment,
                rateLimits: rateLimits,
                logger: Logger(label: "warden.codex")
            )
        } catch {
            logger.critical("refusing to start: \(error)")
            throw ExitCode(78)
        }
        return (settings, chat, supervisor)
    }
}
