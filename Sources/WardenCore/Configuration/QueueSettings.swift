/// The `queue` section — how often a job is tried, how long a worker holds it, how long finished jobs are kept — and
/// `store.review_retention`, how long the store keeps the history beside the queue.
public struct QueueSettings: Sendable, Equatable {
    /// Attempts before a job fails for good.
    public var maxAttempts: Int
    /// How long a claimed job stays with its worker before another may take it.
    public var lease: Duration
    /// How long `done` and `superseded` jobs are kept before they are deleted.
    public var retention: Duration
    /// How long review, thread and remediation records are kept after their last update.
    public var recordRetention: Duration

    /// The attempts when nothing is configured.
    public static let defaultMaxAttempts = WardenConfiguration.Registry.queueMaxAttempts.defaultValue
    /// The lease when nothing is configured.
    public static let defaultLease: Duration = WardenConfiguration.Registry.queueLease.defaultValue
    /// The retention when nothing is configured.
    public static let defaultRetention: Duration = WardenConfiguration.Registry.queueRetention.defaultValue
    /// The record retention when nothing is configured.
    public static let defaultRecordRetention: Duration = WardenConfiguration.Registry.storeReviewRetention.defaultValue

    /// Creates settings from values that are already valid.
    public init(
        maxAttempts: Int = Self.defaultMaxAttempts,
        lease: Duration = Self.defaultLease,
        retention: Duration = Self.defaultRetention,
        recordRetention: Duration = Self.defaultRecordRetention
    ) {
        self.maxAttempts = maxAttempts
        self.lease = lease
        self.retention = retention
        self.recordRetention = recordRetention
    }

    init(from values: ConfigurationValues) throws(ConfigurationError) {
        self.init(
            maxAttempts: try values.value(WardenConfiguration.Registry.queueMaxAttempts),
            lease: try values.value(WardenConfiguration.Registry.queueLease),
            retention: try values.value(WardenConfiguration.Registry.queueRetention),
            recordRetention: try values.value(WardenConfiguration.Registry.storeReviewRetention)
        )
    }
}
