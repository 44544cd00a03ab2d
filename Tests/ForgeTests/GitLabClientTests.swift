import Forge
import Foundation
import Testing
import WardenCore
import WardenTestSupport

@Suite("GitLab client against the fake GitLab")
struct GitLabClientTests {
    let project = ProjectRef.path(GitLabTestbed.projectPath)
    let iid = GitLabTestbed.iid

    @Test("reads the project, the merge request, its latest version and its diffs")
    func readsMergeRequest() async throws {
        let testbed = try await GitLabTestbed.start()
        defer { Task { await testbed.stop() } }
        let client = testbed.client()

        let projectInfo = try await client.project(project)
        #expect(projectInfo.id == GitLabTestbed.projectID)
        #expect(projectInfo.pathWithNamespace == "acme/app")
        #expect(projectInfo.defaultBranch == "main")
        #expect(projectInfo.httpURLToRepo == testbed.baseURL.absoluteString + "/acme/app.git")

        let mergeRequest = try await client.mergeRequest(.id(GitLabTestbed.projectID), iid: iid)
        #expect(mergeRequest.headSHA == testbed.featureSHA)
        #expect(mergeRequest.sourceBranch == "feature")
        #expect(mergeRequest.targetBranch == "main")
        #expect(mergeRequest.state == .opened)
        #expect(!mergeRequest.draft)
        #expect(mergeRequest.description == "Makes two loud.")

        let version = try await client.latestDiffVersion(project, iid: iid)
        #expect(version.baseSHA == testbed.mainSHA)
        #expect(version.startSHA == testbed.mainSHA)
        #expect(version.headSHA == testbed.featureSHA)

        let diffs = try await client.diffs(project, iid: iid)
        let app = try #require(diffs.first { $0.newPath == "src/app.txt" })
        #expect(app.diff == "@@ -1,5 +1,6 @@\n one\n-two\n+TWO\n three\n four\n five\n+six\n")
        #expect(!app.newFile)
        let page = try #require(diffs.first { $0.newPath == "docs/new.md" })
        #expect(page.newFile)

        let paths = await testbed.gitlab.calls.map(\.path)
        #expect(paths.first == "/api/v4/projects/acme%2Fapp")
        let tokenRecorded = await testbed.gitlab.calls.contains { $0.headers["private-token"] != nil }
        #expect(!tokenRecorded)
    }

    @Test("the latest version follows a push")
    func latestVersionAfterPush() async throws {
        let testbed = try await GitLabTestbed.start()
        defer { Task { await testbed.stop() } }
        let pushed = try await testbed.repository.commit(on: "feature", files: ["src/app.txt": "one\nTWO\nthree\n"], message: "trim")
        try await testbed.gitlab.refresh(projectID: GitLabTestbed.projectID, iid: iid)

        let version = try await testbed.client().latestDiffVersion(project, iid: iid)
        #expect(version.headSHA == pushed)
        #expect(await testbed.gitlab.versions(projectID: GitLabTestbed.projectID, iid: iid).count == 2)
    }

    @Test("reads diffs and discussions across pages of 100")
    func pagination() async throws {
        let testbed = try await GitLabTestbed.start(extraFiles: 105)
        defer { Task { await testbed.stop() } }
        let client = testbed.client()
        for index in 0..<130 {
            try await testbed.gitlab.addNote(
                projectID: GitLabTestbed.projectID,
                iid: iid,
                body: "comment \(index)",
                author: FakeGitLab.User(id: 11, username: "alice")
            )
        }

        let diffs = try await client.diffs(project, iid: iid)
        #expect(diffs.count == 107)
        let discussions = try await client.discussions(project, iid: iid)
        #expect(discussions.count == 130)
        #expect(discussions.last?.notes.first?.body == "comment 129")
        let allIndividual = discussions.allSatisfy { $0.individualNote }
        #expect(allIndividual)

        let diffPages = await testbed.gitlab.calls(to: .diffs).map(\.query)
        #expect(diffPages == [["per_page": "100", "page": "1"], ["per_page": "100", "page": "2"]])
        #expect(await testbed.gitlab.calls(to: .discussions).count == 2)
    }

