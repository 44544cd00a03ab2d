public import WardenCore

/// One GitHub repository seen through ``ForgeClient``, so reviews and follow-ups on GitHub run the same pipeline as
/// on GitLab.
///
/// The value is bound to one repository (a job's): the ``ProjectRef`` the protocol's methods take is not read. GitHub's
/// shapes are mapped onto the protocol's:
/// - a pull request is a merge request (`iid` = its number); its diff version is the merge base, the base branch's tip
///   and the head;
/// - every conversation comment is a one-note discussion whose id is `issuecomment-<id>`; every review thread is a
///   discussion whose id is its top-level comment's id (decimal), replies in order;
/// - a repository permission maps onto GitLab's access levels (`read` 10, `triage` 20, `write` 30, `maintain` 40,
///   `admin` 50);
/// - an issue's `iid` is its number; a merge request opened through it is a pull request (a draft when asked);
/// - inline findings are published by one pull request review, not through this protocol (see the review bot's
///   GitHub publisher): a positioned ``createDiscussion(_:iid:body:position:)`` and draft notes are refused.
public struct GitHubForge: ForgeClient {
    /// The prefix of a conversation comment's discussion id.
    public static let conversationPrefix = "issuecomment-"

    /// The API client.
    public let client: GitHubClient
    /// The repository every call is about.
    public let repository: GitHubRepositoryRef
    /// The repository's numeric id (the job's project id).
    public let repositoryID: Int
    /// The bot's login (`github.bot_login`), whose numeric id ``currentUser()`` looks up.
    public let botLogin: String

    /// Binds a client to one repository.
    public init(client: GitHubClient, repository: GitHubRepositoryRef, repositoryID: Int, botLogin: String) {
        self.client = client
        self.repository = repository
        self.repositoryID = repositoryID
        self.botLogin = botLogin
    }

    // MARK: Account and repository

    /// The bot's account: `github.bot_login` and its numeric id (an App's installation token has no `GET /user`).
    public func currentUser() async throws -> ForgeUser {
        try await client.user(login: botLogin, via: repository)
    }

    public func accessLevel(_ project: ProjectRef, user: ForgeUser) async throws -> Int {
        GitHubPermissionLevel.accessLevel(of: try await client.permission(repository, login: user.username))
    }

    public func project(_ project: ProjectRef) async throws -> Project {
        let info = try await client.repository(repository)
        return Project(id: info.id, pathWithNamespace: info.fullName, defaultBranch: info.defaultBranch, httpURLToRepo: info.cloneURL, webURL: info.webURL)
    }

    // MARK: Pull requests

    public func mergeRequest(_ project: ProjectRef, iid: MergeRequestIID) async throws -> MergeRequest {
        mergeRequest(try await client.pullRequest(repository, number: iid))
    }

    private func mergeRequest(_ pull: GitHubPullRequest) -> MergeRequest {
        let state: MergeRequestState = pull.state == "open" ? .opened : (pull.merged ? .merged : .closed)
        return MergeRequest(
            iid: pull.number, projectID: repositoryID, title: pull.title, description: pull.body, sourceBranch: pull.headRef,
            targetBranch: pull.baseRef, headSHA: pull.headSHA, state: state, draft: pull.draft, webURL: pull.webURL
        )
    }

    /// The merge base (where GitHub's diff starts), the base branch's tip and the head; the id is 0 (GitHub has no
    /// diff versions: review comments name the head commit).
    public func latestDiffVersion(_ project: ProjectRef, iid: MergeRequestIID) async throws -> DiffVersion {
        let pull = try await client.pullRequest(repository, number: iid)
        let mergeBase = try await client.mergeBase(repository, base: pull.baseSHA, head: pull.headSHA)
        return DiffVersion(id: 0, baseSHA: mergeBase, startSHA: pull.baseSHA, headSHA: pull.headSHA)
    }

    public func headRef(iid: MergeRequestIID) -> String { "refs/pull/\(iid)/head" }

    public func diffs(_ project: ProjectRef, iid: MergeRequestIID) async throws -> [FileDiff] {
        try await client.pullRequestFiles(repository, number: iid)
    }

    public func createMergeRequest(_ project: ProjectRef, _ request: NewMergeRequest) async throws -> MergeRequest {
        mergeRequest(try await client.createPullRequest(repository, request))
    }

    // MARK: Comments

    public func discussions(_ project: ProjectRef, iid: MergeRequestIID) async throws -> [Discussion] {
        let conversation = try await client.issueComments(repository, number: iid).sorted { $0.id < $1.id }.map { comment in
            Discussion(id: Self.conversationPrefix + String(comment.id), individualNote: true, notes: [Self.note(comment)])
        }
        var threads: [Int: [GitHubComment]] = [:]
        for comment in try await client.reviewComments(repository, number: iid) {
            threads[comment.inReplyToID ?? comment.id, default: []].append(comment)
        }
        let review = threads.keys.sorted().map { top in
            Discussion(id: String(top), individualNote: false, notes: threads[top, default: []].sorted { $0.id < $1.id }.map(Self.note))
        }
        return conversation + review
    }

