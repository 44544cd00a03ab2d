public import Codex
import Foundation
public import Hummingbird
public import Logging
public import NIOCore
import Prometheus
public import WardenCore
import WardenHTTP

/// Builds `warden gateway`: the supervised codex app-server and the HTTP application around it.
public enum GatewayServer {
    /// The supervisor of the gateway's codex worker, from Warden's configuration: the configured
    /// binary, model and sandbox, the `gateway.tools` policy, `CODEX_HOME`, and only allowlisted variables in its
    /// environment.
    ///
    /// - Parameters:
    ///   - configuration: Warden's configuration.
    ///   - tools: the tools the chat model is offered (`gateway.tools`).
    ///   - workingDirectory: the worker's working directory (the threads' workspace).
    ///   - parentEnvironment: the variables to pick from, normally this process's own.
    ///   - rateLimits: told the seat's usage windows the worker reports (shared with the review bot's workers in
    ///     `warden serve --with-gateway`: one seat).
    ///   - logger: the `warden.codex` logger.
    /// - Returns: a supervisor to run as a service.
    /// - Throws: ``CodexError`` when the patch-less model catalogue a policy without `apply_patch` needs cannot be
    ///   written into the data directory.
    public static func makeSupervisor(
        configuration: WardenConfiguration,
        tools: ToolPolicy,
        workingDirectory: String,
        parentEnvironment: [String: String],
        rateLimits: RateLimitMonitor = RateLimitMonitor(),
        logger: Logger
    ) async throws(CodexError) -> AppServerSupervisor {
        let codex = configuration.codex
        let launch = try await AppServerLaunch.make(
            executablePath: codex.binary,
            codex: CodexArguments(model: codex.model, sandbox: codex.sandboxMode, tools: tools, execSidecar: codex.execSidecar),
            environment: ChildEnvironment(codex: codex),
            parentEnvironment: parentEnvironment,
            workingDirectory: workingDirectory,
            catalogueDirectory: configuration.dataDirectory
        )
        return AppServerSupervisor(
            // The experimental API carries dynamic tools: a request's `tools` become its thread's functions.
            configuration: AppServerSupervisorConfiguration(
                launch: launch, client: AppServerClientInfo(name: "warden_gateway", experimentalAPI: true), rateLimits: rateLimits
            ),
            logger: logger
        )
    }

    /// The settings of a gateway from Warden's configuration and the gateway's own settings.
    ///
    /// - Parameters:
    ///   - configuration: Warden's configuration (key, model, sandbox, data directory).
    ///   - chat: the `WARDEN_GATEWAY_*` settings.
    /// - Returns: the settings; the workspace is `<data dir>/gateway-workspace`.
    public static func settings(configuration: WardenConfiguration, chat: ChatGatewaySettings) -> ChatGateway.Settings {
        ChatGateway.Settings(
            apiKey: configuration.gateway.apiKey,
            chat: chat,
            defaultModel: configuration.codex.model,
            sandboxMode: configuration.codex.sandboxMode,
            workingDirectory: configuration.dataDirectory + "/gateway-workspace"
        )
    }

    /// Composes the gateway's routes and its supervisor into an application.
    ///
    /// - Parameters:
    ///   - settings: the gateway's settings.
    ///   - supervisor: the worker's supervisor; run as a service of the application.
    ///   - host: the address to bind.
    ///   - port: the port; 0 picks a free one (reported through `onServerRunning`).
    ///   - additionalRoutes: adds routes served beside the gateway's (the dashboard).
    ///   - onServerRunning: called with the bound channel once listening.
    ///   - runLedger: the store's run ledger, where every turn is recorded (and counted in `/metrics`); `nil`: none.
    ///   - prices: the configured prices, for `warden_codex_cost_usd_total`.
    ///   - budget: the gateway's monthly budget; `nil`: none.
    ///   - logger: the `warden.gateway` logger.
    /// - Returns: the application.
    public static func buildApplication(
        settings: ChatGateway.Settings,
        supervisor: AppServerSupervisor,
        host: String,
        port: Int,
        additionalRoutes: (Router<BasicRequestContext>) -> Void = { _ in },
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in },
        runLedger: (any CodexRunLedger)? = nil,
        prices: PriceTable = PriceTable(),
        budget: (any MonthlyBudget)? = nil,
        logger: Logger
    ) -> some ApplicationProtocol {
        let registry = PrometheusCollectorRegistry()
        let gateway = ChatGateway(
            settings: settings,
            supervisor: supervisor,
            metrics: GatewayMetrics(registry: registry),
            runLedger: runLedger.map { MeteredRunLedger($0, registry: registry, prices: prices) },
            budget: budget,
            logger: logger
        )
        let router = Router()
        gateway.addAPIRoutes(to: router)
        gateway.addOperationalRoutes(to: router)
        additionalRoutes(router)
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "warden-gateway"),
            services: [supervisor],
            onServerRunning: onServerRunning,
            logger: logger
        )
    }
}
