public import Foundation
import HTTPTypes
import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle

/// An in-process GitLab (REST API v4) that enforces the real API's rules, for testing forge clients end to end.
///
/// It listens on 127.0.0.1 (a free port) and implements exactly the endpoints of ``FakeGitLabRoute``:
/// - `PRIVATE-TOKEN` must equal ``token``, else 401 `{"message":"401 Unauthorized"}`;
/// - lists are paginated like GitLab (`page`, `per_page` up to 100, `X-Next-Page`, `X-Total`…);
/// - inline positions are validated like GitLab: the SHAs and `position_type` are required, the SHAs must name an
///   existing version, both paths are required, and the line must be in the diff (added → `new_line` only,
///   removed → `old_line` only, context → both), else the real 400 about `line_code`;
/// - merge request data comes from a real git repository: ``openMergeRequest(projectID:iid:sourceBranch:targetBranch:title:description:authorID:)``
///   computes a version (base = merge-base, start = target tip, head = source tip) and GitLab-shaped diffs,
///   ``refresh(projectID:iid:)`` adds a version after a push.
///
/// Every call is recorded (``calls``) without the token, and ``failNext(_:_:with:)`` makes a route answer 429 or
/// 5xx for a number of requests.
public actor FakeGitLab {
    /// A GitLab user.
    public struct User: Sendable, Hashable {
        /// The numeric id.
        public var id: Int
        /// The username, without `@`.
        public var username: String

        /// Creates a user.
        public init(id: Int, username: String) {
            self.id = id
            self.username = username
        }
    }

    /// One diff version of a merge request.
    public struct Version: Sendable, Hashable {
        /// The version's id.
        public var id: Int
        /// The merge base of target and source.
        public var baseSHA: String
        /// The target branch's tip.
        public var startSHA: String
        /// The source branch's tip.
        public var headSHA: String
    }

    /// A comment as the fake stores it, for assertions.
    public struct StoredNote: Sendable, Hashable {
        /// The note's id.
        public var id: Int
        /// The Markdown text.
        public var body: String
        /// Who wrote it.
        public var authorID: Int
        /// The thread it belongs to.
        public var discussionID: String
        /// Whether it is an inline comment.
        public var hasPosition: Bool
        /// The award emoji names on it, in the order given.
        public var awardEmoji: [String]
    }

    private static let maximumBodySize = 16 * 1024 * 1024

    /// The token every request must carry in `PRIVATE-TOKEN`.
    public nonisolated let token: String
    /// The user the token belongs to; it authors everything created through the API.
    public nonisolated let user: User

    var projects: [Int: ProjectRecord] = [:]
    var mergeRequests: [MergeRequestKey: MergeRequestRecord] = [:]
    var notes: [Int: NoteRecord] = [:]
    var issues: [IssueKey: IssueRecord] = [:]
    var nextNoteID = 1001
    var nextVersionID = 1
    var nextDiscussionNumber = 1
    var nextDraftID = 1
    var nextAwardID = 1
    var nextMergeRequestID = 5001
    private var failures: [FakeGitLabRoute: [FakeGitLabFailure]] = [:]
    private var recorded: [FakeGitLabCall] = []
    /// Roles on projects, for ``FakeGitLabRoute/member``.
    var accessLevels: [ProjectMember: Int] = [:]
    /// The quick actions GitLab would have run for the notes and descriptions posted so far (``QuickActionExtractor``).
    public internal(set) var quickActions: [QuickActionExtractor.Command] = []
    private var server: LoopbackServer?
    private let logger: Logger

    /// A fake GitLab whose API accepts `token`, belonging to `user`.
    /// - Parameters:
    ///   - token: the only accepted `PRIVATE-TOKEN`.
    ///   - user: the token's user.
    ///   - logger: where Hummingbird logs; by default only warnings and errors.
    public init(token: String = "glpat-fake-gitlab-token", user: User = User(id: 4242, username: "warden-bot"), logger: Logger? = nil) {
        self.token = token
        self.user = user
        if let logger {
            self.logger = logger
        } else {
            var logger = Logger(label: "warden.test.fake-gitlab")
            logger.logLevel = .warning
            self.logger = logger
        }
    }

    // MARK: Lifecycle

    /// The base URL (`http://127.0.0.1:<port>`), or `nil` when not running.
    public var baseURL: URL? { server.flatMap { URL(string: "http://127.0.0.1:\($0.port)") } }

    /// Starts listening on 127.0.0.1 at a port the system picks.
    /// - Returns: the base URL to give a client (the API is below `/api/v4`).
    /// - Throws: ``TestSupportError`` when the server cannot start.
    public func start() async throws -> URL {
        if let baseURL { return baseURL }
        let server = try await LoopbackServer.start(logger: logger) { [self] request in try await self.respond(to: request) }
        self.server = server
        guard let baseURL else { throw TestSupportError.serverFailedToStart(reason: "port \(server.port) gives no URL") }
        return baseURL
    }

    /// Stops the server. Recorded calls and stored data stay.
    public func stop() async {
        guard let server else { return }
        await server.stop()
        self.server = nil
    }

    /// The origin used in `web_url` fields.
    var origin: String { server.map { "http://127.0.0.1:\($0.port)" } ?? "http://fake-gitlab.invalid" }

    // MARK: Test set-up

    /// Adds a project backed by a git repository on disk.
    /// - Parameters:
    ///   - id: the numeric project id.
    ///   - path: the path with namespace (`group/project`).
    ///   - repositoryPath: a (bare) repository the merge request data is computed from.
    ///   - defaultBranch: the default branch.
    ///   - httpURLToRepo: the clone URL to report; `<web_url>.git` when `nil`.
    public func addProject(id: Int, path: String, repositoryPath: String, defaultBranch: String = "main", httpURLToRepo: String? = nil) {
        projects[id] = ProjectRecord(id: id, path: path, repositoryPath: repositoryPath, defaultBranch: defaultBranch, httpURLToRepo: httpURLToRepo)
    }

    /// Gives `userID` a role on the project (GitLab's `access_level`: 10 guest, 20 reporter, 30 developer, 40
    /// maintainer, 50 owner); users without one are not members (404).
    public func setAccessLevel(projectID: Int, userID: Int, _ level: Int) {
        accessLevels[ProjectMember(projectID: projectID, userID: userID)] = level
    }

    /// Archives or unarchives a project; GitLab answers writes to an archived project with `403 Forbidden`.
    public func setArchived(projectID: Int, _ archived: Bool) {
        projects[projectID]?.archived = archived
    }

    /// Opens a merge request and computes its first version from the repository.
    /// - Parameters:
    ///   - projectID: a project added with ``addProject(id:path:repositoryPath:defaultBranch:httpURLToRepo:)``.
    ///   - iid: the merge request's number in the project.
    ///   - sourceBranch: the branch with the changes (must exist in the repository).
    ///   - targetBranch: the branch they go into (must exist).
    ///   - title: the title; a `Draft:` prefix makes it a draft.
    ///   - description: the description.
    ///   - authorID: the author's user id.
    /// - Returns: the first version.
    /// - Throws: ``FakeGitLabError`` for an unknown project or a failing git command.
    @discardableResult
    public func openMergeRequest(
        projectID: Int,
        iid: Int,
        sourceBranch: String,
        targetBranch: String,
        title: String,
        description: String = "",
        authorID: Int = 1
    ) async throws -> Version {
        guard let project = projects[projectID] else { throw FakeGitLabError.unknownProject(projectID) }
        let version = try await computeVersion(repositoryPath: project.repositoryPath, source: sourceBranch, target: targetBranch)
        let record = MergeRequestRecord(
            id: nextMergeRequestID,
            iid: iid,
            projectID: projectID,
            title: title,
            description: description,
            sourceBranch: sourceBranch,
            targetBranch: targetBranch,
            authorID: authorID,
            versions: [version]
        )
        nextMergeRequestID += 1
        mergeRequests[MergeRequestKey(projectID: projectID, iid: iid)] = record
        return version.public
    }

    /// Recomputes a merge request after a push; adds a version when the source or target tip moved.
    /// - Returns: the newest version (the new one, or the unchanged newest).
    /// - Throws: ``FakeGitLabError`` for an unknown merge request or a failing git command.
    @discardableResult
    public func refresh(projectID: Int, iid: Int) async throws -> Version {
        let key = MergeRequestKey(projectID: projectID, iid: iid)
        guard let record = mergeRequests[key], let project = projects[projectID] else {
            throw FakeGitLabError.unknownMergeRequest(projectID: projectID, iid: iid)
        }
        let candidate = try await computeVersion(repositoryPath: project.repositoryPath, source: record.sourceBranch, target: record.targetBranch)
        if let latest = mergeRequests[key]?.versions.last, latest.headSHA == candidate.headSHA, latest.startSHA == candidate.startSHA {
            return latest.public
        }
        mergeRequests[key]?.versions.append(candidate)
        return candidate.public
    }

    /// Adds an issue.
    public func addIssue(projectID: Int, iid: Int, title: String, description: String = "", labels: [String] = [], state: String = "opened") {
        issues[IssueKey(projectID: projectID, iid: iid)] = IssueRecord(
            id: 9000 + iid,
            iid: iid,
            projectID: projectID,
            title: title,
            description: description,
            labels: labels,
            state: state,
            noteIDs: []
        )
    }

    /// Adds an overview comment by another user (a person mentioning the bot, say), as its own thread.
    /// - Returns: the note's id and its discussion's id.
    /// - Throws: ``FakeGitLabError`` for an unknown merge request.
    @discardableResult
    public func addNote(projectID: Int, iid: Int, body: String, author: User) throws -> (noteID: Int, discussionID: String) {
        let key = MergeRequestKey(projectID: projectID, iid: iid)
        guard mergeRequests[key] != nil else { throw FakeGitLabError.unknownMergeRequest(projectID: projectID, iid: iid) }
        let note = startDiscussion(key, body: body, author: author, position: nil, individual: true)
        return (note.id, note.discussionID)
    }

    /// Makes the next `count` requests to `route` answer with `failure` instead.
    public func failNext(_ count: Int, _ route: FakeGitLabRoute, with failure: FakeGitLabFailure) {
        failures[route, default: []] += Array(repeating: failure, count: count)
    }

    // MARK: Inspection

    /// Every request received so far, in order.
    public var calls: [FakeGitLabCall] { recorded }

    /// The requests that matched `route`, in order.
    public func calls(to route: FakeGitLabRoute) -> [FakeGitLabCall] {
        recorded.filter { $0.route == route }
    }

    /// The versions of a merge request, newest first (as `/versions` lists them).
    public func versions(projectID: Int, iid: Int) -> [Version] {
        (mergeRequests[MergeRequestKey(projectID: projectID, iid: iid)]?.versions ?? []).reversed().map(\.public)
    }

    /// The published comments of a merge request, oldest first.
    public func storedNotes(projectID: Int, iid: Int) -> [StoredNote] {
        guard let record = mergeRequests[MergeRequestKey(projectID: projectID, iid: iid)] else { return [] }
        return record.discussions.flatMap(\.noteIDs).compactMap { notes[$0]?.stored }.sorted { $0.id < $1.id }
    }

    /// The number of unpublished draft notes on a merge request.
    public func draftNoteCount(projectID: Int, iid: Int) -> Int {
        mergeRequests[MergeRequestKey(projectID: projectID, iid: iid)]?.drafts.count ?? 0
    }

    /// The bodies of the comments on an issue, oldest first.
    public func issueNoteBodies(projectID: Int, issueIID: Int) -> [String] {
        (issues[IssueKey(projectID: projectID, iid: issueIID)]?.noteIDs ?? []).compactMap { notes[$0]?.body }
    }

    // MARK: Serving

    private nonisolated func respond(to request: Request) async throws -> Response {
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
        }
        let body = Data(try await request.body.collect(upTo: Self.maximumBodySize).readableBytesView)
        let served = await serve(method: request.method.rawValue, path: request.uri.path, rawQuery: request.uri.query, headers: headers, body: body)
        var fields: HTTPFields = [:]
        for (name, value) in served.headers {
            if let name = HTTPField.Name(name) { fields[name] = value }
        }
        return Response(
            status: HTTPResponse.Status(code: served.status),
            headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(string: served.body))
        )
    }

    /// Records the request, applies auth and injected failures, then answers it.
    private func serve(method: String, path: String, rawQuery: String?, headers: [String: String], body: Data) async -> FakeGitLabResponse {
        let query = Self.parseQuery(rawQuery)
        let json = ScriptedJSON.parse(body)
        let match = FakeGitLabRoute.match(method: method, path: path)
        let response = await answer(match: match, method: method, query: query, headers: headers, json: json, body: body)
        var recordedHeaders = headers
        recordedHeaders["private-token"] = nil
        recorded.append(
            FakeGitLabCall(
                sequence: recorded.count + 1,
                method: method,
                path: path,
                query: query,
                headers: recordedHeaders,
                json: json,
                route: match?.route,
                status: response.status
            )
        )
        return response
    }

    private func answer(
        match: FakeGitLabRoute.Match?,
        method: String,
        query: [String: String],
        headers: [String: String],
        json: ScriptedJSON?,
        body: Data
    ) async -> FakeGitLabResponse {
        guard headers["private-token"] == token else {
            return .json(401, ["message": "401 Unauthorized"])
        }
        guard let match else {
            return .json(404, ["error": "404 Not Found"])
        }
        if var queued = failures[match.route], !queued.isEmpty {
            let failure = queued.removeFirst()
            failures[match.route] = queued
            return .failure(failure)
        }
        var parameters = query.mapValues { ScriptedJSON.string($0) }
        if let object = json?.object {
            parameters.merge(object) { _, fromBody in fromBody }
        } else if !body.isEmpty {
            for (key, value) in Self.parseQuery(String(decoding: body, as: UTF8.self)) { parameters[key] = .string(value) }
        }
        return await handle(match, parameters: parameters, query: query)
    }

    /// Splits `a=1&b=two%20words` into percent-decoded pairs (`+` is a space, as in forms).
    static func parseQuery(_ raw: String?) -> [String: String] {
        guard let raw, !raw.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for pair in raw.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            result[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }

    // MARK: Git

    private func computeVersion(repositoryPath: String, source: String, target: String) async throws -> VersionRecord {
        let head = try await GitCommand.line(["-C", repositoryPath, "rev-parse", "--verify", "refs/heads/\(source)^{commit}"])
        let start = try await GitCommand.line(["-C", repositoryPath, "rev-parse", "--verify", "refs/heads/\(target)^{commit}"])
        let base = try await GitCommand.line(["-C", repositoryPath, "merge-base", start, head])
        let output = try await GitCommand.run([
            "-C", repositoryPath, "diff", "--no-color", "--no-ext-diff", "--full-index", "--find-renames", base, head,
        ])
        let version = VersionRecord(id: nextVersionID, baseSHA: base, startSHA: start, headSHA: head, files: FakeDiffFile.parse(gitDiff: output))
        nextVersionID += 1
        return version
    }
}
