public import WardenCore

/// A forge account: the bot's own, as its token resolves it.
public struct ForgeUser: Sendable, Hashable {
    /// The numeric id.
    public var id: UserID
    /// The username, without `@`.
    public var username: String

    /// Creates a user value.
    public init(id: UserID, username: String) {
        self.id = id
        self.username = username
    }
}