    @Test("starts inline threads on added, removed and context lines, replies, and edits the status note")
    func threadsAndNotes() async throws {
        let testbed = try await GitLabTestbed.start()
        defer { Task { await testbed.stop() } }
        let client = testbed.client()
        let version = try await client.latestDiffVersion(project, iid: iid)

        let added = DiffPosition(version: version, oldPath: "src/app.txt", newPath: "src/app.txt", oldLine: nil, newLine: 2)
        let removed = DiffPosition(version: version, oldPath: "src/app.txt", newPath: "src/app.txt", oldLine: 2, newLine: nil)
        let context = DiffPosition(version: version, oldPath: "src/app.txt", newPath: "src/app.txt", oldLine: 3, newLine: 3)
        let thread = try await client.createDiscussion(project, iid: iid, body: "Why shout?", position: added)
        #expect(thread.notes.first?.position == added)
        #expect(!thread.individualNote)
        _ = try await client.createDiscussion(project, iid: iid, body: "Gone.", position: removed)
        _ = try await client.createDiscussion(project, iid: iid, body: "Fine.", position: context)
        _ = try await client.createDiscussion(project, iid: iid, body: "General remark.", position: nil)

        let reply = try await client.reply(project, iid: iid, discussionID: thread.id, body: "Because.")
        #expect(reply.authorUsername == testbed.gitlab.user.username)

        let status = try await client.createNote(project, iid: iid, body: "Reviewing…")
        let edited = try await client.editNote(project, iid: iid, noteID: status.id, body: "Reviewed: 3 findings.")
        #expect(edited.body == "Reviewed: 3 findings.")
        #expect(try await client.note(project, iid: iid, noteID: status.id, discussionID: nil).body == "Reviewed: 3 findings.")
        try await client.addReaction(project, iid: iid, noteID: status.id, discussionID: nil, name: "eyes")

        let discussions = try await client.discussions(project, iid: iid)
        #expect(discussions.count == 5)
        #expect(discussions[0].notes.map(\.body) == ["Why shout?", "Because."])
        let stored = await testbed.gitlab.storedNotes(projectID: GitLabTestbed.projectID, iid: iid)
        #expect(stored.first { $0.id == status.id }?.awardEmoji == ["eyes"])

        let sent = try #require(await testbed.gitlab.calls(to: .createDiscussion).first?.json)
        #expect(sent["position"]?["new_line"]?.number == 2)
        #expect(sent["position"]?["old_line"] == nil)
        #expect(sent["position"]?["position_type"]?.string == "text")
    }

