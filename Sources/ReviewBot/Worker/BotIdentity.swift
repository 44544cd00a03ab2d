public import Forge
public import WardenCore

/// Who the bot is on the forge, to tell its own notes from everyone else's.
///
/// The id comes from the token itself (``resolve(forge:configuredUsername:configuredUserID:)``), never from the
/// configuration alone: a note counts as the bot's (its hidden finding markers trusted, its thread answered) only when
/// its author id is the token's account, so a person who copies a marker into their own note cannot pass it off.
public struct BotIdentity: Sendable, Hashable {
    /// The bot account's username, without `@`.
    public var username: String
    /// The bot account's numeric id.
    public var userID: UserID

    /// Creates an identity.
    public init(username: String, userID: UserID) {
        self.username = username
        self.userID = userID
    }

    /// Whether the bot wrote `note`.
    public func wrote(_ note: Note) -> Bool {
        note.authorID == userID
    }

    /// Asks the forge whose token Warden holds, and checks it against the configured username and id.
    ///
    /// - Parameters:
    ///   - forge: the client holding the bot's token.
    ///   - configuredUsername: `bot.username`.
    ///   - configuredUserID: `bot.user_id`, when set.
    /// - Returns: the token's account.
    /// - Throws: ``ConfigurationError`` when the token belongs to another account than configured; ``ForgeError``
    ///   when the forge cannot be asked.
    public static func resolve(forge: some ForgeClient, configuredUsername: String, configuredUserID: UserID?) async throws -> BotIdentity {
        let user = try await forge.currentUser()
        try check(user, configuredUsername: configuredUsername, configuredUserID: configuredUserID)
        return BotIdentity(username: user.username, userID: user.id)
    }

    /// Refuses a token that belongs to another account than the configuration names.
    ///
    /// - Throws: ``ConfigurationError`` naming `bot.user_id` or `bot.username`.
    static func check(_ user: ForgeUser, configuredUsername: String, configuredUserID: UserID?) throws(ConfigurationError) {
        let registry = WardenConfiguration.Registry.self
        if let configuredUserID, configuredUserID != user.id {
            throw .invalidValue(
                key: registry.botUserID.fileKey,
                problem: "is \(configuredUserID), but the token belongs to user \(user.id) (\(user.username.escapedForMessage))",
                expected: "the id of the account the token belongs to, or no bot.user_id"
            )
        }
        guard configuredUsername.lowercased() == user.username.lowercased() else {
            throw .invalidValue(
                key: registry.botUsername.fileKey,
                problem: "is \"\(configuredUsername.escapedForMessage)\", but the token belongs to \"\(user.username.escapedForMessage)\"",
                expected: "the username of the account the token belongs to"
            )
        }
    }
}