    /// A conversation comment; a positioned comment is refused (inline findings go in one review).
    public func createDiscussion(_ project: ProjectRef, iid: MergeRequestIID, body: String, position: DiffPosition?) async throws -> Discussion {
        guard position == nil else { throw Self.unsupported("POST \(repository.apiPath)/pulls/\(iid)/comments", "single inline comments") }
        let comment = try await client.createIssueComment(repository, number: iid, body: body)
        return Discussion(id: Self.conversationPrefix + String(comment.id), individualNote: true, notes: [Self.note(comment)])
    }

    /// Replies in a review thread (to its top-level comment), or, for a conversation comment, writes a new one (the
    /// conversation has no threads).
    public func reply(_ project: ProjectRef, iid: MergeRequestIID, discussionID: DiscussionID, body: String) async throws -> Note {
        if let top = Self.reviewThread(discussionID) {
            return Self.note(try await client.replyToReviewComment(repository, number: iid, commentID: top, body: body))
        }
        return Self.note(try await client.createIssueComment(repository, number: iid, body: body))
    }

    public func createNote(_ project: ProjectRef, iid: MergeRequestIID, body: String) async throws -> Note {
        Self.note(try await client.createIssueComment(repository, number: iid, body: body))
    }

    public func editNote(_ project: ProjectRef, iid: MergeRequestIID, noteID: NoteID, body: String) async throws -> Note {
        Self.note(try await client.editIssueComment(repository, commentID: noteID, body: body))
    }

    public func note(_ project: ProjectRef, iid: MergeRequestIID, noteID: NoteID, discussionID: DiscussionID?) async throws -> Note {
        if discussionID.flatMap(Self.reviewThread) != nil {
            return Self.note(try await client.reviewComment(repository, commentID: noteID))
        }
        return Self.note(try await client.issueComment(repository, commentID: noteID))
    }

    public func addReaction(_ project: ProjectRef, iid: MergeRequestIID, noteID: NoteID, discussionID: DiscussionID?, name: String) async throws {
        let kind: GitHubClient.CommentKind = discussionID.flatMap(Self.reviewThread) != nil ? .review : .issue
        try await client.addReaction(repository, kind: kind, commentID: noteID, content: name)
    }

    // MARK: Batched review (GitLab's drafts; GitHub publishes one review instead)

    public func createDraftNote(
        _ project: ProjectRef, iid: MergeRequestIID, body: String, position: DiffPosition?, inReplyToDiscussionID: String?
    ) async throws -> DraftNote {
        throw Self.unsupported("draft notes", "draft notes")
    }

    public func publishDraftNotes(_ project: ProjectRef, iid: MergeRequestIID) async throws {
        throw Self.unsupported("draft notes", "draft notes")
    }

    /// GitHub has no draft notes: none are left over.
    public func draftNotes(_ project: ProjectRef, iid: MergeRequestIID) async throws -> [DraftNote] { [] }

    public func deleteDraftNote(_ project: ProjectRef, iid: MergeRequestIID, draftID: Int) async throws {
        throw Self.unsupported("draft notes", "draft notes")
    }

    // MARK: Issues

    public func openIssues(_ project: ProjectRef, label: String) async throws -> [Issue] {
        try await client.openIssues(repository, label: label)
    }

    public func createIssueNote(_ project: ProjectRef, issueIID: Int, body: String) async throws -> Note {
        Self.note(try await client.createIssueComment(repository, number: issueIID, body: body))
    }

    // MARK: Mapping

    /// The top-level comment id of a review thread's discussion id; `nil` for a conversation comment's.
    public static func reviewThread(_ discussionID: DiscussionID) -> Int? {
        discussionID.hasPrefix(conversationPrefix) ? nil : Int(discussionID)
    }

    static func note(_ comment: GitHubComment) -> Note {
        let position = comment.path.flatMap { path in
            comment.line.map { line in
                let left = comment.side == GitHubReviewAnchor.Side.left.rawValue
                return DiffPosition(
                    baseSHA: "", startSHA: "", headSHA: "", oldPath: path, newPath: path, oldLine: left ? line : nil, newLine: left ? nil : line
                )
            }
        }
        return Note(id: comment.id, body: comment.body, authorID: comment.authorID, authorUsername: comment.authorLogin, position: position)
    }

    private static func unsupported(_ operation: String, _ what: String) -> ForgeError {
        .rejected(operation: operation, status: 0, message: "\(what) on GitHub are not part of the review bot")
    }
}
