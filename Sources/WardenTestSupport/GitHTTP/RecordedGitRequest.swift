/// One request the ``GitHTTPServer`` received, without its credential.
public struct RecordedGitRequest: Sendable, Equatable {
    /// The HTTP method (`GET`, `POST`).
    public let method: String
    /// The path without the query (`/acme/app.git/git-upload-pack`).
    public let path: String
    /// The query without `?` (`service=git-upload-pack`), or `nil`.
    public let query: String?
    /// The user name of a request whose token was accepted; `nil` when it was refused.
    public let user: String?
    /// The status the server answered with.
    public let status: Int
    /// How many objects the client asked for in `want` lines (upload-pack requests).
    public let wants: Int
    /// How many objects the client said it already has in `have` lines: 0 for a clone, more for an
    /// incremental fetch.
    public let haves: Int
    /// How many response body bytes were sent.
    public let responseBytes: Int

    /// Records a request.
    public init(method: String, path: String, query: String?, user: String?, status: Int, wants: Int, haves: Int, responseBytes: Int) {
        self.method = method
        self.path = path
        self.query = query
        self.user = user
        self.status = status
        self.wants = wants
        self.haves = haves
        self.responseBytes = responseBytes
    }

    /// The git service the request was for (`git-upload-pack` for clones and fetches,
    /// `git-receive-pack` for pushes), from the path or the `service` query parameter.
    public var service: String? {
        for name in ["git-upload-pack", "git-receive-pack"] where path.hasSuffix("/" + name) || query == "service=" + name {
            return name
        }
        return nil
    }

    /// Whether this is the request that carries a pack negotiation (`POST …/git-upload-pack`) and
    /// asked for objects.
    public var isUploadPackNegotiation: Bool {
        method == "POST" && path.hasSuffix("/git-upload-pack") && wants > 0
    }
}
