public import WardenCore

/// Who the bot is, as far as classifying webhook events goes.
public struct ClassifierSettings: Sendable, Equatable {
    /// The bot's GitLab username, without the `@`; `nil` when none is configured (then nothing mentions the bot).
    public var botUsername: String?
    /// The bot's GitLab user id, when configured; notes by this user are the bot's own.
    public var botUserID: UserID?

    /// Creates settings.
    ///
    /// - Parameters:
    ///   - botUsername: the bot's username; a leading `@` and surrounding whitespace are dropped, and an empty
    ///     value counts as none.
    ///   - botUserID: the bot's user id.
    public init(botUsername: String?, botUserID: UserID?) {
        let trimmed = botUsername?.trimmingWhitespace()
        let bare = trimmed.map { $0.hasPrefix("@") ? String($0.dropFirst()) : $0 }
        self.botUsername = bare?.isEmpty == false ? bare : nil
        self.botUserID = botUserID
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