    @Test("a line outside the diff is an invalid position with GitLab's message")
    func invalidPosition() async throws {
        let testbed = try await GitLabTestbed.start()
        defer { Task { await testbed.stop() } }
        let client = testbed.client()
        let version = try await client.latestDiffVersion(project, iid: iid)
        // Line 2 is added: sending both lines (as for a context line) is refused.
        let wrong = DiffPosition(version: version, oldPath: "src/app.txt", newPath: "src/app.txt", oldLine: 2, newLine: 2)

        let error = try await #require(throws: ForgeError.self) {
            try await client.createDiscussion(project, iid: iid, body: "x", position: wrong)
        }
        #expect(error.isInvalidPosition)
        #expect(error.message == "400 Bad request - Note {:line_code=>[\"can't be blank\", \"must be a valid line code\"]}")
        #expect(!error.isRetryable)
        #expect(await testbed.gitlab.calls(to: .createDiscussion).count == 1)
    }

    @Test("batches comments as drafts and publishes them at once")
    func draftNotes() async throws {
        let testbed = try await GitLabTestbed.start()
        defer { Task { await testbed.stop() } }
        let client = testbed.client()
        let version = try await client.latestDiffVersion(project, iid: iid)
        let existing = try await client.createDiscussion(project, iid: iid, body: "Earlier thread", position: nil)

        let position = DiffPosition(version: version, oldPath: "src/app.txt", newPath: "src/app.txt", oldLine: nil, newLine: 6)
        let draft = try await client.createDraftNote(project, iid: iid, body: "New last line.", position: position, inReplyToDiscussionID: nil)
        #expect(draft.position == position)
        _ = try await client.createDraftNote(project, iid: iid, body: "Follow-up.", position: nil, inReplyToDiscussionID: existing.id)
        #expect(await testbed.gitlab.draftNoteCount(projectID: GitLabTestbed.projectID, iid: iid) == 2)
        #expect(try await client.discussions(project, iid: iid).count == 1)

        try await client.publishDraftNotes(project, iid: iid)
        #expect(await testbed.gitlab.draftNoteCount(projectID: GitLabTestbed.projectID, iid: iid) == 0)
        let discussions = try await client.discussions(project, iid: iid)
        #expect(discussions.count == 2)
        #expect(discussions[0].notes.map(\.body) == ["Earlier thread", "Follow-up."])
        #expect(discussions[1].notes.first?.position == position)
    }

    @Test("lists open issues by label, comments on one, and opens a draft merge request")
    func remediationCalls() async throws {
        let testbed = try await GitLabTestbed.start()
        defer { Task { await testbed.stop() } }
        let client = testbed.client()
        for iid in 1...3 {
            await testbed.gitlab.addIssue(projectID: GitLabTestbed.projectID, iid: iid, title: "Finding \(iid)", labels: ["security", "warden"])
        }
        await testbed.gitlab.addIssue(projectID: GitLabTestbed.projectID, iid: 4, title: "Closed", labels: ["warden"], state: "closed")
        await testbed.gitlab.addIssue(projectID: GitLabTestbed.projectID, iid: 5, title: "Other", labels: ["bug"])

        let issues = try await client.openIssues(project, label: "warden")
        #expect(Set(issues.map(\.iid)) == [1, 2, 3])
        let allLabelled = issues.allSatisfy { $0.labels.contains("warden") }
        #expect(allLabelled)

        _ = try await client.createIssueNote(project, issueIID: 2, body: "Working on it.")
        #expect(await testbed.gitlab.issueNoteBodies(projectID: GitLabTestbed.projectID, issueIID: 2) == ["Working on it."])

        try await testbed.repository.commit(on: "fix/finding-2", files: ["README.md": "hello, fixed\n"], message: "fix", parent: testbed.mainSHA)
        let opened = try await client.createMergeRequest(
            project,
            NewMergeRequest(sourceBranch: "fix/finding-2", targetBranch: "main", title: "Fix finding 2", description: "Closes #2")
        )
        #expect(opened.draft)
        #expect(opened.title == "Draft: Fix finding 2")
        #expect(opened.iid == 2)

        let again = try await #require(throws: ForgeError.self) {
            try await client.createMergeRequest(
                project,
                NewMergeRequest(sourceBranch: "fix/finding-2", targetBranch: "main", title: "Fix finding 2", description: "")
            )
        }
        #expect(again.status == 409)
    }

    @Test("a 429 with Retry-After is waited out and retried")
    func retryAfter() async throws {
        let testbed = try await GitLabTestbed.start()
        defer { Task { await testbed.stop() } }
        await testbed.gitlab.failNext(2, .createNote, with: .rateLimited(retryAfterSeconds: 7))

        let note = try await testbed.client().createNote(project, iid: iid, body: "Reviewing…")
        #expect(note.body == "Reviewing…")
        #expect(testbed.clock.sleeps == [.seconds(7), .seconds(7)])
        #expect(await testbed.gitlab.calls(to: .createNote).map(\.status) == [429, 429, 201])
        #expect(await testbed.gitlab.storedNotes(projectID: GitLabTestbed.projectID, iid: iid).count == 1)
    }

    @Test("a 429 with only RateLimit-Reset waits until the reset")
    func rateLimitReset() async throws {
        let testbed = try await GitLabTestbed.start()
        defer { Task { await testbed.stop() } }
        let reset = Int(testbed.clock.startSecondsSince1970) + 20
        await testbed.gitlab.failNext(1, .mergeRequest, with: .rateLimitedUntil(resetUnixTime: reset))

        _ = try await testbed.client().mergeRequest(project, iid: iid)
        #expect(testbed.clock.sleeps == [.seconds(20)])
    }

    @Test("a 429 without headers backs off exponentially and gives up as rate limited")
    func rateLimitWithoutHeaders() async throws {
        let testbed = try await GitLabTestbed.start()
        defer { Task { await testbed.stop() } }
        await testbed.gitlab.failNext(5, .versions, with: .rateLimited(retryAfterSeconds: nil))

        let error = try await #require(throws: ForgeError.self) {
            try await testbed.client().latestDiffVersion(project, iid: iid)
        }
        #expect(error.metricLabel == "rate_limited")
        #expect(error.isRetryable)
        #expect(testbed.clock.sleeps == [.seconds(10), .seconds(20), .seconds(40), .seconds(60)])
        #expect(await testbed.gitlab.calls(to: .versions).count == 5)
    }

    @Test("server errors are retried with backoff")
    func serverErrors() async throws {
        let testbed = try await GitLabTestbed.start()
        defer { Task { await testbed.stop() } }
        await testbed.gitlab.failNext(2, .diffs, with: .serverError(status: 502))

        let diffs = try await testbed.client().diffs(project, iid: iid)
        #expect(diffs.count == 2)
        #expect(testbed.clock.sleeps == [.seconds(1), .seconds(2)])
        #expect(await testbed.gitlab.calls(to: .diffs).map(\.status) == [502, 502, 200])
    }

    @Test("a refused token is an authentication error and is not retried")
    func unauthorized() async throws {
        let testbed = try await GitLabTestbed.start()
        defer { Task { await testbed.stop() } }
        let token = "glpat-wrong-token-value"

        let error = try await #require(throws: ForgeError.self) {
            try await testbed.client(token: token).mergeRequest(project, iid: iid)
        }
        #expect(error.isAuthentication)
        #expect(error.status == 401)
        #expect(error.message == "401 Unauthorized")
        #expect(!error.description.contains(token))
        #expect(testbed.clock.sleeps.isEmpty)
        #expect(await testbed.gitlab.calls.count == 1)
    }

    @Test("an unknown merge request is not found")
    func notFound() async throws {
        let testbed = try await GitLabTestbed.start()
        defer { Task { await testbed.stop() } }
        let error = try await #require(throws: ForgeError.self) {
            try await testbed.client().mergeRequest(project, iid: 99)
        }
        #expect(error.isNotFound)
    }

    @Test("comment creation waits for the note rate limiter")
    func noteRateLimit() async throws {
        let testbed = try await GitLabTestbed.start()
        defer { Task { await testbed.stop() } }
        let client = testbed.client(noteLimiter: NoteRateLimiter(burst: 2, refillInterval: .seconds(1), clock: testbed.clock))
        await testbed.gitlab.addIssue(projectID: GitLabTestbed.projectID, iid: 1, title: "Finding")

        let thread = try await client.createDiscussion(project, iid: iid, body: "one", position: nil)
        _ = try await client.reply(project, iid: iid, discussionID: thread.id, body: "two")
        _ = try await client.createNote(project, iid: iid, body: "three")
        _ = try await client.createIssueNote(project, issueIID: 1, body: "four")
        #expect(testbed.clock.sleeps == [.seconds(1), .seconds(1)])
    }

    @Test("a forge that does not answer is a transport error; reads are retried, comments are not")
    func transportFailure() async throws {
        let gitlab = FakeGitLab()
        let baseURL = try await gitlab.start()
        await gitlab.stop()
        let clock = GitLabTestClock()
        // AsyncHTTPClient keeps retrying a refused connection until the deadline, so keep each attempt short.
        let client = GitLabClient(baseURL: baseURL.absoluteString, token: Secret(gitlab.token), clock: clock, requestTimeout: .milliseconds(300))

        let read = try await #require(throws: ForgeError.self) { try await client.mergeRequest(project, iid: iid) }
        #expect(read.metricLabel == "transport")
        #expect(clock.sleeps == [.seconds(1), .seconds(2), .seconds(4), .seconds(8)])

        let write = try await #require(throws: ForgeError.self) { try await client.createNote(project, iid: iid, body: "x") }
        #expect(write.metricLabel == "transport")
        #expect(clock.sleeps.count == 4)
    }
}
