/// The `bot` section: the account the review bot acts as, so it can recognise mentions and its own notes.
public struct BotSettings: Sendable, Equatable {
    /// The username, without `@`.
    public var username: String?
    /// The numeric user id.
    public var userID: Int?

    /// The accepted form of ``username``.
    public static let usernameForm = "a username without @ or spaces (review-bot)"

    /// Creates settings from values that are already valid.
    public init(username: String? = nil, userID: Int? = nil) {
        self.username = username
        self.userID = userID
    }

    init(from values: ConfigurationValues) throws(ConfigurationError) {
        self.init(username: try values.value(WardenConfiguration.Registry.botUsername), userID: try values.value(WardenConfiguration.Registry.botUserID))
    }
}
