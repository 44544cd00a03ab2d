import Forge
import Foundation
import Testing
import WardenCore
@testable import WardenTestSupport

/// A GitHub repository through the forge-neutral protocol the review pipeline uses, against the fake GitHub.
@Suite("GitHub forge")
struct GitHubForgeTests {
    static let project = ProjectRef.id(GitHubTestbed.repositoryID)

    func forge(_ bed: GitHubTestbed) -> GitHubForge {
        GitHubForge(client: bed.appClient(), repository: bed.ref(), repositoryID: GitHubTestbed.repositoryID, botLogin: "warden-bot[bot]")
    }

    @Test("a pull request reads as a merge request with its merge base, head ref and files")
    func pullRequest() async throws {
        let bed = try await GitHubTestbed.start()
        defer { Task { await bed.stop() } }
        let forge = forge(bed)
        let mergeRequest = try await forge.mergeRequest(Self.project, iid: 1)
        #expect(mergeRequest.state == .opened && mergeRequest.headSHA == bed.headSHA && mergeRequest.projectID == GitHubTestbed.repositoryID)
        #expect(mergeRequest.sourceBranch == "feature" && mergeRequest.targetBranch == "main" && mergeRequest.title == "Shout")
        let version = try await forge.latestDiffVersion(Self.project, iid: 1)
        let mergeBase = try await GitCommand.line(["-C", bed.repository.path, "merge-base", "main", "feature"])
        #expect(version.baseSHA == mergeBase && version.headSHA == bed.headSHA)
        #expect(forge.headRef(iid: 1) == "refs/pull/1/head")
        #expect(try await GitCommand.line(["-C", bed.repository.path, "rev-parse", "refs/pull/1/head"]) == bed.headSHA)
        #expect(Set(try await forge.diffs(Self.project, iid: 1).map(\.newPath)) == ["src/app.txt", "docs/new.md"])
        let project = try await forge.project(Self.project)
        #expect(project.id == GitHubTestbed.repositoryID && project.pathWithNamespace == "acme/app" && project.defaultBranch == "main")
        #expect(try await forge.currentUser() == ForgeUser(id: FakeGitHub.botUserID, username: "warden-bot[bot]"))
    }

    @Test("conversation comments are one-note discussions; review threads group replies under their top comment")
    func discussions() async throws {
        let bed = try await GitHubTestbed.start()
        defer { Task { await bed.stop() } }
        let forge = forge(bed)
        let status = try await forge.createNote(Self.project, iid: 1, body: "status")
        _ = try await forge.editNote(Self.project, iid: 1, noteID: status.id, body: "status, edited")
        let top = await bed.github.addComment(repository: GitHubTestbed.fullName, number: 1, body: "why?", authorLogin: "octocat", path: "src/app.txt", line: 2)
        let reply = try await forge.reply(Self.project, iid: 1, discussionID: String(top), body: "because")
        let discussions = try await forge.discussions(Self.project, iid: 1)
        #expect(discussions.map(\.id) == ["issuecomment-\(status.id)", String(top)])
        #expect(discussions[0].notes.map(\.body) == ["status, edited"] && discussions[0].notes[0].authorID == FakeGitHub.botUserID)
        #expect(discussions[1].notes.map(\.id) == [top, reply.id])
        #expect(discussions[1].notes[0].position?.newLine == 2 && discussions[1].notes[0].authorUsername == "octocat")
        #expect(discussions[1].notes[0].authorID != FakeGitHub.botUserID)

        #expect(try await forge.note(Self.project, iid: 1, noteID: top, discussionID: String(top)).body == "why?")
        #expect(try await forge.note(Self.project, iid: 1, noteID: status.id, discussionID: nil).body == "status, edited")
        try await forge.addReaction(Self.project, iid: 1, noteID: top, discussionID: String(top), name: "eyes")
        try await forge.addReaction(Self.project, iid: 1, noteID: status.id, discussionID: nil, name: "eyes")
        #expect(await bed.github.storedComment(top)?.reactions == ["eyes"])
        #expect(await bed.github.storedComment(status.id)?.reactions == ["eyes"])

        let answer = try await forge.createDiscussion(Self.project, iid: 1, body: "an answer", position: nil)
        #expect(answer.id.hasPrefix(GitHubForge.conversationPrefix))
        let conversationReply = try await forge.reply(Self.project, iid: 1, discussionID: answer.id, body: "more")
        #expect(await bed.github.storedIssueComments(repository: GitHubTestbed.fullName, number: 1).map(\.id).contains(conversationReply.id))
    }

