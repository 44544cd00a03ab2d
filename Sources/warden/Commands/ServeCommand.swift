import ArgumentParser
import Codex
import Foundation
import Gateway
import Hardening
import Git
import Hummingbird
import Logging
import Prometheus
import ReviewBot
import ServiceLifecycle
import Store
import WardenCore

/// `warden serve`: the review bot's HTTP server (webhooks in, durable jobs, health and metrics) and its workers,
/// one per Codex seat (`codex.seats`).
///
/// The workers start only when GitLab access is configured (URL, token, webhook secret, bot username); with only
/// the webhook secret the server still starts and stores deliveries, and says loudly that nothing drains them.
/// They start after the HTTP server, once GitLab says who the token belongs to (``ReviewWorkerPool``: retried while
/// GitLab cannot be reached, exit 78 when it refuses the token).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the review bot: GitLab webhooks in, durable queue, review workers, /healthz, /readyz, /metrics."
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "What this replica does: all (webhooks and workers), receiver (webhooks only) or worker (workers only; no webhook secret needed). Replicas share a PostgreSQL store.")
    var role: ServeRole = .all

    @Flag(help: "Also serve the chat gateway (POST /v1/chat/completions, GET /v1/models) on the same port, so a small team runs one process.")
    var withGateway = false

    func run() async throws {
        try ProcessHardening.hardenCommand("serve")
        let loaded = try options.loadConfiguration()
        let configuration = loaded.core
        let logger = Logger(label: "warden.serve")
        var webhookSecret: Secret?
        if role.receivesWebhooks {
            do {
                webhookSecret = try configuration.gitlab.requireWebhookSecret()
            } catch {
                logger.critical("refusing to start: \(error)")
                throw ExitCode(78)
            }
        }
        let reviewSettings = try loaded.read(ReviewSettings.init(from:))
        let openedStore = try OpenedStore.open(configuration.store, configuration: QueueConfiguration(configuration.queue))
        let store = openedStore.store
        if configuration.codex.sandboxMode.isWeakerThanDefault {
            logger.warning("codex sandbox is weaker than read-only", metadata: ["sandbox_mode": "\(configuration.codex.sandboxMode.rawValue)"])
        }
        let settings = ReviewBotServer.Settings(
            host: configuration.listen.host,
            port: configuration.listen.port,
            webhook: webhookSecret.map { secret in
                .init(
                    webhookSecret: secret,
                    maxBodyBytes: configuration.webhook.maxBodyBytes,
                    classifier: ClassifierSettings(botUsername: configuration.bot.username, botUserID: configuration.bot.userID)
                )
            },
            sandboxMode: configuration.codex.sandboxMode
        )
        let wakeUp = QueueWakeUp()
        let prewarm = PrewarmRequests()
        let registry = PrometheusCollectorRegistry()
        // The seat's usage windows as codex reports them after each run, for the reserve, /healthz and /metrics.
        let rateLimits = RateLimitMonitor(reservePercent: configuration.codex.reservePercent)
        let workers =
            role.runsWorkers
            ? try await makeWorkers(
                configuration: configuration, store: store, reviewSettings: reviewSettings, wakeUp: wakeUp, prewarm: prewarm,
                rateLimits: rateLimits, registry: registry, logger: logger
            ) : []
        let wakeUps = StoreWakeUps(store: openedStore, wakeUp: wakeUp)
        let gateway = withGateway ? try await makeGateway(loaded, registry: registry, logger: logger) : nil
        logger.info(
            "warden serve starting",
            metadata: [
                "listen": "\(configuration.listen)", "data_dir": "\(configuration.dataDirectory)", "store": "\(configuration.store.url)",
                "role": "\(role.rawValue)",
                "sandbox_mode": "\(configuration.codex.sandboxMode.rawValue)", "workers": "\(workers.isEmpty ? 0 : max(1, configuration.codex.seats))",
                "gateway": "\(gateway == nil ? "off" : "on")",
            ]
        )
        let app = ReviewBotServer.buildApplication(
            settings: settings,
            store: store,
            services: workers + wakeUps.services + (gateway.map { [$0.supervisor] } ?? []),
            registry: registry,
            queueWakeUp: wakeUp,
            seatHolds: SeatHolds(store: store),
            rateLimits: rateLimits,
            prewarm: prewarm,
            additionalRoutes: { router in gateway?.chat.addAPIRoutes(to: router) },
            onServerRunning: { channel in
                // One line on stdout with the bound port, for scripts and tests that listen on port 0.
                FileHandle.standardOutput.write(Data("warden serve listening on port \(channel.localAddress?.port ?? 0)\n".utf8))
            },
            logger: logger
        )
        do {
            try await app.runService()
        } catch let refusal as ReviewWorkerPool.StartupRefusal {
            // A token GitLab refuses, one of another account than configured, or no codex: a person must act.
            logger.critical("refusing to start: \(refusal)")
            throw ExitCode(78)
        }
    }

    /// The chat gateway's routes and its supervised app-server, for `--with-gateway`; the same rules as `warden gateway`
    /// (a key of at least 16 characters, required off loopback).
    private func makeGateway(
        _ loaded: LoadedConfiguration,
        registry: PrometheusCollectorRegistry,
        logger: Logger
    ) async throws -> (chat: ChatGateway, supervisor: AppServerSupervisor) {
        let (settings, _, supervisor) = try await GatewayAssembly.make(loaded, logger: logger)
        let gateway = ChatGateway(settings: settings, supervisor: supervisor, metrics: GatewayMetrics(registry: registry), logger: Logger(label: "warden.gateway"))
        return (gateway, supervisor)
    }

    /// One worker per Codex seat and the pre-warmer of the repository cache, or none (with a loud warning) when GitLab
    /// access is not configured.
    private func makeWorkers(
        configuration: WardenConfiguration,
        store: some JobQueue & ReviewStore & ThreadStore & SeatLeaseStore,
        reviewSettings: ReviewSettings,
        wakeUp: QueueWakeUp,
        prewarm: PrewarmRequests,
        rateLimits: RateLimitMonitor,
        registry: PrometheusCollectorRegistry,
        logger: Logger
    ) async throws -> [any Service] {
        let gitlab: WardenConfiguration.GitLabAccess
        do {
            gitlab = try configuration.requireGitLab()
        } catch {
            logger.warning(
                "NO REVIEW WORKERS: GitLab access is not configured, so webhooks are stored but no review runs",
                metadata: ["missing": "\(error)"]
            )
            return []
        }
        let host = ProcessInfo.processInfo.hostName
        let process = ProcessInfo.processInfo.processIdentifier
        let redactions = OutputFilterAssembly.counter(surface: "review", in: registry)
        let outputFilter = try OutputFilterAssembly.make(
            configuration: configuration, environment: ProcessInfo.processInfo.environment, surface: "review",
            logger: Logger(label: "warden.review"), count: { redactions.increment(by: Int64($0)) }
        )
        // `codex.seats` counts for the whole deployment: every Codex turn takes a seat lease in the shared store, and
        // turns on one Codex thread hold a lease on it too, so replicas never run them at once.
        let seats = LeasedSeats(
            store: store, seats: configuration.codex.seats, lease: configuration.codex.seatLease, holder: "\(host)-\(process)",
            logger: Logger(label: "warden.seats")
        )
        let pool = ReviewWorkerPool(logger: logger) {
            var dependencies = try await ReviewDependencies.live(
                configuration: configuration,
                gitlabURL: gitlab.url,
                token: gitlab.token,
                botUsername: gitlab.botUsername,
                store: store,
                settings: reviewSettings,
                outputFilter: outputFilter,
                threadLocks: ThreadLocks(across: seats),
                rateLimits: rateLimits,
                logger: Logger(label: "warden.review")
            )
            dependencies.codex = SeatedCodex(dependencies.codex, seats: seats)
            // A usage limit holds the seat in the shared store: no replica claims a job until it resets.
            dependencies.seatHolds = SeatHolds(store: store)
            // Worktrees left by a crashed run belong to no job now; remove them before any worker starts.
            try await dependencies.repositories.removeStaleWorktrees()
            let workers: [any Service] = (1...max(1, configuration.codex.seats)).map { seat in
                ReviewWorker(
                    queue: store,
                    dependencies: dependencies,
                    settings: ReviewWorker.Settings(name: "\(host)-\(process)-\(seat)", lease: configuration.queue.lease),
                    wakeUp: wakeUp
                )
            }
            let prewarmer = RepositoryPrewarmer(
                requests: prewarm,
                forge: dependencies.forge,
                repositories: dependencies.repositories,
                credential: dependencies.gitCredential,
                logger: Logger(label: "warden.review")
            )
            return workers + [prewarmer]
        }
        return [pool]
    }
}
