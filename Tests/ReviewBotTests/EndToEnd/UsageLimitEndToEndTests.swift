import Codex
import Forge
import Foundation
import ReviewBot
import Store
import Testing
import WardenTestSupport

/// A usage limit of the Codex seat against the real pieces: codex answering the scripted model server's
/// `usage_limit_reached`, the fake GitLab's status note, and both stores.
@Suite("Usage limit end to end", .serialized)
struct UsageLimitEndToEndTests {
    /// What the ChatGPT backend answers when the plan's window is spent, resetting `seconds` from now.
    static func usageLimitReached(resetsAt: Date) -> ModelTurn {
        let resets = Int(resetsAt.timeIntervalSince1970.rounded(.up))
        let seconds = max(0, resets - Int(Date().timeIntervalSince1970))
        return .httpError(
            status: 429,
            body: #"{"error":{"type":"usage_limit_reached","message":"The usage limit has been reached","plan_type":"plus","resets_at":\#(resets),"resets_in_seconds":\#(seconds)}}"#
        )
    }

    @Test(
        "a usage limit holds the seat until its reset: the job waits in pending without spending an attempt, the status note says why, and the worker resumes it once",
        arguments: TestStore.allCases
    )
    func usageLimitHoldsTheSeat(store: TestStore) async throws {
        let resetsAt = Date().addingTimeInterval(20)
        let harness = try await ReviewHarness.start(
            script: [
                Self.usageLimitReached(resetsAt: resetsAt),
                ReviewHarness.review(summary: ReviewHarness.firstSummary, findings: [ReviewHarness.firstFindings[0]]),
            ],
            store: store
        )
        defer { Task { await harness.stop() } }
        let holds = SeatHolds(store: harness.storage.store)
        var dependencies = try harness.dependencies()
        dependencies.seatHolds = holds
        let worker = ReviewWorker(
            queue: harness.store,
            dependencies: dependencies,
            settings: ReviewWorker.Settings(name: "worker-1", lease: .seconds(30), pollInterval: .milliseconds(100))
        )
        let job = NewJob.review(projectID: ReviewHarness.projectID, mergeRequestIID: ReviewHarness.iid, headSHA: harness.headSHA)
        _ = try await harness.store.enqueue(job, idempotencyKey: nil)

        // The first run hits the limit: the seat is held, the job is back in pending with no attempt spent.
        #expect(try await worker.runNextJob())
        let hold = try #require(try await holds.active(), "the seat is held")
        #expect(hold.until >= resetsAt, "not before the reset codex reported")
        #expect(hold.reason.contains("usage limit"))
        let waiting = try #require(try await harness.store.list(states: nil, limit: nil).first { $0.id == job.id })
        #expect(waiting.state == .pending)
        #expect(waiting.attempts == 0)
        #expect(waiting.lastError?.contains("usage limit") == true)
        let notes = try await harness.statusNotes()
        try #require(notes.count == 1)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "HH:mm"
        #expect(notes[0].body.contains("waiting for the Codex usage limit to reset at \(formatter.string(from: hold.until)) UTC"), "\(notes[0].body)")
        #expect(try await !worker.runNextJob(), "no job starts on a held seat")
        #expect(await harness.modelRequests().count == 1)

        // The worker, left running, resumes the job by itself after the reset, and runs it once.
        let running = Task { try await worker.run() }
        defer { running.cancel() }
        let done = try await harness.waitForJob(job.id, in: [.done], timeout: .seconds(240))
        #expect(done.attempts == 1, "the attempt stopped by the limit was not counted")
        #expect(await harness.modelRequests().count == 2)
        let summary = try await harness.statusNotes()
        try #require(summary.count == 1)
        #expect(summary[0].body.contains("summary-canary-55d1"))
        #expect(try await holds.store.seatHold(pool: LeasedSeats.codexPool) == nil, "a completed run ends the hold's streak")
    }

