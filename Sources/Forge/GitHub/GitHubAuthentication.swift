public import _CryptoExtras
public import WardenCore

/// How a ``GitHubClient`` authenticates: one token, or a GitHub App that mints an installation token per installation.
public enum GitHubAuthentication: Sendable {
    /// A personal or fine-grained access token, sent as `Authorization: Bearer`.
    case token(Secret)
    /// A GitHub App: an RS256 JWT (``GitHubAppJWT``) signed with `privateKey` buys installation tokens.
    case app(id: Int, privateKey: _RSA.Signing.PrivateKey)
}
