public import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
public import WardenCore

/// The GitLab REST API v4 client, authenticated with a `PRIVATE-TOKEN`.
///
/// It retries 429 (waiting what GitLab advises) and 5xx answers within its ``RetryPolicy``, keeps comment creation
/// under GitLab's per-user limit with a shared ``NoteRateLimiter``, and pages through lists 100 items at a time.
/// The token goes only into the request header; it is never logged or put in an error.
public struct GitLabClient: ForgeClient {
    /// The most pages read from one list, so a server that always names a next page cannot loop a worker forever.
    private static let maximumPages = 1000

    private let apiBase: String
    private let token: Secret
    private let noteLimiter: NoteRateLimiter
    private let outputFilter: OutputFilter
    private let transport: ForgeTransport

    /// Creates a client.
    /// - Parameters:
    ///   - baseURL: the instance, e.g. `https://gitlab.example.com` (a trailing slash is ignored).
    ///   - token: the bot account's personal, project or group access token.
    ///   - httpClient: the HTTP client to send with; the process-wide shared one by default.
    ///   - retryPolicy: how often and how long to retry.
    ///   - noteLimiter: the limiter shared by every client using this token.
    ///   - clock: what retries wait on; tests pass one that does not sleep.
    ///   - requestTimeout: the deadline of one attempt.
    ///   - outputFilter: applied to every text the client posts (notes, replies, drafts, descriptions), so no
    ///     secret leaves through the forge; none by default.
    ///   - logger: where retries and failures are logged (`warden.forge`).
    public init(
        baseURL: String,
        token: Secret,
        httpClient: HTTPClient = .shared,
        retryPolicy: RetryPolicy = RetryPolicy(),
        noteLimiter: NoteRateLimiter = NoteRateLimiter(),
        clock: any ForgeClock = SystemForgeClock(),
        requestTimeout: Duration = .seconds(30),
        outputFilter: OutputFilter = .none,
        logger: Logger = Logger(label: "warden.forge")
    ) {
        var base = Substring(baseURL)
        while base.hasSuffix("/") { base = base.dropLast() }
        self.apiBase = base + "/api/v4"
        self.token = token
        self.noteLimiter = noteLimiter
        self.outputFilter = outputFilter
        self.transport = ForgeTransport(httpClient: httpClient, retryPolicy: retryPolicy, clock: clock, requestTimeout: requestTimeout, logger: logger)
    }

    // MARK: Projects

    public func currentUser() async throws -> ForgeUser {
        try await get("/user", as: GitLabPayload.User.self).model
    }

    public func accessLevel(_ project: ProjectRef, user: ForgeUser) async throws -> Int {
        do {
            return try await get("/projects/\(project.pathSegment)/members/all/\(user.id)", as: GitLabPayload.Member.self).accessLevel
        } catch let error as ForgeError where error.isNotFound {
            return 0
        }
    }

    public func project(_ project: ProjectRef) async throws -> Project {
        try await get("/projects/\(project.pathSegment)", as: GitLabPayload.Project.self).model
    }

    // MARK: Merge requests

    public func mergeRequest(_ project: ProjectRef, iid: MergeRequestIID) async throws -> MergeRequest {
        try await get(mergeRequestPath(project, iid), as: GitLabPayload.MergeRequest.self).model
    }

    public func latestDiffVersion(_ project: ProjectRef, iid: MergeRequestIID) async throws -> DiffVersion {
        let path = mergeRequestPath(project, iid) + "/versions"
        // GitLab lists versions newest first; only the first page is needed.
        let versions = try await get(path, query: [("per_page", "1")], as: [GitLabPayload.Version].self)
        guard let latest = versions.first else {
            throw ForgeError.notFound(operation: "GET \(path)", message: "the merge request has no diff version yet")
        }
        return latest.model
    }

    public func headRef(iid: MergeRequestIID) -> String { "refs/merge-requests/\(iid)/head" }

    public func diffs(_ project: ProjectRef, iid: MergeRequestIID) async throws -> [FileDiff] {
        try await getAllPages(mergeRequestPath(project, iid) + "/diffs", as: GitLabPayload.Diff.self).map(\.model)
    }

    public func createMergeRequest(_ project: ProjectRef, _ request: NewMergeRequest) async throws -> MergeRequest {
        // GitLab's API has no draft flag on create; the title prefix is how a merge request becomes a draft.
        let title = outputFilter.redact(request.draft ? "Draft: \(request.title)" : request.title)
        let body = GitLabRequestBody.MergeRequest(
            sourceBranch: request.sourceBranch,
            targetBranch: request.targetBranch,
            title: title,
            description: outputFilter.redact(request.description)
        )
        return try await send(.POST, "/projects/\(project.pathSegment)/merge_requests", body: body, as: GitLabPayload.MergeRequest.self).model
    }