    @Test("without a reset time the seat is held with a backoff, and the job is never spent on the limit", arguments: [TestStore.sqlite])
    func limitWithoutResetTimeBacksOff(store: TestStore) async throws {
        let quota = ModelTurn.httpError(
            status: 429,
            body: #"{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","code":"insufficient_quota"}}"#
        )
        let harness = try await ReviewHarness.start(script: [quota, quota, quota], maxAttempts: 2, store: store)
        defer { Task { await harness.stop() } }
        let holds = SeatHolds(store: harness.storage.store)
        var dependencies = try harness.dependencies()
        dependencies.seatHolds = holds
        let worker = ReviewWorker(queue: harness.store, dependencies: dependencies, settings: ReviewWorker.Settings(name: "worker-1"))
        let job = NewJob.review(projectID: ReviewHarness.projectID, mergeRequestIID: ReviewHarness.iid, headSHA: harness.headSHA)
        _ = try await harness.store.enqueue(job, idempotencyKey: nil)

        var previous: SeatHold?
        for round in 1...3 {
            #expect(try await worker.runNextJob())
            let hold = try #require(try await holds.store.seatHold(pool: LeasedSeats.codexPool))
            #expect(hold.streak == round)
            if let previous { #expect(hold.until.timeIntervalSince(previous.until) > 0) }
            previous = hold
            let record = try #require(try await harness.store.list(states: nil, limit: nil).first { $0.id == job.id })
            #expect(record.state == .pending && record.attempts == 0, "round \(round): more limits than max attempts never make it dead")
            // An operator lifting the hold (or its end) lets the next round start at once.
            try await holds.store.holdSeats(pool: LeasedSeats.codexPool, until: Date(), reason: hold.reason, streak: hold.streak)
        }
    }

    @Test("a usage window at or above 100 minus the reserve, reported by codex after a run, keeps the next job from starting until it resets")
    func reserveBlocksTheStart() async throws {
        let resetsAt = Int(Date().timeIntervalSince1970) + 3600
        let answer = ReviewHarness.review(summary: "Fine.", findings: []).with(headers: [
            "x-codex-primary-used-percent": "92", "x-codex-primary-window-minutes": "300", "x-codex-primary-reset-at": "\(resetsAt)",
        ])
        let harness = try await ReviewHarness.start(script: [answer, answer])
        defer { Task { await harness.stop() } }
        let monitor = RateLimitMonitor(reservePercent: 10)
        let codex = try harness.codex
        var dependencies = try harness.dependencies()
        dependencies.codex = ExecRunner(
            executable: codex.executable, arguments: codex.arguments, parentEnvironment: codex.parentEnvironment,
            temporaryDirectory: codex.temporaryDirectory, rateLimits: monitor
        )
        let holds = SeatHolds(store: harness.storage.store)
        dependencies.seatHolds = holds
        dependencies.rateLimits = monitor
        let worker = ReviewWorker(queue: harness.store, dependencies: dependencies, settings: ReviewWorker.Settings(name: "worker-1"))
        let first = NewJob.review(projectID: ReviewHarness.projectID, mergeRequestIID: ReviewHarness.iid, headSHA: harness.headSHA)
        _ = try await harness.store.enqueue(first, idempotencyKey: nil)
        #expect(try await worker.runNextJob())
        #expect(try await harness.waitForJob(first.id, in: [.done]).attempts == 1, "a window at 92 % did not stop the run that reported it")

        let second = NewJob.review(projectID: ReviewHarness.projectID, mergeRequestIID: 2, headSHA: harness.headSHA)
        _ = try await harness.store.enqueue(second, idempotencyKey: nil)
        #expect(try await !worker.runNextJob(), "no job starts on a window within the reserve")
        let hold = try #require(try await holds.active())
        #expect(hold.until == Date(timeIntervalSince1970: TimeInterval(resetsAt)).addingTimeInterval(SeatHoldPolicy.margin))
        #expect(hold.reason.contains("primary") && hold.reason.contains("reserve"), "\(hold.reason)")
        let waiting = try #require(try await harness.store.list(states: nil, limit: nil).first { $0.id == second.id })
        #expect(waiting.state == .pending && waiting.attempts == 0)
        #expect(await harness.modelRequests().count == 1)
    }
}
