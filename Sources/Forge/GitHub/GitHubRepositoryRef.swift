/// A GitHub repository as the client addresses it, with the App installation that covers it when known.
///
/// Webhook deliveries carry `installation.id`; without it (a `warden review` run) an App client looks the
/// installation up once (`GET /repos/{owner}/{repo}/installation`).
public struct GitHubRepositoryRef: Sendable, Hashable, CustomStringConvertible {
    /// The owner's login (a user or an organisation).
    public var owner: String
    /// The repository's name.
    public var name: String
    /// The App installation covering the repository, when known.
    public var installationID: Int?

    /// Creates a reference.
    public init(owner: String, name: String, installationID: Int? = nil) {
        self.owner = owner
        self.name = name
        self.installationID = installationID
    }

    /// `owner/name`.
    public var fullName: String { "\(owner)/\(name)" }

    /// The API path of the repository, each part percent-encoded: `/repos/{owner}/{name}`.
    public var apiPath: String { "/repos/\(ProjectRef.percentEncoded(owner))/\(ProjectRef.percentEncoded(name))" }

    public var description: String { fullName }
}
