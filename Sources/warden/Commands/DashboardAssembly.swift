import Codex
import Dashboard
import Forge
import Foundation
import Logging
import Store
import WardenCore

/// The dashboard's live inputs, built the same way for `warden serve` and `warden gateway`: the seat's usage windows
/// and holds, the run ledger and prices, the codex version, and the web bases and GitLab project paths its merge
/// request links are built from.
enum DashboardAssembly {
    /// The facts of the seat shown in the header; the codex binary stands in for its version until that is known.
    static func seat(_ configuration: WardenConfiguration, store: String) -> DashboardPage.Seat {
        DashboardPage.Seat(
            wardenVersion: WardenVersion.current, codex: configuration.codex.binary, sandboxMode: configuration.codex.sandboxMode.rawValue,
            store: store
        )
    }

    /// The kind of the configured store: `sqlite` or `postgresql`.
    static func storeKind(_ configuration: WardenConfiguration) -> String {
        if case .sqlite = configuration.store.url { "sqlite" } else { "postgresql" }
    }

    /// The sources of one server's dashboard.
    /// - Parameters:
    ///   - configuration: the loaded settings.
    ///   - store: the store holding the seat hold and the run ledger.
    ///   - rateLimits: the seat's windows as codex reported them, where this process watches them.
    ///   - budget: the monthly budgets.
    ///   - prices: the configured prices.
    static func sources(
        _ configuration: WardenConfiguration,
        store: some SeatHoldStore & UsageStore,
        rateLimits: RateLimitMonitor?,
        budget: CostBudget,
        prices: PriceTable
    ) -> DashboardSources {
        let version = CodexVersion(binary: configuration.codex.binary, environment: ChildEnvironment(codex: configuration.codex))
        return DashboardSources(
            windows: {
                guard let rateLimits else { return SeatState(reservePercent: configuration.codex.reservePercent) }
                let snapshot = await rateLimits.snapshot
                return SeatState(
                    windows: (snapshot?.windows ?? []).map {
                        SeatState.Window(name: $0.name, usedPercent: $0.usedPercent, windowMinutes: $0.windowMinutes, resetsAt: $0.resetsAt)
                    },
                    planType: snapshot?.planType,
                    reservePercent: rateLimits.reservePercent
                )
            },
            seatHolds: SeatHolds(store: store),
            budget: budget,
            ledger: store,
            prices: prices,
            codexVersion: { await version.value() },
            gitlabURL: configuration.gitlab.url,
            githubURL: githubWebBase(configuration.github),
            gitlabPaths: gitlabPaths(configuration)
        )
    }

    /// `https://github.com`, or the GitHub Enterprise Server web host of `github.api_url` with its scheme (GitHub jobs
    /// exist only where GitHub webhooks came in, so the default API URL names the right host for them).
    static func githubWebBase(_ github: GitHubSettings) -> String? {
        guard let host = github.webHost else { return nil }
        return (github.apiURL.lowercased().hasPrefix("http://") ? "http://" : "https://") + host
    }

    /// GitLab project paths from the API, when GitLab's URL and token are configured.
    private static func gitlabPaths(_ configuration: WardenConfiguration) -> ProjectPathCache? {
        guard let url = configuration.gitlab.url, let token = configuration.gitlab.token else { return nil }
        let client = GitLabClient(
            baseURL: url, token: token, httpClient: OutboundHTTPClient.client(for: url, proxy: configuration.proxy),
            retryPolicy: RetryPolicy(maximumAttempts: 1), requestTimeout: .seconds(5), logger: Logger(label: "warden.dashboard")
        )
        return ProjectPathCache { id in try await client.project(.id(id)).pathWithNamespace }
    }
}

/// `codex --version`, run once on the first page and remembered.
private actor CodexVersion {
    private let binary: String
    private let environment: ChildEnvironment
    private var known: String??

    init(binary: String, environment: ChildEnvironment) {
        self.binary = binary
        self.environment = environment
    }

    /// The first line codex printed, or `nil` when it could not tell.
    func value() async -> String? {
        if let known { return known }
        let outcome = await CodexVersionProbe.run(binary: binary, environment: environment, parent: ProcessInfo.processInfo.environment)
        let line = outcome.exitStatus == 0 ? outcome.output?.split(whereSeparator: \.isNewline).first.map { String($0.prefix(100)) } : nil
        known = .some(line)
        return line
    }
}