    // MARK: Threads and comments

    public func discussions(_ project: ProjectRef, iid: MergeRequestIID) async throws -> [Discussion] {
        try await getAllPages(mergeRequestPath(project, iid) + "/discussions", as: GitLabPayload.Discussion.self).map(\.model)
    }

    public func createDiscussion(_ project: ProjectRef, iid: MergeRequestIID, body: String, position: DiffPosition?) async throws -> Discussion {
        try await noteLimiter.acquire()
        return try await send(
            .POST,
            mergeRequestPath(project, iid) + "/discussions",
            body: GitLabRequestBody.Discussion(body: outputFilter.redact(body), position: position),
            sendsPosition: position != nil,
            as: GitLabPayload.Discussion.self
        ).model
    }

    public func reply(_ project: ProjectRef, iid: MergeRequestIID, discussionID: DiscussionID, body: String) async throws -> Note {
        try await noteLimiter.acquire()
        let path = mergeRequestPath(project, iid) + "/discussions/\(ProjectRef.percentEncoded(discussionID))/notes"
        return try await send(.POST, path, body: GitLabRequestBody.Body(body: outputFilter.redact(body)), as: GitLabPayload.Note.self).model
    }

    public func createNote(_ project: ProjectRef, iid: MergeRequestIID, body: String) async throws -> Note {
        try await noteLimiter.acquire()
        return try await send(.POST, mergeRequestPath(project, iid) + "/notes", body: GitLabRequestBody.Body(body: outputFilter.redact(body)), as: GitLabPayload.Note.self)
            .model
    }

    public func editNote(_ project: ProjectRef, iid: MergeRequestIID, noteID: NoteID, body: String) async throws -> Note {
        try await send(
            .PUT,
            mergeRequestPath(project, iid) + "/notes/\(noteID)",
            body: GitLabRequestBody.Body(body: outputFilter.redact(body)),
            as: GitLabPayload.Note.self
        )
        .model
    }

    public func note(_ project: ProjectRef, iid: MergeRequestIID, noteID: NoteID, discussionID: DiscussionID?) async throws -> Note {
        try await get(mergeRequestPath(project, iid) + "/notes/\(noteID)", as: GitLabPayload.Note.self).model
    }

    public func addReaction(_ project: ProjectRef, iid: MergeRequestIID, noteID: NoteID, discussionID: DiscussionID?, name: String) async throws {
        let path = mergeRequestPath(project, iid) + "/notes/\(noteID)/award_emoji"
        _ = try await execute(.POST, path, query: [], body: try encode(GitLabRequestBody.AwardEmoji(name: name), for: path), sendsPosition: false)
    }

    // MARK: Batched review

    public func createDraftNote(
        _ project: ProjectRef,
        iid: MergeRequestIID,
        body: String,
        position: DiffPosition?,
        inReplyToDiscussionID: String?
    ) async throws -> DraftNote {
        let draft = GitLabRequestBody.DraftNote(note: outputFilter.redact(body), position: position, inReplyToDiscussionID: inReplyToDiscussionID)
        return try await send(
            .POST,
            mergeRequestPath(project, iid) + "/draft_notes",
            body: draft,
            sendsPosition: position != nil,
            as: GitLabPayload.DraftNote.self
        ).model
    }

    public func publishDraftNotes(_ project: ProjectRef, iid: MergeRequestIID) async throws {
        _ = try await execute(.POST, mergeRequestPath(project, iid) + "/draft_notes/bulk_publish", query: [], body: nil, sendsPosition: false)
    }

    public func draftNotes(_ project: ProjectRef, iid: MergeRequestIID) async throws -> [DraftNote] {
        try await getAllPages(mergeRequestPath(project, iid) + "/draft_notes", as: GitLabPayload.DraftNote.self).map(\.model)
    }

    public func deleteDraftNote(_ project: ProjectRef, iid: MergeRequestIID, draftID: Int) async throws {
        _ = try await execute(.DELETE, mergeRequestPath(project, iid) + "/draft_notes/\(draftID)", query: [], body: nil, sendsPosition: false)
    }

    // MARK: Issues

    public func openIssues(_ project: ProjectRef, label: String) async throws -> [Issue] {
        try await getAllPages(
            "/projects/\(project.pathSegment)/issues",
            query: [("state", "opened"), ("labels", label)],
            as: GitLabPayload.Issue.self
        ).map(\.model)
    }

    public func createIssueNote(_ project: ProjectRef, issueIID: Int, body: String) async throws -> Note {
        try await noteLimiter.acquire()
        let path = "/projects/\(project.pathSegment)/issues/\(issueIID)/notes"
        return try await send(.POST, path, body: GitLabRequestBody.Body(body: outputFilter.redact(body)), as: GitLabPayload.Note.self).model
    }