    @Test("a repository permission is an access level on GitLab's scale")
    func accessLevel() async throws {
        let bed = try await GitHubTestbed.start()
        defer { Task { await bed.stop() } }
        let forge = forge(bed)
        let octocat = ForgeUser(id: 100, username: "octocat")
        #expect(try await forge.accessLevel(Self.project, user: octocat) == 0)
        await bed.github.setPermission(repository: GitHubTestbed.fullName, login: "octocat", "maintain")
        #expect(try await forge.accessLevel(Self.project, user: octocat) == 40)
    }

    @Test("a pending review checks anchors without publishing and is deleted; only one may be pending")
    func pendingReview() async throws {
        let bed = try await GitHubTestbed.start()
        defer { Task { await bed.stop() } }
        let client = bed.appClient()
        let good = GitHubNewReview(commitID: bed.headSHA, body: "", comments: [.init(anchor: .init(path: "src/app.txt", line: 2, side: .right), body: "x")])
        let pending = try await client.createPendingReview(bed.ref(), number: 1, good)
        #expect(try await client.reviewComments(bed.ref(), number: 1).isEmpty)
        let second = try await #require(throws: ForgeError.self) { try await client.createPendingReview(bed.ref(), number: 1, good) }
        #expect(second.status == 422 && second.description.contains("one pending review"))
        try await client.deletePendingReview(bed.ref(), number: 1, reviewID: pending)
        #expect(await bed.github.storedReviews(repository: GitHubTestbed.fullName, number: 1).isEmpty)
        let bad = GitHubNewReview(commitID: bed.headSHA, body: "", comments: [.init(anchor: .init(path: "src/app.txt", line: 9, side: .right), body: "x")])
        #expect(try await #require(throws: ForgeError.self) { try await client.createPendingReview(bed.ref(), number: 1, bad) }.isInvalidPosition)
        let posted = try await client.createReview(bed.ref(), number: 1, good)
        let refusal = try await #require(throws: ForgeError.self) { try await client.deletePendingReview(bed.ref(), number: 1, reviewID: posted) }
        #expect(refusal.status == 422)
    }

    @Test("remediation's surface: labelled open issues without pull requests, issue comments, draft pull requests")
    func remediation() async throws {
        let bed = try await GitHubTestbed.start()
        defer { Task { await bed.stop() } }
        let forge = forge(bed)
        await bed.github.addIssue(repository: GitHubTestbed.fullName, number: 10, title: "Fix the thing", body: "details", labels: ["warden-fix", "bug"])
        await bed.github.addIssue(repository: GitHubTestbed.fullName, number: 11, title: "Closed one", labels: ["warden-fix"], open: false)
        await bed.github.addIssue(repository: GitHubTestbed.fullName, number: 12, title: "Other label", labels: ["docs"])
        let issues = try await forge.openIssues(Self.project, label: "warden-fix")
        #expect(issues.map(\.iid) == [10] && issues[0].labels == ["warden-fix", "bug"] && issues[0].description == "details")
        #expect(try await forge.openIssues(Self.project, label: "none-such").isEmpty)

        let note = try await forge.createIssueNote(Self.project, issueIID: 10, body: "Opened a fix.")
        #expect(await bed.github.storedIssueComments(repository: GitHubTestbed.fullName, number: 10).map(\.id) == [note.id])

        _ = try await bed.repository.commit(on: "fix/one", files: ["README.md": "fixed\n"], message: "fix", parent: try await GitCommand.line(["-C", bed.repository.path, "rev-parse", "main"]))
        let opened = try await forge.createMergeRequest(
            Self.project, NewMergeRequest(sourceBranch: "fix/one", targetBranch: "main", title: "fix: the thing", description: "Closes #10")
        )
        #expect(opened.iid == 13 && opened.draft && opened.state == .opened && opened.sourceBranch == "fix/one")
        let stored = await bed.github.storedPullRequests(repository: GitHubTestbed.fullName).last
        #expect(stored?.title == "fix: the thing" && stored?.body == "Closes #10" && stored?.draft == true)
        let again = try await #require(throws: ForgeError.self) {
            try await forge.createMergeRequest(Self.project, NewMergeRequest(sourceBranch: "fix/one", targetBranch: "main", title: "again", description: ""))
        }
        #expect(again.status == 422 && again.description.contains("already exists"))
    }
}
