public import WardenCore

/// An installation access token and when it expires (`POST /app/installations/{id}/access_tokens`).
///
/// GitHub's installation tokens live one hour. One is used until ``refreshMargin`` before it expires, so a call
/// that starts with it cannot outlive it; a 401 throws it away early (the App may have been reinstalled).
public struct GitHubInstallationToken: Sendable, Hashable {
    /// How long before its expiry a token is no longer handed out.
    public static let refreshMargin: Double = 5 * 60

    /// The token.
    public let value: Secret
    /// When it expires, in seconds since 1970.
    public let expiresAt: Double

    /// Creates a token.
    public init(value: Secret, expiresAt: Double) {
        self.value = value
        self.expiresAt = expiresAt
    }

    /// Whether the token may still be used at `secondsSince1970`.
    public func isUsable(at secondsSince1970: Double) -> Bool {
        expiresAt - secondsSince1970 > Self.refreshMargin
    }
}
