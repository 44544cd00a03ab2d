public import Forge

/// Who the bot is on the forge, to tell its own notes from everyone else's.
public struct BotIdentity: Sendable, Hashable {
    /// The bot account's username, without `@`.
    public var username: String
    /// The bot account's numeric id, when configured; more reliable than the username, which can be renamed.
    public var userID: Int?

    /// Creates an identity.
    public init(username: String, userID: Int? = nil) {
        self.username = username
        self.userID = userID
    }

    /// Whether the bot wrote `note`: by id when known, else by username (without case).
    public func wrote(_ note: Note) -> Bool {
        if let userID { return note.authorID == userID }
        return note.authorUsername.lowercased() == username.lowercased()
    }
}
