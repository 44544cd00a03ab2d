import Forge
import Foundation
import ReviewBot
import Store
import Testing
import WardenCore
import WardenTestSupport

/// The worker's failure policy against the real pieces: a crash mid-publish, rate limits, refused credentials,
/// and a review that keeps failing.
@Suite("Review failure policy end to end", .serialized)
struct FailurePolicyEndToEndTests {
    static func enqueueReview(_ harness: ReviewHarness) async throws -> String {
        let job = NewJob.review(projectID: 7, mergeRequestIID: 1, headSHA: harness.headSHA)
        _ = try await harness.store.enqueue(job, idempotencyKey: nil)
        return job.id
    }

    static func state(of id: String, in harness: ReviewHarness) async throws -> JobState? {
        try await harness.store.list(states: nil, limit: nil).first { $0.id == id }?.state
    }

    @Test("a worker killed while publishing is replaced by one that finishes the review without a duplicate thread", arguments: TestStore.allCases)
    func crashMidPublish(store: TestStore) async throws {
        let answer = ReviewHarness.review(summary: ReviewHarness.firstSummary, findings: ReviewHarness.firstFindings)
        let harness = try await ReviewHarness.start(script: [answer, answer], store: store)
        defer { Task { await harness.stop() } }
        let id = try await Self.enqueueReview(harness)

        let (signals, stalled) = AsyncStream.makeStream(of: Void.self)
        let stalling = InterceptingForge.stalling(harness.forge(), at: 2, signal: stalled)
        let doomed = try harness.worker(name: "doomed", forge: stalling, lease: .seconds(2))
        let running = Task { try await doomed.runNextJob() }
        var iterator = signals.makeAsyncIterator()
        _ = await iterator.next()
        running.cancel()
        #expect(try await running.value)
        #expect(try await harness.findingNotes().count == 1, "one thread was published before the crash")
        #expect(try await Self.state(of: id, in: harness) == .running)

        let survivor = try harness.worker(name: "survivor")
        let deadline = ContinuousClock.now + .seconds(60)
        while try await !survivor.runNextJob(), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(try await Self.state(of: id, in: harness) == .done)
        let bodies = try await harness.findingNotes().map(\.body)
        #expect(bodies.count == 3)
        for title in ["Division by zero", "Context line four", "Removed value five"] {
            #expect(bodies.filter { $0.contains(title) }.count == 1, "\(title) is posted once")
        }
        let status = try await harness.statusNotes()
        try #require(status.count == 1)
        #expect(status[0].body.contains("summary-canary-55d1"))
    }

    @Test("lease renewals the store cannot answer for a while (an outage shorter than the lease) do not stop the review")
    func renewalOutageRidden() async throws {
        let slow = ReviewHarness.review(summary: "Fine.", findings: []).with(delayMs: 3500)
        let harness = try await ReviewHarness.start(script: [slow])
        defer { Task { await harness.stop() } }
        let id = try await Self.enqueueReview(harness)
        // A 4.5 s lease: renewals every 1.5 s, retries every second. The renewals at 1.5 s and 2.5 s fail, the one at
        // 3.5 s lands while the lease still holds; the model answers after 3.5 s, so the run outlasts all three.
        let queue = FlakyRenewalQueue(harness.store, failures: 2)
        #expect(try await harness.worker(lease: .milliseconds(4500), queue: queue).runNextJob())

        #expect(try await Self.state(of: id, in: harness) == .done)
        #expect(try await harness.store.list(states: nil, limit: nil).first { $0.id == id }?.attempts == 1)
        #expect(Array(queue.renewalOutcomes.prefix(3)) == [false, false, true], "\(queue.renewalOutcomes)")
        #expect(try await harness.statusNotes().count == 1)
    }

    @Test("GitLab's 429 with Retry-After is waited out and the review completes")
    func rateLimitWaitedOut() async throws {
        let harness = try await ReviewHarness.start(script: [ReviewHarness.review(summary: "Fine.", findings: [])])
        defer { Task { await harness.stop() } }
        await harness.gitlab.failNext(1, .diffs, with: .rateLimited(retryAfterSeconds: 1))
        let id = try await Self.enqueueReview(harness)

        #expect(try await harness.worker().runNextJob())
        #expect(try await Self.state(of: id, in: harness) == .done)
        #expect(await harness.gitlab.calls(to: .diffs).map(\.status) == [429, 200])
        #expect(try await harness.statusNotes().count == 1)
    }

