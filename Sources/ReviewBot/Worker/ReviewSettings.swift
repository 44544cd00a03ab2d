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

        /// Every `[review]` setting.
        public static let all: [any AnySetting] = [minimumConfidence, maximumFindings, publishMode]
    }

    /// The largest accepted cap; more comments than this drown a merge request.
    public static let maximumFindingsLimit = 100

    /// Findings below this confidence are dropped.
    public var minimumConfidence: Double
    /// At most this many new findings are posted.
    public var maximumFindings: Int
    /// How inline findings are published.
    public var publishMode: PublishMode

    /// Creates settings.
    public init(
        minimumConfidence: Double = Registry.minimumConfidence.defaultValue,
        maximumFindings: Int = Registry.maximumFindings.defaultValue,
        publishMode: PublishMode = Registry.publishMode.defaultValue
    ) {
        self.minimumConfidence = minimumConfidence
        self.maximumFindings = maximumFindings
        self.publishMode = publishMode
    }

    /// Reads the settings.
    ///
    /// - Parameter values: the loaded configuration layers.
    /// - Throws: `ConfigurationError` naming the variable or key whose value is not accepted.
    public init(from values: ConfigurationValues) throws(ConfigurationError) {
        self.init(
            minimumConfidence: try values.value(Registry.minimumConfidence),
            maximumFindings: try values.value(Registry.maximumFindings),
            publishMode: try values.value(Registry.publishMode)
        )
    }

    /// The selection the review plan applies.
    public var selection: ReviewSelection {
        ReviewSelection(minimumConfidence: minimumConfidence, maximumFindings: maximumFindings)
    }
}
