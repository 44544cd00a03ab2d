/// The `queue` section: how often a job is tried and how long a worker holds it.
public struct QueueSettings: Sendable, Equatable {
    /// Attempts before a job fails for good.
    public var maxAttempts: Int
    /// How long a claimed job stays with its worker before another may take it.
    public var lease: Duration

    /// The attempts when nothing is configured.
    public static let defaultMaxAttempts = 5
    /// The lease when nothing is configured.
    public static let defaultLease: Duration = .seconds(10 * 60)

    /// Creates settings from values that are already valid.
    public init(maxAttempts: Int = Self.defaultMaxAttempts, lease: Duration = Self.defaultLease) {
        self.maxAttempts = maxAttempts
        self.lease = lease
    }

    init(from sources: ConfigurationSources) throws(ConfigurationError) {
        self.init(
            maxAttempts: try sources.integer(.queueMaxAttempts, minimum: 1) ?? Self.defaultMaxAttempts,
            lease: try sources.duration(.queueLease) ?? Self.defaultLease
        )
    }
}
