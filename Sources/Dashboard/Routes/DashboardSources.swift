import Foundation
public import Store
public import WardenCore

/// Where the dashboard reads what is not in the queue, on every request: the seat's usage windows and holds, the run
/// ledger with its prices, the codex version, and the names of projects for merge request links. Each part is
/// optional; without it the page leaves its section empty.
public struct DashboardSources: Sendable {
    /// The seat's windows, plan and reserve as codex reported them last (holds are read from ``seatHolds`` and
    /// ``budget``).
    public var windows: @Sendable () async -> SeatState
    /// The usage-limit hold of the Codex seat pool.
    public var seatHolds: SeatHolds?
    /// The monthly budgets.
    public var budget: CostBudget?
    /// The run ledger.
    public var ledger: (any UsageStore)?
    /// The configured prices.
    public var prices: PriceTable
    /// `codex --version`, once known.
    public var codexVersion: @Sendable () async -> String?
    /// `gitlab.url`, when configured.
    public var gitlabURL: String?
    /// GitHub's web base (`https://github.com` or the Enterprise web host), when GitHub is configured.
    public var githubURL: String?
    /// GitLab project paths from the forge.
    public var gitlabPaths: ProjectPathCache?

    /// Creates sources; every part defaults to none.
    public init(
        windows: @escaping @Sendable () async -> SeatState = { SeatState() },
        seatHolds: SeatHolds? = nil,
        budget: CostBudget? = nil,
        ledger: (any UsageStore)? = nil,
        prices: PriceTable = PriceTable(),
        codexVersion: @escaping @Sendable () async -> String? = { nil },
        gitlabURL: String? = nil,
        githubURL: String? = nil,
        gitlabPaths: ProjectPathCache? = nil
    ) {
        self.windows = windows
        self.seatHolds = seatHolds
        self.budget = budget
        self.ledger = ledger
        self.prices = prices
        self.codexVersion = codexVersion
        self.gitlabURL = gitlabURL
        self.githubURL = githubURL
        self.gitlabPaths = gitlabPaths
    }

    /// The seat's windows with the holds in force at `now`.
    /// - Throws: ``StoreError`` when a hold or the ledger cannot be read.
    func seatState(now: Date) async throws -> SeatState {
        var state = await windows()
        if let hold = try await seatHolds?.active(at: now) {
            state.hold = SeatState.Hold(until: hold.until, reason: hold.reason)
        }
        if let budget {
            for system in BudgetSystem.allCases {
                if let hold = try await budget.hold(for: system) { state.budgetHolds.append(hold) }
            }
        }
        return state
    }

    /// The ledger's runs of the chart's days (from the start of the first day), oldest first.
    /// - Throws: ``StoreError`` when the ledger cannot be read.
    func runs(now: Date) async throws -> [CodexRun] {
        guard let ledger else { return [] }
        let today = (now.timeIntervalSince1970 / 86_400).rounded(.down)
        return try await ledger.runs(since: Date(timeIntervalSince1970: (today - Double(DashboardPage.chartDays - 1)) * 86_400))
    }

    /// The names of the projects of `jobs` and `reviews`: GitHub's from the jobs, GitLab's from the forge.
    func names(jobs: [JobRecord], reviews: [ReviewRecord]) async -> ProjectNames {
        var github: [ProjectID: String] = [:]
        for job in jobs where job.forge == .github {
            if let repository = job.repository { github[job.projectID] = repository }
        }
        let gitlabIDs = Set(jobs.filter { $0.forge == .gitlab }.map(\.projectID) + reviews.prefix(DashboardPage.listLimit).filter { $0.forge == .gitlab }.map(\.projectID))
        var gitlab: [ProjectID: String] = [:]
        if let gitlabPaths, !gitlabIDs.isEmpty { gitlab = await gitlabPaths.paths(of: gitlabIDs) }
        return ProjectNames(gitlabURL: gitlabURL, githubURL: githubURL, gitlabPaths: gitlab, githubRepositories: github)
    }
}
