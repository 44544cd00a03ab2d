import ArgumentParser
import Codex
import Dashboard
import Foundation
import Gateway
import Hardening
import Git
import Hummingbird
import Logging
import Prometheus
import Remediation
import ReviewBot
import ServiceLifecycle
import Store
import WardenHTTP
import WardenCore

/// `warden serve`: the review bot's HTTP server (webhooks in, durable jobs, health and metrics) and its workers,
/// one per Codex seat (`codex.seats`).
///
/// It takes deliveries from GitLab (`/webhooks/gitlab`, when `gitlab.webhook_secret` is set), GitHub
/// (`/webhooks/github`, when `github.webhook_secret` is set) or both, and refuses to start with neither.
/// The workers start only when GitLab access is configured (URL, token, webhook secret, bot username); with only
/// the webhook secret the server still starts and stores deliveries, and says loudly that nothing drains them.
/// They start after the HTTP server, once GitLab says who the token belongs to (``ReviewWorkerPool``: retried while
/// GitLab cannot be reached, exit 78 when it refuses the token).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the review bot: GitLab and GitHub webhooks in, durable queue, review workers, /healthz, /readyz, /metrics."
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
        var webhookSecrets = WebhookSecrets(gitlab: nil, github: nil)
        if role.receivesWebhooks {
            do {
                webhookSecrets = try WebhookSecrets.resolve(gitlab: configuration.gitlab, github: configuration.github)
            } catch {
                logger.critical("refusing to start: \(error)")
                throw ExitCode(78)
            }
        }
        let reviewSettings = try loaded.read(ReviewSettings.init(from:))
        let costs = try loaded.read(CostSettings.init(from:))
        let dashboardSettings = try loaded.read(DashboardSettings.init(from:))
        let openedStore = try OpenedStore.open(configuration.store, configuration: QueueConfiguration(configuration.queue))
        let store = openedStore.store
        if configuration.codex.sandboxMode.isWeakerThanDefault {
            logger.warning("codex sandbox is weaker than read-only", metadata: ["sandbox_mode": "\(configuration.codex.sandboxMode.rawValue)"])
        }
        let settings = ReviewBotServer.Settings(
            host: configuration.listen.host,
            port: configuration.listen.port,
            webhook: webhookSecrets.gitlab.map { secret in
                .init(
                    webhookSecret: secret,
                    maxBodyBytes: configuration.webhook.maxBodyBytes,
                    classifier: ClassifierSettings(botUsername: configuration.bot.username, botUserID: configuration.bot.userID)
                )
            },
            githubWebhook: webhookSecrets.github.map { secret in
                .init(webhookSecret: secret, maxBodyBytes: configuration.webhook.maxBodyBytes, botLogin: configuration.github.botLogin)
            },
            sandboxMode: configuration.codex.sandboxMode
        )
        let wakeUp = QueueWakeUp()
        let prewarm = PrewarmRequests()
        let registry = PrometheusCollectorRegistry()
        // Every Codex run of this process is recorded in the store's run ledger and counted in /metrics.
        let runLedger = MeteredRunLedger(store, registry: registry, prices: costs.prices)
        let budget = CostBudget(usage: store, costs: costs)
        // The seat's usage windows as codex reports them after each run, for the reserve, /healthz and /metrics.
        let rateLimits = RateLimitMonitor(reservePercent: configuration.codex.reservePercent)
        await rateLimits.loadNewest(codexHome: configuration.codex.home)
        let workers =
            role.runsWorkers
            ? try await makeWorkers(
                configuration: configuration, store: store, reviewSettings: reviewSettings, wakeUp: wakeUp, prewarm: prewarm,
                rateLimits: rateLimits, registry: registry, usage: (runLedger, costs.prices, budget), logger: logger
            ) : []
        let scheduler = role.runsWorkers ? try await makeScheduler(loaded, store: store, logger: logger) : nil
        let wakeUps = StoreWakeUps(store: openedStore, wakeUp: wakeUp)
        let gateway = withGateway ? try await makeGateway(loaded, registry: registry, usage: (runLedger, budget), rateLimits: rateLimits, logger: logger) : nil
        let servedForges = ForgeKind.allCases.filter { ($0 == .gitlab ? webhookSecrets.gitlab : webhookSecrets.github) != nil }
        logger.info(
            "warden serve starting",
            metadata: [
                "listen": "\(configuration.listen)", "data_dir": "\(configuration.dataDirectory)", "store": "\(configuration.store.url)",
                "role": "\(role.rawValue)",
                "webhooks": "\(servedForges.map(\.rawValue).joined(separator: ","))",
                "sandbox_mode": "\(configuration.codex.sandboxMode.rawValue)", "workers": "\(workers.isEmpty ? 0 : max(1, configuration.codex.seats))",
                "gateway": "\(gateway == nil ? "off" : "on")",
                "scheduled_remediations": "\(scheduler?.entries.count ?? 0)",
            ]
        )
        let dashboard = DashboardRoutes(
            content: .queue(store),
            access: DashboardAccess(token: dashboardSettings.token, listenHost: configuration.listen.host),
            seat: DashboardAssembly.seat(configuration, store: DashboardAssembly.storeKind(configuration)),
            sources: DashboardAssembly.sources(configuration, store: store, rateLimits: rateLimits, budget: budget, prices: costs.prices),
            logger: Logger(label: "warden.dashboard")
        )
        let app = ReviewBotServer.buildApplication(
            settings: settings,
            store: store,
            services: workers + wakeUps.services + (gateway.map { [$0.supervisor] } ?? []) + (scheduler.map { [$0.service] as [any Service] } ?? []),
            registry: registry,
            queueWakeUp: wakeUp,
            seatHolds: SeatHolds(store: store),
            rateLimits: rateLimits,
            prewarm: prewarm,
            budget: budget,
            schedule: scheduler?.service,
            additionalRoutes: { router in
                gateway?.chat.addAPIRoutes(to: router)
                dashboard.addRoutes(to: router)
            },
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

    /// The scheduled remediation runs (`[[remediate.schedule]]`), each composed as `warden remediate` would for its
    /// repository and source, or `nil` when there are none; exits 78 naming the entry that cannot run.
    private func makeScheduler(
        _ loaded: LoadedConfiguration,
        store: some RemediationStore & SeatLeaseStore & UsageStore & ScheduledRunStore,
        logger: Logger
    ) async throws -> (service: RemediationScheduler, entries: [ScheduledRemediation])? {
        let entries = try loaded.read { values throws(ConfigurationError) in try values.value(RemediationSettings.Registry.schedule) }
        guard !entries.isEmpty else { return nil }
        let holder = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        var jobs: [RemediationScheduler.Job] = []
        for (index, entry) in entries.enumerated() {
            do {
                let assembly = try await RemediationAssembly.make(
                    loaded: loaded, configPath: options.config, repo: entry.repo, source: entry.source.description, templatePath: nil,
                    store: store, holder: "\(holder)-schedule"
                )
                jobs.append(RemediationScheduler.Job(entry: entry) { try await assembly.run() })
            } catch {
                logger.critical("refusing to start: remediate.schedule entry \(index + 1) (\(entry.repo) \(entry.source)): \(error)")
                throw ExitCode(78)
            }
        }
        let scheduler = RemediationScheduler(jobs: jobs, store: store, holder: holder, logger: Logger(label: "warden.remediate"))
        return (scheduler, entries)
    }

    /// The chat gateway's routes and its supervised app-server, for `--with-gateway`; the same rules as `warden gateway`
    /// (a key of at least 16 characters, required off loopback).
    private func makeGateway(
        _ loaded: LoadedConfiguration,
        registry: PrometheusCollectorRegistry,
        usage: (ledger: any CodexRunLedger, budget: CostBudget),
        rateLimits: RateLimitMonitor,
        logger: Logger
    ) async throws -> (chat: ChatGateway, supervisor: AppServerSupervisor) {
        let (settings, _, supervisor) = try await GatewayAssembly.make(loaded, rateLimits: rateLimits, logger: logger)
        let gateway = ChatGateway(
            settings: settings, supervisor: supervisor, metrics: GatewayMetrics(registry: registry), runLedger: usage.ledger,
            budget: usage.budget, logger: Logger(label: "warden.gateway")
        )
        return (gateway, supervisor)
    }

    /// One worker per Codex seat and the pre-warmer of the repository cache, or none (with a loud warning) when neither
    /// GitLab nor GitHub access is configured.
    private func makeWorkers(
        configuration: WardenConfiguration,
        store: some JobQueue & ReviewStore & ThreadStore & SeatLeaseStore,
        reviewSettings: ReviewSettings,
        wakeUp: QueueWakeUp,
        prewarm: PrewarmRequests,
        rateLimits: RateLimitMonitor,
        registry: PrometheusCollectorRegistry,
        usage: (ledger: any CodexRunLedger, prices: PriceTable, budget: CostBudget),
        logger: Logger
    ) async throws -> [any Service] {
        let gitlab: WardenConfiguration.GitLabAccess?
        let gitlabMissing: String
        do {
            gitlab = try configuration.requireGitLab()
            gitlabMissing = ""
        } catch {
            gitlab = nil
            gitlabMissing = "\(error)"
        }
        let github: GitHubSettings.Access?
        do {
            github = configuration.github.isConfigured ? try configuration.github.requireAccess() : nil
        } catch {
            logger.critical("refusing to start: \(error)")
            throw ExitCode(78)
        }
        if gitlab == nil, github == nil {
            logger.warning(
                "NO REVIEW WORKERS: neither GitLab nor GitHub access is configured, so webhooks are stored but no review runs",
                metadata: ["missing": "\(gitlabMissing); github.bot_login and its credentials"]
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
                gitlab: gitlab,
                github: github,
                store: store,
                settings: reviewSettings,
                outputFilter: outputFilter,
                threadLocks: ThreadLocks(across: seats),
                runLedger: usage.ledger,
                rateLimits: rateLimits,
                logger: Logger(label: "warden.review")
            )
            dependencies.codex = SeatedCodex(dependencies.codex, seats: seats)
            dependencies.prices = usage.prices
            // A usage limit holds the seat in the shared store: no replica claims a job until it resets.
            dependencies.seatHolds = SeatHolds(store: store)
            // Worktrees left by a crashed run belong to no job now; remove them before any worker starts.
            try await dependencies.repositories.removeStaleWorktrees()
            try await dependencies.github?.repositories.removeStaleWorktrees()
            let workers: [any Service] = (1...max(1, configuration.codex.seats)).map { seat in
                ReviewWorker(
                    queue: store,
                    dependencies: dependencies,
                    settings: ReviewWorker.Settings(name: "\(host)-\(process)-\(seat)", lease: configuration.queue.lease),
                    wakeUp: wakeUp,
                    budget: usage.budget
                )
            }
            let prewarmer = RepositoryPrewarmer(
                requests: prewarm,
                forge: dependencies.forge,
                repositories: dependencies.repositories,
                credential: dependencies.gitCredential,
                github: dependencies.github,
                logger: Logger(label: "warden.review")
            )
            return workers + [prewarmer]
        }
        return [pool]
    }
}
