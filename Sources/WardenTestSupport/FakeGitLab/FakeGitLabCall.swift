/// One request the ``FakeGitLab`` received, as it arrived, without the token.
public struct FakeGitLabCall: Sendable {
    /// 1 for the first request, and so on.
    public let sequence: Int
    /// The HTTP method (`POST`).
    public let method: String
    /// The path as sent, still percent-encoded (`/api/v4/projects/group%2Fproject`).
    public let path: String
    /// The query parameters, percent-decoded.
    public let query: [String: String]
    /// Every header except `PRIVATE-TOKEN`, names lowercased.
    public let headers: [String: String]
    /// The body parsed as JSON, or `nil` when there was none or it was not JSON.
    public let json: ScriptedJSON?
    /// The route it matched, or `nil` for an unknown path.
    public let route: FakeGitLabRoute?
    /// The status the fake answered with.
    public let status: Int
}
