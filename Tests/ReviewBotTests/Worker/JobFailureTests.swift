import Codex
import Forge
import Foundation
import Git
import Testing

@testable import ReviewBot

@Suite("Job failure")
struct JobFailureTests {
    @Test(
        "what the status note may say is generic: no git stderr, local path or error text reaches the merge request",
        arguments: [
            GitError.fileSystem(path: "/var/lib/warden/worktrees/review-7-1-abc", reason: "Permission denied") as any Error,
            ForgeError.server(operation: "GET /projects/7/merge_requests/1/diffs", status: 502, attempts: 5),
            ForgeError.transport(operation: "GET /projects/7", reason: "connection refused to 10.0.0.12:443"),
        ]
    )
    func internalErrorsStayInternal(error: any Error) {
        guard case .attempt(let reason, let publicReason) = JobFailure(error) else {
            Issue.record("\(error) is not a counted attempt")
            return
        }
        #expect(publicReason == JobFailure.genericReason)
        #expect(!publicReason.contains("/") && !publicReason.contains("10.0.0.12"))
        #expect(reason.contains("\(error)"), "the operator's reason keeps the detail")
    }

    @Test("a Codex failure is named in generic words both for the log and the note")
    func codexFailures() {
        guard case .attempt(let reason, let publicReason) = JobFailure(CodexError.timedOut(after: .seconds(900))) else {
            Issue.record("a timeout is a counted attempt")
            return
        }
        #expect(reason == publicReason)
        #expect(publicReason == "the Codex run hit its time limit")
    }

    @Test("a 403 fails the job for good without pausing; a 401 pauses")
    func forbiddenAndUnauthorized() {
        guard case .refused = JobFailure(ForgeError.forbidden(operation: "POST /x", message: "403 Forbidden")) else {
            Issue.record("403 must refuse the job")
            return
        }
        guard case .credentials = JobFailure(ForgeError.authentication(operation: "GET /x", status: 401, message: "401 Unauthorized")) else {
            Issue.record("401 must pause")
            return
        }
    }

    @Test("a usage limit is not the job's failure: it holds the seat until the reset codex gave")
    func usageLimit() {
        let resetsAt = Date(timeIntervalSince1970: 1_800_000_000)
        let error = CodexError.usageLimit(UsageLimit(kind: .plan, resetsAt: resetsAt), message: "You’ve hit your usage limit.")
        guard case .usageLimit(let reset, let reason) = JobFailure(error) else {
            Issue.record("a usage limit must hold the seat")
            return
        }
        #expect(reset == resetsAt)
        #expect(reason == "the Codex plan's usage limit is reached")
    }
}
