public import Codex
public import Hummingbird
public import Logging
public import NIOCore
public import Prometheus
public import ServiceLifecycle
public import Store
public import WardenCore

/// Builds the `warden serve` HTTP application: webhooks, health, metrics.
public enum ReviewBotServer {
    /// Everything the server needs, resolved from configuration by the caller.
    public struct Settings: Sendable {
        /// Address to bind.
        public var host: String
        /// Port to bind; 0 picks a free one (reported through `onServerRunning`).
        public var port: Int
        /// GitLab's webhook verification, limits and the bot's identity; `nil` serves no `/webhooks/gitlab` (a worker-only
        /// replica, or GitHub alone).
        public var webhook: GitLabWebhookReceiver.Settings?
        /// GitHub's; `nil` serves no `/webhooks/github`.
        public var githubWebhook: GitHubWebhookReceiver.Settings?
        /// The Codex sandbox mode, reported by `/healthz`.
        public var sandboxMode: SandboxMode

        /// Creates settings.
        public init(
            host: String,
            port: Int,
            webhook: GitLabWebhookReceiver.Settings?,
            githubWebhook: GitHubWebhookReceiver.Settings? = nil,
            sandboxMode: SandboxMode
        ) {
            self.host = host
            self.port = port
            self.webhook = webhook
            self.githubWebhook = githubWebhook
            self.sandboxMode = sandboxMode
        }
    }

    /// Composes router, routes and services into an application.
    ///
    /// - Parameters:
    ///   - settings: resolved server settings.
    ///   - store: the durable queue and review store (SQLite by default).
    ///   - services: further services run beside the HTTP server (workers), shut down with it.
    ///   - registry: the Prometheus registry `/metrics` renders; pass one to add metrics of other mounted routes.
    ///   - queueWakeUp: notified after each new job; pass the workers' signal so they start it at once.
    ///   - seatHolds: the Codex seat's holds, for `/healthz`; none by default.
    ///   - rateLimits: the Codex seat's usage windows, for `/healthz` and `/metrics`; none by default.
    ///   - prewarm: given each new review job's head, for a ``RepositoryPrewarmer`` among `services`; none by default.
    ///   - budget: the review budget, whose hold `/healthz` shows; `nil`: no budget.
    ///   - schedule: the scheduled remediation runs `/healthz` shows; `nil`: none.
    ///   - additionalRoutes: adds routes of another system mounted on the same server (`serve --with-gateway`).
    ///   - onServerRunning: called with the bound channel once listening (tests and benchmarks learn the port here).
    ///   - logger: the server's logger.
    /// - Returns: an application to run, or to hand to a `ServiceGroup`.
    public static func buildApplication(
        settings: Settings,
        store: some JobQueue & ReviewStore,
        services: [any Service] = [],
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        queueWakeUp: QueueWakeUp = QueueWakeUp(),
        seatHolds: SeatHolds? = nil,
        rateLimits: RateLimitMonitor? = nil,
        prewarm: PrewarmRequests? = nil,
        budget: CostBudget? = nil,
        schedule: (any ScheduledJobReporting)? = nil,
        additionalRoutes: (Router<BasicRequestContext>) -> Void = { _ in },
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in },
        logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router()
        let webhookMetrics = WebhookMetrics(registry: registry)
        if let webhook = settings.webhook {
            GitLabWebhookReceiver(
                settings: webhook,
                queue: store,
                reviews: store,
                metrics: webhookMetrics,
                wakeUp: queueWakeUp,
                prewarm: prewarm,
                logger: logger
            ).addRoutes(to: router)
        }
        if let githubWebhook = settings.githubWebhook {
            GitHubWebhookReceiver(
                settings: githubWebhook,
                queue: store,
                reviews: store,
                metrics: webhookMetrics,
                wakeUp: queueWakeUp,
                prewarm: prewarm,
                logger: logger
            ).addRoutes(to: router)
        }
        HealthRoutes(
            queue: store, sandboxMode: settings.sandboxMode, seatHolds: seatHolds, rateLimits: rateLimits, budget: budget, schedule: schedule,
            logger: logger
        ).addRoutes(to: router)
        MetricsRoute(registry: registry, queue: store, rateLimits: rateLimits, logger: logger).addRoutes(to: router)
        additionalRoutes(router)
        return Application(
            router: router,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "warden"),
            services: services,
            onServerRunning: onServerRunning,
            logger: logger
        )
    }
}
