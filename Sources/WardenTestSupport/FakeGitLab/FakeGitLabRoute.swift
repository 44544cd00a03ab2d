import Foundation

/// The endpoints of GitLab's REST API v4 that the ``FakeGitLab`` implements; failures are injected per route.
public enum FakeGitLabRoute: String, Sendable, Hashable, CaseIterable {
    /// `GET /user` (the token's user)
    case currentUser
    /// `GET /projects/:id`
    case project
    /// `GET /projects/:id/members/all/:user_id` (the user's role, inherited ones included)
    case member
    /// `GET /projects/:id/merge_requests/:iid`
    case mergeRequest
    /// `POST /projects/:id/merge_requests`
    case createMergeRequest
    /// `GET /projects/:id/merge_requests/:iid/versions`
    case versions
    /// `GET /projects/:id/merge_requests/:iid/diffs`
    case diffs
    /// `GET /projects/:id/merge_requests/:iid/discussions`
    case discussions
    /// `POST /projects/:id/merge_requests/:iid/discussions`
    case createDiscussion
    /// `POST /projects/:id/merge_requests/:iid/discussions/:discussion_id/notes`
    case replyToDiscussion
    /// `POST /projects/:id/merge_requests/:iid/notes`
    case createNote
    /// `GET /projects/:id/merge_requests/:iid/notes/:note_id`
    case note
    /// `PUT /projects/:id/merge_requests/:iid/notes/:note_id`
    case editNote
    /// `POST /projects/:id/merge_requests/:iid/notes/:note_id/award_emoji`
    case awardEmoji
    /// `POST /projects/:id/merge_requests/:iid/draft_notes`
    case createDraftNote
    /// `POST /projects/:id/merge_requests/:iid/draft_notes/bulk_publish`
    case publishDraftNotes
    /// `GET /projects/:id/merge_requests/:iid/draft_notes` (the token's user's drafts only)
    case draftNotes
    /// `DELETE /projects/:id/merge_requests/:iid/draft_notes/:draft_note_id`
    case deleteDraftNote
    /// `GET /projects/:id/issues`
    case issues
    /// `POST /projects/:id/issues/:issue_iid/notes`
    case createIssueNote

    /// Whether the route changes something (GitLab refuses those on an archived project).
    var isWrite: Bool {
        switch self {
        case .currentUser, .project, .member, .mergeRequest, .versions, .diffs, .discussions, .note, .draftNotes, .issues: false
        case .createMergeRequest, .createDiscussion, .replyToDiscussion, .createNote, .editNote, .awardEmoji, .createDraftNote,
            .publishDraftNotes, .deleteDraftNote, .createIssueNote:
            true
        }
    }

    /// A request matched to a route, with the path's parameters (percent-decoded).
    struct Match {
        var route: FakeGitLabRoute
        var project: String
        var iid: Int?
        var discussionID: String?
        var noteID: Int?
    }

    /// Matches a method and a path below `/api/v4`.
    static func match(method: String, path: String) -> Match? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map { String($0).removingPercentEncoding ?? String($0) }
        if method == "GET", segments == ["api", "v4", "user"] {
            return Match(route: .currentUser, project: "", iid: nil, discussionID: nil, noteID: nil)
        }
        guard segments.count >= 4, segments[0] == "api", segments[1] == "v4", segments[2] == "projects" else { return nil }
        let project = segments[3]
        let rest = Array(segments.dropFirst(4))
        func match(_ route: FakeGitLabRoute, iid: String? = nil, discussion: String? = nil, note: String? = nil) -> Match? {
            if let iid, Int(iid) == nil { return nil }
            if let note, Int(note) == nil { return nil }
            return Match(route: route, project: project, iid: iid.flatMap { Int($0) }, discussionID: discussion, noteID: note.flatMap { Int($0) })
        }
        switch (method, rest.count) {
        case ("GET", 0): return match(.project)
        case ("POST", 1) where rest[0] == "merge_requests": return match(.createMergeRequest)
        case ("GET", 1) where rest[0] == "issues": return match(.issues)
        case ("GET", 3) where rest[0] == "members" && rest[1] == "all": return match(.member, note: rest[2])
        case ("POST", 3) where rest[0] == "issues" && rest[2] == "notes": return match(.createIssueNote, iid: rest[1])
        default: break
        }
        guard rest.count >= 2, rest[0] == "merge_requests" else { return nil }
        let iid = rest[1]
        let tail = Array(rest.dropFirst(2))
        switch (method, tail.count) {
        case ("GET", 0): return match(.mergeRequest, iid: iid)
        case ("GET", 1) where tail[0] == "versions": return match(.versions, iid: iid)
        case ("GET", 1) where tail[0] == "diffs": return match(.diffs, iid: iid)
        case ("GET", 1) where tail[0] == "discussions": return match(.discussions, iid: iid)
        case ("POST", 1) where tail[0] == "discussions": return match(.createDiscussion, iid: iid)
        case ("POST", 3) where tail[0] == "discussions" && tail[2] == "notes": return match(.replyToDiscussion, iid: iid, discussion: tail[1])
        case ("POST", 1) where tail[0] == "notes": return match(.createNote, iid: iid)
        case ("GET", 2) where tail[0] == "notes": return match(.note, iid: iid, note: tail[1])
        case ("PUT", 2) where tail[0] == "notes": return match(.editNote, iid: iid, note: tail[1])
        case ("POST", 3) where tail[0] == "notes" && tail[2] == "award_emoji": return match(.awardEmoji, iid: iid, note: tail[1])
        case ("POST", 1) where tail[0] == "draft_notes": return match(.createDraftNote, iid: iid)
        case ("POST", 2) where tail[0] == "draft_notes" && tail[1] == "bulk_publish": return match(.publishDraftNotes, iid: iid)
        case ("GET", 1) where tail[0] == "draft_notes": return match(.draftNotes, iid: iid)
        case ("DELETE", 2) where tail[0] == "draft_notes": return match(.deleteDraftNote, iid: iid, note: tail[1])
        default: return nil
        }
    }
}
