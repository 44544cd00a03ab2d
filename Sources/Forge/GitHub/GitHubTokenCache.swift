public import WardenCore

/// The installation tokens and installation ids a GitHub App client has learnt, shared by every copy of the client.
///
/// A token is handed out until shortly before it expires (``GitHubInstallationToken/isUsable(at:)``) and dropped
/// when GitHub refuses it, so the next call mints a new one.
public actor GitHubTokenCache {
    private var tokens: [Int: GitHubInstallationToken] = [:]
    private var installations: [String: Int] = [:]

    /// Creates an empty cache.
    public init() {}

    /// A usable token of `installationID` at `secondsSince1970`, or `nil` when none is cached.
    public func token(installationID: Int, at secondsSince1970: Double) -> GitHubInstallationToken? {
        guard let token = tokens[installationID], token.isUsable(at: secondsSince1970) else { return nil }
        return token
    }

    /// Remembers a freshly minted token.
    public func store(_ token: GitHubInstallationToken, installationID: Int) {
        tokens[installationID] = token
    }

    /// Forgets `token` of `installationID` (GitHub answered 401 to it); a newer token stays.
    public func discard(_ token: Secret, installationID: Int) {
        if tokens[installationID]?.value == token { tokens[installationID] = nil }
    }

    /// The installation covering `repository` (`owner/name`), when looked up before.
    public func installationID(of repository: String) -> Int? {
        installations[repository.lowercased()]
    }

    /// Remembers the installation covering `repository`.
    public func remember(installationID: Int, of repository: String) {
        installations[repository.lowercased()] = installationID
    }
}
