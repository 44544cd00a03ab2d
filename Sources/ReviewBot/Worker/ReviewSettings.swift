public import WardenCore

/// How the review worker filters and publishes findings: the `[review]` section.
public struct ReviewSettings: Sendable, Hashable {
    /// The `[review]` settings, declared once.
    public enum Registry {
        /// `review.min_confidence`.
        public static let minimumConfidence = Setting(
            "review.min_confidence", "WARDEN_REVIEW_MIN_CONFIDENCE", .number(0...1), default: 0.0,
            doc: "Findings below this confidence are dropped."
        )
        /// `review.max_findings`.
        public static let maximumFindings = Setting(
            "review.max_findings", "WARDEN_REVIEW_MAX_FINDINGS", .integer(0...ReviewSettings.maximumFindingsLimit), default: 10,
            doc: "At most this many findings are posted per review."
        )
        /// `review.publish`.
        public static let publishMode = Setting(
            "review.publish", "WARDEN_REVIEW_PUBLISH", .choice(PublishMode.self, ignoringCase: true), default: PublishMode.discussions,
            doc: "`discussions` (one thread per finding) or `batch` (draft notes and one `bulk_publish`: one notification; "
                + "drafts left by a run that stopped before publishing are reused, stale ones deleted)."
        )

        /// `review.min_access_level`.
        public static let minimumAccessLevel = Setting(
            "review.min_access_level", "WARDEN_REVIEW_MIN_ACCESS_LEVEL", .choice(AccessLevel.self), default: AccessLevel.developer,
            doc: "Mentions of the bot are answered only for users with at least this role on the project (looked up through the API, remembered 5 minutes)."
        )
        /// `review.max_mentions_per_hour`.
        public static let maximumMentionsPerHour = Setting(
            "review.max_mentions_per_hour", "WARDEN_REVIEW_MAX_MENTIONS_PER_HOUR", .integer(1...1000), default: 10,
            doc: "Mentions of the bot answered per user and merge request in an hour; more are ignored."
        )

        /// `review.worktree_pool`.
        public static let worktreePool = Setting(
            "review.worktree_pool", "WARDEN_REVIEW_WORKTREE_POOL", .integer(0...64), default: 2,
            doc: "Worktrees kept per project and reused by reviews and follow-ups (a checkout of what changed instead of the whole tree); "
                + "when all are busy a job gets a temporary one. 0: a fresh worktree per job."
        )

        /// `review.show_usage`.
        public static let showUsage = Setting(
            "review.show_usage", "WARDEN_REVIEW_SHOW_USAGE", .boolean, default: false,
            doc: "End the review's status note with one line of figures: the run's tokens, its duration and, when "
                + "`[[costs.models]]` prices the model, its cost."
        )

        /// Every `[review]` setting.
        public static let all: [any AnySetting] = [
            minimumConfidence, maximumFindings, publishMode, minimumAccessLevel, maximumMentionsPerHour, worktreePool, showUsage,
        ]
    }

    /// The largest accepted cap; more comments than this drown a merge request.
    public static let maximumFindingsLimit = 100

    /// Findings below this confidence are dropped.
    public var minimumConfidence: Double
    /// At most this many new findings are posted.
    public var maximumFindings: Int
    /// How inline findings are published.
    public var publishMode: PublishMode
    /// The lowest role whose mentions are answered.
    public var minimumAccessLevel: AccessLevel
    /// Mentions answered per user and merge request in an hour.
    public var maximumMentionsPerHour: Int
    /// Pooled worktrees per project.
    public var worktreePool: Int
    /// Whether the status note ends with the run's figures.
    public var showUsage: Bool

    /// Creates settings.
    public init(
        minimumConfidence: Double = Registry.minimumConfidence.defaultValue,
        maximumFindings: Int = Registry.maximumFindings.defaultValue,
        publishMode: PublishMode = Registry.publishMode.defaultValue,
        minimumAccessLevel: AccessLevel = Registry.minimumAccessLevel.defaultValue,
        maximumMentionsPerHour: Int = Registry.maximumMentionsPerHour.defaultValue,
        worktreePool: Int = Registry.worktreePool.defaultValue,
        showUsage: Bool = Registry.showUsage.defaultValue
    ) {
        self.minimumConfidence = minimumConfidence
        self.maximumFindings = maximumFindings
        self.publishMode = publishMode
        self.minimumAccessLevel = minimumAccessLevel
        self.maximumMentionsPerHour = maximumMentionsPerHour
        self.worktreePool = worktreePool
        self.showUsage = showUsage
    }

    /// Reads the settings.
    ///
    /// - Parameter values: the loaded configuration layers.
    /// - Throws: `ConfigurationError` naming the variable or key whose value is not accepted.
    public init(from values: ConfigurationValues) throws(ConfigurationError) {
        self.init(
            minimumConfidence: try values.value(Registry.minimumConfidence),
            maximumFindings: try values.value(Registry.maximumFindings),
            publishMode: try values.value(Registry.publishMode),
            minimumAccessLevel: try values.value(Registry.minimumAccessLevel),
            maximumMentionsPerHour: try values.value(Registry.maximumMentionsPerHour),
            worktreePool: try values.value(Registry.worktreePool),
            showUsage: try values.value(Registry.showUsage)
        )
    }

    /// The selection the review plan applies.
    public var selection: ReviewSelection {
        ReviewSelection(minimumConfidence: minimumConfidence, maximumFindings: maximumFindings)
    }
}
