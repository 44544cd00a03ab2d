import ArgumentParser
import Codex
import Dashboard
import Foundation
import Gateway
import Hardening
import Hummingbird
import Logging
import Store
import WardenCore

/// `warden gateway`: OpenAI-compatible chat completions over a supervised `codex app-server`.
struct GatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "OpenAI-compatible chat completions over codex app-server."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        try ProcessHardening.hardenCommand("gateway")
        let loaded = try options.loadConfiguration()
        let configuration = loaded.core
        let logger = Logger(label: "warden.gateway")
        // The seat's usage windows the app-server reports, on the gateway's /healthz and /metrics.
        let rateLimits = RateLimitMonitor(reservePercent: configuration.codex.reservePercent)
        let (settings, chat, supervisor) = try await GatewayAssembly.make(loaded, rateLimits: rateLimits, logger: logger)
        let costs = try loaded.read(CostSettings.init(from:))
        // The store holds the run ledger: every turn is recorded there, and the gateway's budget is read from it.
        let store: any UsageStore & SeatHoldStore
        do {
            store = try OpenedStore.open(configuration.store, configuration: QueueConfiguration(configuration.queue)).store
        } catch {
            logger.critical("refusing to start: \(error)")
            throw ExitCode(78)
        }
        let sandbox = configuration.codex.sandboxMode
        if sandbox.isWeakerThanDefault {
            logger.warning("codex sandbox is weaker than read-only", metadata: ["sandbox_mode": "\(sandbox.rawValue)"])
        }
        if getuid() == 0 {
            logger.warning("running as root: the model's commands run as root inside codex's sandbox")
        }
        logger.info(
            "warden gateway starting",
            metadata: [
                "listen": "\(configuration.listen)", "sandbox_mode": "\(sandbox.rawValue)", "model": "\(configuration.codex.model)",
                "max_concurrent_turns": "\(chat.maxConcurrentTurns)", "auth": "\(configuration.gateway.apiKey == nil ? "none (loopback)" : "bearer")",
            ]
        )
        let dashboard = DashboardRoutes(
            content: .status { Self.statusFacts(await supervisor.status) },
            access: DashboardAccess(token: try loaded.read(DashboardSettings.init(from:)).token, listenHost: configuration.listen.host),
            seat: DashboardAssembly.seat(configuration, store: DashboardAssembly.storeKind(configuration)),
            sources: DashboardAssembly.sources(
                configuration, store: store, rateLimits: rateLimits, budget: CostBudget(usage: store, costs: costs), prices: costs.prices
            ),
            logger: Logger(label: "warden.dashboard")
        )
        let app = GatewayServer.buildApplication(
            settings: settings,
            supervisor: supervisor,
            host: configuration.listen.host,
            port: configuration.listen.port,
            additionalRoutes: { router in dashboard.addRoutes(to: router) },
            onServerRunning: { channel in
                // One line on stdout with the bound port, for scripts and tests that listen on port 0.
                FileHandle.standardOutput.write(Data("warden gateway listening on port \(channel.localAddress?.port ?? 0)\n".utf8))
            },
            runLedger: store,
            prices: costs.prices,
            budget: CostBudget(usage: store, costs: costs),
            logger: logger
        )
        try await app.runService()
    }

    /// The gateway's dashboard lines: the supervised app-server's state, restarts and last failure.
    static func statusFacts(_ status: AppServerStatus) -> [StatusPage.Fact] {
        [
            StatusPage.Fact("app-server", status.state.rawValue),
            StatusPage.Fact("restarts", "\(status.restartCount)"),
            StatusPage.Fact("recycles", "\(status.recycleCount)"),
            StatusPage.Fact("last error", status.lastError ?? "none"),
        ]
    }
}