    @Test("a Codex 401 pauses the queue and says so in the status note; queue resume completes the job")
    func codexAuthenticationPauses() async throws {
        let harness = try await ReviewHarness.start(script: [
            .httpError(
                status: 401,
                body: #"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}"#
            ),
            ReviewHarness.review(summary: ReviewHarness.firstSummary, findings: [ReviewHarness.firstFindings[0]]),
        ])
        defer { Task { await harness.stop() } }
        let id = try await Self.enqueueReview(harness)
        let worker = try harness.worker()

        #expect(try await worker.runNextJob())
        let pause = try #require(try await harness.store.pauseState())
        #expect(pause.reason.contains("model provider"))
        #expect(try await Self.state(of: id, in: harness) == .pending)
        let paused = try await harness.statusNotes()
        try #require(paused.count == 1)
        #expect(paused[0].body.contains("paused"))
        #expect(paused[0].body.contains("warden queue resume"))
        #expect(try await !worker.runNextJob(), "a paused queue gives out no job")

        try await harness.store.resume()
        #expect(try await worker.runNextJob())
        #expect(try await Self.state(of: id, in: harness) == .done)
        let done = try await harness.statusNotes()
        try #require(done.count == 1)
        #expect(done[0].body.contains("summary-canary-55d1"))
        #expect(try await harness.findingNotes().count == 1)
    }

    @Test("a GitLab 401 pauses the queue without a retry loop; with the token fixed, queue resume completes the job", arguments: TestStore.allCases)
    func gitlabAuthenticationPauses(store: TestStore) async throws {
        let harness = try await ReviewHarness.start(script: [ReviewHarness.review(summary: "Fine.", findings: [])], store: store)
        defer { Task { await harness.stop() } }
        let id = try await Self.enqueueReview(harness)

        let refused = try harness.worker(forge: harness.forge(token: "glpat-revoked-token"))
        #expect(try await refused.runNextJob())
        #expect(try await harness.store.pauseState()?.reason.contains("GitLab refused") == true)
        #expect(try await Self.state(of: id, in: harness) == .pending)
        #expect(try await !refused.runNextJob())
        #expect(await harness.modelRequests().isEmpty)
        let unauthorized = await harness.gitlab.calls.filter { $0.status == 401 }.count
        #expect(unauthorized <= 3, "one refused call per step, no retry loop (\(unauthorized))")

        try await harness.store.resume()
        #expect(try await harness.worker().runNextJob())
        #expect(try await Self.state(of: id, in: harness) == .done)
        #expect(try await harness.statusNotes().count == 1)
    }

    @Test("a GitLab 403 (archived project) fails only that job, at once, without pausing the queue; a later delivery reviews the head again", arguments: TestStore.allCases)
    func forbiddenFailsOnlyThatJob(store: TestStore) async throws {
        let harness = try await ReviewHarness.start(script: [ReviewHarness.review(summary: "Fine.", findings: [])], store: store)
        defer { Task { await harness.stop() } }
        await harness.gitlab.setArchived(projectID: 7, true)
        let id = try await Self.enqueueReview(harness)
        #expect(try await harness.worker().runNextJob())
        #expect(try await harness.store.pauseState() == nil, "a 403 is not the token's fault: the queue goes on")
        let failed = try #require(try await harness.store.list(states: nil, limit: nil).first { $0.id == id })
        #expect(failed.state == .dead)
        #expect(failed.attempts == 1, "another attempt cannot help")
        #expect(failed.lastError?.contains("forbade") == true)
        #expect(try await harness.store.isReviewed(forge: .gitlab, projectID: 7, mergeRequestIID: 1, headSHA: harness.headSHA) == false)

        // Unarchived, a new delivery for the same head reviews it: the failed review blocks nothing.
        await harness.gitlab.setArchived(projectID: 7, false)
        #expect(try await harness.store.enqueue(.review(projectID: 7, mergeRequestIID: 1, headSHA: harness.headSHA), idempotencyKey: "later") == .enqueued)
        #expect(try await harness.worker().runNextJob())
        #expect(try await Self.state(of: id, in: harness) == .done)
        #expect(try await harness.statusNotes().count == 1)
    }

    @Test("a review whose answer stays invalid is retried up to the limit, then its status note says it failed", arguments: TestStore.allCases)
    func invalidOutputFailsAfterAttempts(store: TestStore) async throws {
        let harness = try await ReviewHarness.start(script: [.structured("not a review"), .structured("still not a review")], maxAttempts: 2, store: store)
        defer { Task { await harness.stop() } }
        let id = try await Self.enqueueReview(harness)
        let worker = try harness.worker()

        #expect(try await worker.runNextJob())
        #expect(try await Self.state(of: id, in: harness) == .failed)
        try await Task.sleep(for: .milliseconds(50))
        #expect(try await worker.runNextJob())
        #expect(try await Self.state(of: id, in: harness) == .dead)
        let status = try await harness.statusNotes()
        try #require(status.count == 1)
        #expect(status[0].body.contains("review failed"))
        #expect(try await harness.store.latest(forge: .gitlab, projectID: 7, mergeRequestIID: 1)?.state == .failed)
    }
}
