public import Codex
public import Forge
public import Git
public import Logging
public import Store
public import WardenCore

/// Everything a review or follow-up run talks to, injected so tests pass fakes and real servers alike.
public struct ReviewDependencies: Sendable {
    /// The forge's API.
    public var forge: any ForgeClient
    /// How findings reach the forge: GitLab threads or one GitHub review.
    public var publishing: ReviewPublishing
    /// The bare-clone cache worktrees come from.
    public var repositories: RepositoryCache
    /// The token for clones and fetches (transient: only in the one git process that needs it).
    public var gitCredential: GitCredential?
    /// Runs Codex turns (read-only sandbox, pinned model: set on the runner). Reviews and follow-ups run it through
    /// ``codex(for:)``, so every turn is recorded in ``runLedger``.
    public var codex: any CodexExecuting
    /// Where every Codex run of a review or follow-up is recorded (the store's run ledger and the usage metrics);
    /// `nil`: not recorded.
    public var runLedger: (any CodexRunLedger)?
    /// The model ``codex`` is pinned to, as the run ledger records it.
    public var codexModel: String
    /// The configured prices, for the cost `review.show_usage` shows.
    public var prices: PriceTable = PriceTable()
    /// The wall-clock cap of one Codex turn.
    public var codexTimeout: Duration
    /// Where reviews are recorded.
    public var reviews: any ReviewStore
    /// Which discussion belongs to which Codex thread.
    public var threads: any ThreadStore
    /// Who the bot is.
    public var bot: BotIdentity
    /// Confidence threshold, cap and publish mode.
    public var settings: ReviewSettings
    /// Serialises turns on one Codex thread across every worker of the process, and across replicas when built with
    /// `ThreadLocks(across:)` over the shared store.
    public var threadLocks: ThreadLocks
    /// Who may make the bot answer, and how often; shared by every worker of the process.
    public var followUpGate: FollowUpGate
    /// The Codex seat's holds in the shared store: a usage limit holds the seat for every worker and replica, and no
    /// job is claimed while it lasts. `nil` (a one-shot `warden review`) counts a usage limit as a failed attempt.
    public var seatHolds: SeatHolds?
    /// The seat's latest usage windows; with ``seatHolds``, a window within the reserve holds the seat before a job is
    /// claimed. `nil` checks none.
    public var rateLimits: RateLimitMonitor?
    /// The `warden.review` logger.
    public var logger: Logger
    /// GitHub, when configured: what a job on a GitHub repository runs with instead of ``forge``.
    public var github: GitHubConnector?

    /// Creates the dependencies.
    public init(
        forge: any ForgeClient,
        publishing: ReviewPublishing = .gitlab,
        repositories: RepositoryCache,
        gitCredential: GitCredential?,
        codex: any CodexExecuting,
        codexTimeout: Duration = CodexSettings.defaultTimeout,
        runLedger: (any CodexRunLedger)? = nil,
        codexModel: String = CodexSettings.defaultModel,
        reviews: any ReviewStore,
        threads: any ThreadStore,
        bot: BotIdentity,
        settings: ReviewSettings = ReviewSettings(),
        threadLocks: ThreadLocks = ThreadLocks(),
        followUpGate: FollowUpGate = FollowUpGate(),
        seatHolds: SeatHolds? = nil,
        rateLimits: RateLimitMonitor? = nil,
        logger: Logger = Logger(label: "warden.review"),
        github: GitHubConnector? = nil
    ) {
        self.forge = forge
        self.publishing = publishing
        self.repositories = repositories
        self.gitCredential = gitCredential
        self.codex = codex
        self.codexTimeout = codexTimeout
        self.runLedger = runLedger
        self.codexModel = codexModel
        self.reviews = reviews
        self.threads = threads
        self.bot = bot
        self.settings = settings
        self.threadLocks = threadLocks
        self.followUpGate = followUpGate
        self.seatHolds = seatHolds
        self.rateLimits = rateLimits
        self.logger = logger
        self.github = github
    }
}

/// How a review's findings reach the forge.
public enum ReviewPublishing: Sendable {
    /// GitLab threads, one by one or as drafts, as `review.publish` says.
    case gitlab
    /// One pull request review on this repository.
    case github(GitHubClient, GitHubRepositoryRef)
}

extension ReviewDependencies {
    /// The forge these dependencies talk to, as the store records it.
    var forgeKind: ForgeKind {
        switch publishing {
        case .gitlab: .gitlab
        case .github: .github
        }
    }

    /// The publisher of one review, given the merge request's files.
    func publisher(files: [FileDiff]) -> any ReviewPublisher {
        switch publishing {
        case .gitlab:
            GitLabReviewPublisher(forge: forge, mode: settings.publishMode, logger: logger)
        case .github(let client, let repository):
            GitHubReviewPublisher(client: client, repository: repository, botUserID: bot.userID, files: files, logger: logger)
        }
    }

    /// The runner for the turns of `system` (a review or a follow-up): ``codex``, recording each run in
    /// ``runLedger`` when there is one.
    func codex(for system: CodexSystem) -> any CodexExecuting {
        guard let runLedger else { return codex }
        return LedgeredCodex(codex, system: system, model: codexModel, ledger: runLedger, logger: Logger(label: "warden.codex"))
    }

    /// Hands a job's worktree back to the pool (or removes a temporary one); a failure is logged, not thrown: the
    /// next start removes what is left.
    func remove(_ worktree: Worktree) async {
        do {
            try await repositories.returnWorktree(worktree)
        } catch {
            logger.warning("worktree could not be removed", metadata: ["worktree": "\(worktree.path)", "error": "\(error)"])
        }
    }
}
