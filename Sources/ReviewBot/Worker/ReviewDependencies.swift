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
    /// The bare-clone cache worktrees come from.
    public var repositories: RepositoryCache
    /// The token for clones and fetches (transient: only in the one git process that needs it).
    public var gitCredential: GitCredential?
    /// Runs Codex turns (read-only sandbox, pinned model: set on the runner).
    public var codex: any CodexExecuting
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

    /// Creates the dependencies.
    public init(
        forge: any ForgeClient,
        repositories: RepositoryCache,
        gitCredential: GitCredential?,
        codex: any CodexExecuting,
        codexTimeout: Duration = CodexSettings.defaultTimeout,
        reviews: any ReviewStore,
        threads: any ThreadStore,
        bot: BotIdentity,
        settings: ReviewSettings = ReviewSettings(),
        threadLocks: ThreadLocks = ThreadLocks(),
        followUpGate: FollowUpGate = FollowUpGate(),
        seatHolds: SeatHolds? = nil,
        rateLimits: RateLimitMonitor? = nil,
        logger: Logger = Logger(label: "warden.review")
    ) {
        self.forge = forge
        self.repositories = repositories
        self.gitCredential = gitCredential
        self.codex = codex
        self.codexTimeout = codexTimeout
        self.reviews = reviews
        self.threads = threads
        self.bot = bot
        self.settings = settings
        self.threadLocks = threadLocks
        self.followUpGate = followUpGate
        self.seatHolds = seatHolds
        self.rateLimits = rateLimits
        self.logger = logger
    }
}

extension ReviewDependencies {
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