    // MARK: Requests

    private func mergeRequestPath(_ project: ProjectRef, _ iid: MergeRequestIID) -> String {
        "/projects/\(project.pathSegment)/merge_requests/\(iid)"
    }

    private func get<Payload: Decodable>(_ path: String, query: [(String, String)] = [], as type: Payload.Type) async throws -> Payload {
        let answer = try await execute(.GET, path, query: query, body: nil, sendsPosition: false)
        return try decode(type, from: answer.body, operation: "GET \(path)")
    }

    private func send<Payload: Decodable>(
        _ method: HTTPMethod,
        _ path: String,
        body: some Encodable,
        sendsPosition: Bool = false,
        as type: Payload.Type
    ) async throws -> Payload {
        let answer = try await execute(method, path, query: [], body: try encode(body, for: path), sendsPosition: sendsPosition)
        return try decode(type, from: answer.body, operation: "\(method.rawValue) \(path)")
    }

    /// Reads every page of a list, following `X-Next-Page` with `per_page=100`.
    private func getAllPages<Element: Decodable>(
        _ path: String,
        query: [(String, String)] = [],
        as type: Element.Type
    ) async throws -> [Element] {
        var elements: [Element] = []
        var page = "1"
        for _ in 0..<Self.maximumPages {
            let answer = try await execute(.GET, path, query: query + [("per_page", "100"), ("page", page)], body: nil, sendsPosition: false)
            elements += try decode([Element].self, from: answer.body, operation: "GET \(path)")
            guard let next = answer.nextPage else { return elements }
            page = next
        }
        throw ForgeError.rejected(operation: "GET \(path)", status: 200, message: "more than \(Self.maximumPages) pages")
    }

    private func encode(_ body: some Encodable, for path: String) throws -> Data {
        try ForgeHTTP.encode(body, operation: path)
    }

    private func decode<Payload: Decodable>(_ type: Payload.Type, from body: Data, operation: String) throws -> Payload {
        try ForgeHTTP.decode(type, from: body, operation: operation)
    }

    /// One successful answer.
    private struct Answer {
        var body: Data
        var nextPage: String?
    }

    /// Sends one call, retrying 429 and 5xx (and transport failures of idempotent methods) within the policy.
    private func execute(_ method: HTTPMethod, _ path: String, query: [(String, String)], body: Data?, sendsPosition: Bool) async throws -> Answer {
        let operation = "\(method.rawValue) \(path)"
        var url = apiBase + path
        if !query.isEmpty {
            url += "?" + query.map { "\(ProjectRef.percentEncoded($0.0))=\(ProjectRef.percentEncoded($0.1))" }.joined(separator: "&")
        }
        var attempt = 0
        while true {
            attempt += 1
            let request = ForgeTransport.request(method, url, headers: [("PRIVATE-TOKEN", token.exposedValue), ("Accept", "application/json")], body: body)
            guard let answer = try await transport.attempt(request, operation: operation, attempt: attempt) else { continue }
            let (response, responseBody) = answer

            let status = Int(response.status.code)
            if (200...299).contains(status) {
                let next = response.headers.first(name: "X-Next-Page").flatMap { $0.isEmpty ? nil : $0 }
                return Answer(body: responseBody, nextPage: next)
            }
            if let wait = transport.retryPolicy.delay(
                afterAttempt: attempt,
                status: status,
                retryAfter: response.headers.first(name: "Retry-After"),
                rateLimitReset: response.headers.first(name: "RateLimit-Reset"),
                secondsSince1970: transport.clock.secondsSince1970
            ) {
                transport.logger.warning(
                    "forge answered \(status), retrying",
                    metadata: ["operation": "\(operation)", "attempt": "\(attempt)", "wait": "\(wait)"]
                )
                try await transport.clock.sleep(for: wait)
                continue
            }
            throw Self.failure(status: status, body: responseBody, operation: operation, attempts: attempt, sendsPosition: sendsPosition)
        }
    }

    /// Classifies a final non-2xx answer.
    static func failure(status: Int, body: Data, operation: String, attempts: Int, sendsPosition: Bool) -> ForgeError {
        let message =
            (try? JSONDecoder().decode(GitLabPayload.ErrorBody.self, from: body))?.text
            ?? String(decoding: body.prefix(500), as: UTF8.self)
        switch status {
        case 401: return .authentication(operation: operation, status: status, message: message)
        case 403: return .forbidden(operation: operation, message: message)
        case 404: return .notFound(operation: operation, message: message)
        case 400 where sendsPosition: return .invalidPosition(operation: operation, message: message)
        case 429: return .rateLimited(operation: operation, attempts: attempts)
        case 500...599: return .server(operation: operation, status: status, attempts: attempts)
        default: return .rejected(operation: operation, status: status, message: message)
        }
    }
}
