public import WardenCore

/// A project (repository) on the forge.
public struct Project: Sendable, Hashable {
    /// The numeric id.
    public var id: ProjectID
    /// The full path with its namespace, e.g. `platform/warden`.
    public var pathWithNamespace: String
    /// The default branch; `nil` for an empty repository.
    public var defaultBranch: String?
    /// The HTTPS clone URL.
    public var httpURLToRepo: String
    /// The page people open in a browser.
    public var webURL: String

    /// Creates a project value.
    public init(id: ProjectID, pathWithNamespace: String, defaultBranch: String?, httpURLToRepo: String, webURL: String) {
        self.id = id
        self.pathWithNamespace = pathWithNamespace
        self.defaultBranch = defaultBranch
        self.httpURLToRepo = httpURLToRepo
        self.webURL = webURL
    }
}
