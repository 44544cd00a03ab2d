import Foundation
import Store
import Testing
import WardenCore

/// The behaviour every store implementation must have; each test runs once per ``StoreFactory/all``.
@Suite("Store conformance")
struct StoreConformanceTests {
    private static let lease: Duration = .seconds(60)

    private static func review(_ sha: String, iid: Int = 7, project: Int = 42) -> NewJob {
        .review(projectID: project, mergeRequestIID: iid, headSHA: sha)
    }

    /// A GitHub review with the same numbers as ``review(_:iid:project:)``: repository 42, pull request 7.
    private static func githubReview(_ sha: String, number: Int = 7, repository: Int = 42) -> NewJob {
        .githubReview(repositoryID: repository, repository: "acme/widgets", installationID: 99, number: number, headSHA: sha)
    }

    // MARK: Enqueue

    @Test("a new job is enqueued once and a second enqueue of its id is a no-op", arguments: StoreFactory.all)
    func enqueueDeduplicatesByID(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            let position = NotePosition(oldPath: "a.swift", newPath: "b.swift", oldLine: 3, newLine: 4)
            let note = NewJob.note(projectID: 42, mergeRequestIID: 7, noteID: 901, discussionID: "d-1", position: position)
            #expect(try await store.enqueue(note, idempotencyKey: nil) == .enqueued)
            #expect(try await store.enqueue(note, idempotencyKey: nil) == .duplicate)

            let jobs = try await store.list(states: nil, limit: nil)
            #expect(
                jobs == [
                    JobRecord(
                        id: "note-42-7-901",
                        kind: .note,
                        state: .pending,
                        attempts: 0,
                        createdAt: location.clock.now,
                        updatedAt: location.clock.now,
                        projectID: 42,
                        mergeRequestIID: 7,
                        noteID: 901,
                        discussionID: "d-1",
                        position: position
                    )
                ]
            )
        }
    }

    @Test("an id that already finished is still a duplicate", arguments: StoreFactory.all)
    func enqueueOfFinishedIDIsDuplicate(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            _ = try await store.enqueue(Self.review("aaa"), idempotencyKey: nil)
            let job = try #require(try await store.claimNext(owner: "w1", leaseFor: Self.lease))
            try await store.complete(id: job.id, owner: "w1")
            #expect(try await store.enqueue(Self.review("aaa"), idempotencyKey: nil) == .duplicate)
            #expect(try await store.list(states: nil, limit: nil).map(\.state) == [.done])
        }
    }

    @Test("a dead job's id can be enqueued again by a new delivery, and starts over; a redelivery of the same delivery cannot", arguments: StoreFactory.all)
    func enqueueRevivesDeadJob(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            #expect(try await store.enqueue(Self.review("aaa"), idempotencyKey: "first") == .enqueued)
            let job = try #require(try await store.claimNext(owner: "w1", leaseFor: Self.lease))
            #expect(try await store.fail(id: job.id, owner: "w1", error: "forbidden", retryable: false) == .dead)
            #expect(try await store.enqueue(Self.review("aaa"), idempotencyKey: "first") == .duplicate)
            #expect(try await store.list(states: nil, limit: nil).map(\.state) == [.dead])
            location.clock.advance(by: .seconds(5))
            #expect(try await store.enqueue(Self.review("aaa"), idempotencyKey: "second") == .enqueued)
            let revived = try #require(try await store.list(states: nil, limit: nil).first)
            #expect(revived.state == .pending && revived.attempts == 0 && revived.lastError == nil)
            #expect(revived.updatedAt == location.clock.now)
            #expect(try await store.claimNext(owner: "w2", leaseFor: Self.lease)?.id == job.id)
        }
    }

    @Test("a failure that another attempt cannot mend makes the job dead at its first attempt", arguments: StoreFactory.all)
    func failNotRetryable(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            _ = try await store.enqueue(Self.review("aaa"), idempotencyKey: nil)
            let job = try #require(try await store.claimNext(owner: "w1", leaseFor: Self.lease))
            #expect(try await store.fail(id: job.id, owner: "w1", error: "the forge forbade it", retryable: false) == .dead)
            let record = try #require(try await store.list(states: nil, limit: nil).first)
            #expect(record.lastError == "the forge forbade it" && record.attempts == 1 && record.runAfter == nil)
        }
    }

    @Test("one merge request is reviewed by one worker at a time: a newer head waits for the running review, other merge requests do not", arguments: StoreFactory.all)
    func oneReviewPerMergeRequest(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            _ = try await store.enqueue(Self.review("aaa"), idempotencyKey: nil)
            let first = try #require(try await store.claimNext(owner: "w1", leaseFor: Self.lease))
            location.clock.advance(by: .seconds(1))
            _ = try await store.enqueue(Self.review("bbb"), idempotencyKey: nil)
            _ = try await store.enqueue(Self.review("ccc", iid: 8), idempotencyKey: nil)
            // Seat 2 may not review merge request 7 while seat 1 does; it takes merge request 8.
            #expect(try await store.claimNext(owner: "w2", leaseFor: Self.lease)?.id == Self.review("ccc", iid: 8).id)
            #expect(try await store.claimNext(owner: "w3", leaseFor: Self.lease) == nil)
            try await store.complete(id: first.id, owner: "w1")
            #expect(try await store.claimNext(owner: "w3", leaseFor: Self.lease)?.id == Self.review("bbb").id)
        }
    }

    @Test("a running review that fails after a newer head arrived is superseded, never retried after the newer one", arguments: StoreFactory.all)
    func failedOlderReviewIsSuperseded(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            _ = try await store.enqueue(Self.review("aaa"), idempotencyKey: nil)
            let old = try #require(try await store.claimNext(owner: "w1", leaseFor: Self.lease))
            location.clock.advance(by: .seconds(1))
            _ = try await store.enqueue(Self.review("bbb"), idempotencyKey: nil)
            #expect(try await store.fail(id: old.id, owner: "w1", error: "codex timed out") == .superseded)
            let newer = try #require(try await store.claimNext(owner: "w1", leaseFor: Self.lease))
            #expect(newer.id == Self.review("bbb").id)
            try await store.complete(id: newer.id, owner: "w1")
            location.clock.advance(by: .seconds(3600))
            #expect(try await store.claimNext(owner: "w2", leaseFor: Self.lease) == nil, "the old head is never tried again")
        }
    }

    @Test("a review whose worker died no longer blocks its merge request once the lease runs out", arguments: StoreFactory.all)
    func expiredReviewDoesNotBlock(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            _ = try await store.enqueue(Self.review("aaa"), idempotencyKey: nil)
            _ = try #require(try await store.claimNext(owner: "w1", leaseFor: Self.lease))
            _ = try await store.enqueue(Self.review("bbb"), idempotencyKey: nil)
            #expect(try await store.claimNext(owner: "w2", leaseFor: Self.lease) == nil)
            location.clock.advance(by: Self.lease + .seconds(1))
            // The dead worker's job comes first (it is older); then the newer head.
            #expect(try await store.claimNext(owner: "w2", leaseFor: Self.lease)?.id == Self.review("aaa").id)
        }
    }

    @Test("a delivery whose idempotency key was seen is a no-op even for another job", arguments: StoreFactory.all)
    func idempotencyKeyDeduplicates(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            #expect(try await store.enqueue(Self.review("aaa"), idempotencyKey: "key-1") == .enqueued)
            #expect(try await store.enqueue(Self.review("bbb"), idempotencyKey: "key-1") == .duplicate)
            #expect(try await store.enqueue(Self.review("bbb", iid: 8), idempotencyKey: "key-2") == .enqueued)
            #expect(try await store.list(states: nil, limit: nil).map(\.id).sorted() == ["review-42-7-aaa", "review-42-8-bbb"])
        }
    }

    @Test("idempotency keys are forgotten after the retention period", arguments: StoreFactory.all)
    func idempotencyKeysExpire(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            #expect(try await store.enqueue(Self.review("aaa"), idempotencyKey: "key-1") == .enqueued)
            location.clock.advance(by: .seconds(8 * 24 * 3600))
            #expect(try await store.enqueue(Self.review("bbb", iid: 8), idempotencyKey: "key-2") == .enqueued)
            #expect(try await store.enqueue(Self.review("ccc", iid: 9), idempotencyKey: "key-1") == .enqueued)
        }
    }

    @Test("done and superseded jobs are deleted after their retention; dead, failed and pending ones stay", arguments: StoreFactory.all)
    func finishedJobsExpire(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            _ = try await store.enqueue(Self.review("done", iid: 1), idempotencyKey: nil)
            let done = try #require(try await store.claimNext(owner: "w1", leaseFor: Self.lease))
            try await store.complete(id: done.id, owner: "w1")
            _ = try await store.enqueue(Self.review("dies", iid: 3), idempotencyKey: nil)
            _ = try await store.enqueue(Self.review("old", iid: 2), idempotencyKey: nil)
            _ = try await store.enqueue(Self.review("new", iid: 2), idempotencyKey: nil)
            // The oldest runnable job is claimed first: "dies", until its attempts are spent.
            var state = JobState.pending
            while state != .dead {
                let job = try #require(try await store.claimNext(owner: "w1", leaseFor: Self.lease))
                try #require(job.id == "review-42-3-dies")
                state = try await store.fail(id: job.id, owner: "w1", error: "boom")
                location.clock.advance(by: .seconds(3600))
            }
            let before = Dictionary(uniqueKeysWithValues: try await store.list(states: nil, limit: nil).map { ($0.id, $0.state) })
            #expect(before["review-42-1-done"] == .done && before["review-42-2-old"] == .superseded && before["review-42-3-dies"] == .dead)

            // 30 days (the default retention) later, the next enqueue prunes what only history needs.
            location.clock.advance(by: .seconds(31 * 24 * 3600))
            #expect(try await store.enqueue(Self.review("later", iid: 4), idempotencyKey: nil) == .enqueued)
            let after = Set(try await store.list(states: nil, limit: nil).map(\.id))
            #expect(after == ["review-42-2-new", "review-42-3-dies", "review-42-4-later"])
        }
    }

    @Test("an empty or overlong idempotency key is not remembered and the job id still deduplicates", arguments: StoreFactory.all)
    func unusableIdempotencyKey(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            for key in ["", String(repeating: "k", count: 256)] {
                #expect(try await store.enqueue(Self.review(key.isEmpty ? "a" : "b"), idempotencyKey: key) == .enqueued)
                #expect(try await store.enqueue(Self.review(key.isEmpty ? "a" : "b"), idempotencyKey: key) == .duplicate)
                #expect(try await store.enqueue(Self.review(key.isEmpty ? "c" : "d", iid: 8), idempotencyKey: key) == .enqueued)
            }
        }
    }

    @Test("fifty concurrent enqueues of one id make exactly one job", arguments: StoreFactory.all)
    func concurrentEnqueuesOfOneID(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            let outcomes = try await withThrowingTaskGroup(of: EnqueueOutcome.self) { group in
                for _ in 0..<50 {
                    group.addTask { try await store.enqueue(Self.review("same"), idempotencyKey: nil) }
                }
                return try await group.reduce(into: [EnqueueOutcome]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .enqueued }.count == 1)
            #expect(outcomes.filter { $0 == .duplicate }.count == 49)
            #expect(try await store.counts()[.pending] == 1)
        }
    }

    @Test("concurrent enqueues of different ids all land", arguments: StoreFactory.all)
    func concurrentEnqueuesOfManyIDs(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            let outcomes = try await withThrowingTaskGroup(of: EnqueueOutcome.self) { group in
                for iid in 0..<200 {
                    group.addTask { try await store.enqueue(Self.review("sha", iid: iid), idempotencyKey: "k\(iid)") }
                }
                return try await group.reduce(into: [EnqueueOutcome]()) { $0.append($1) }
            }
            #expect(outcomes.allSatisfy { $0 == .enqueued })
            #expect(try await location.open().counts()[.pending] == 200)
        }
    }

    // MARK: Supersede

    @Test("a newer head SHA supersedes pending and failed reviews of the same merge request only", arguments: StoreFactory.all)
    func newerHeadSupersedes(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            _ = try await store.enqueue(Self.review("failing"), idempotencyKey: nil)
            let failing = try #require(try await store.claimNext(owner: "w1", leaseFor: Self.lease))
            #expect(try await store.fail(id: failing.id, owner: "w1", error: "codex timed out") == .failed)
            _ = try await store.enqueue(Self.review("old"), idempotencyKey: nil)
            _ = try await store.enqueue(Self.review("other-mr", iid: 8), idempotencyKey: nil)
            _ = try await store.enqueue(Self.review("other-project", project: 43), idempotencyKey: nil)
            _ = try await store.enqueue(.note(projectID: 42, mergeRequestIID: 7, noteID: 1, discussionID: "d"), idempotencyKey: nil)

            #expect(try await store.enqueue(Self.review("new"), idempotencyKey: nil) == .enqueued)

            let states = Dictionary(uniqueKeysWithValues: try await store.list(states: nil, limit: nil).map { ($0.id, $0.state) })
            #expect(
                states == [
                    "review-42-7-failing": .superseded,
                    "review-42-7-old": .superseded,
                    "review-42-8-other-mr": .pending,
                    "review-43-7-other-project": .pending,
                    "note-42-7-1": .pending,
                    "review-42-7-new": .pending,
                ]
            )
        }
    }

    @Test("a running review is not superseded and a duplicate enqueue supersedes nothing", arguments: StoreFactory.all)
    func runningReviewIsNotSuperseded(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            _ = try await store.enqueue(Self.review("running"), idempotencyKey: nil)
            _ = try await store.claimNext(owner: "w1", leaseFor: Self.lease)
            _ = try await store.enqueue(Self.review("new"), idempotencyKey: nil)
            #expect(try await store.enqueue(Self.review("running"), idempotencyKey: nil) == .duplicate)
            let states = Dictionary(uniqueKeysWithValues: try await store.list(states: nil, limit: nil).map { ($0.id, $0.state) })
            #expect(states == ["review-42-7-running": .running, "review-42-7-new": .pending])
        }
    }

    // MARK: Forges

    @Test("a GitHub job keeps its forge, repository and installation; a GitLab job has neither", arguments: StoreFactory.all)
    func githubJobFields(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            _ = try await store.enqueue(Self.githubReview("aaa"), idempotencyKey: nil)
            _ = try await store.enqueue(
                .githubNote(repositoryID: 42, repository: "acme/widgets", installationID: nil, number: 7, commentID: 501, threadCommentID: 500),
                idempotencyKey: nil
            )
            _ = try await store.enqueue(Self.review("aaa"), idempotencyKey: nil)
            let jobs = Dictionary(uniqueKeysWithValues: try await location.open().list(states: nil, limit: nil).map { ($0.id, $0) })
            let review = try #require(jobs["review-github-42-7-aaa"])
            #expect(review.forge == .github && review.repository == "acme/widgets" && review.installationID == 99 && review.headSHA == "aaa")
            let note = try #require(jobs["note-github-42-7-501"])
            #expect(note.forge == .github && note.installationID == nil && note.noteID == 501 && note.discussionID == "500")
            let gitlab = try #require(jobs["review-42-7-aaa"])
            #expect(gitlab.forge == .gitlab && gitlab.repository == nil && gitlab.installationID == nil)
            let claimed = try #require(try await store.claimNext(owner: "w1", leaseFor: Self.lease))
            #expect(claimed.forge == .github && claimed.repository == "acme/widgets" && claimed.installationID == 99)
        }
    }

    @Test("GitHub and GitLab reviews with the same project and merge request numbers neither supersede nor block each other", arguments: StoreFactory.all)
    func forgesDoNotSupersedeOrBlock(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            _ = try await store.enqueue(Self.review("lab-old"), idempotencyKey: nil)
            _ = try await store.enqueue(Self.githubReview("hub-old"), idempotencyKey: nil)
            location.clock.advance(by: .seconds(1))
            _ = try await store.enqueue(Self.githubReview("hub-new"), idempotencyKey: nil)
            var states = Dictionary(uniqueKeysWithValues: try await store.list(states: nil, limit: nil).map { ($0.id, $0.state) })
            #expect(states == ["review-42-7-lab-old": .pending, "review-github-42-7-hub-old": .superseded, "review-github-42-7-hub-new": .pending])

            // Both merge requests are reviewed at once: one running review blocks only its own forge's merge request.
            let first = try #require(try await store.claimNext(owner: "w1", leaseFor: Self.lease))
            #expect(first.id == "review-42-7-lab-old")
            let second = try #require(try await store.claimNext(owner: "w2", leaseFor: Self.lease))
            #expect(second.id == "review-github-42-7-hub-new")
            location.clock.advance(by: .seconds(1))
            _ = try await store.enqueue(Self.review("lab-new"), idempotencyKey: nil)
            #expect(try await store.claimNext(owner: "w3", leaseFor: Self.lease) == nil, "GitLab's newer head waits for GitLab's running review")

            // A GitLab head arriving meanwhile does not make GitHub's failing review superseded.
            #expect(try await store.fail(id: second.id, owner: "w2", error: "codex timed out") == .failed)
            states = Dictionary(uniqueKeysWithValues: try await store.list(states: nil, limit: nil).map { ($0.id, $0.state) })
            #expect(states["review-github-42-7-hub-new"] == .failed)
        }
    }

    @Test("reviews of a GitHub and a GitLab merge request with equal numbers are distinct records", arguments: StoreFactory.all)
    func reviewsAreKeyedByForge(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            try await store.record(ReviewRecord(forge: .gitlab, projectID: 42, mergeRequestIID: 7, headSHA: "aaa", state: .posted, statusNoteID: 1))
            location.clock.advance(by: .seconds(1))
            try await store.record(ReviewRecord(forge: .github, projectID: 42, mergeRequestIID: 7, headSHA: "aaa", state: .failed, statusNoteID: 2))
            #expect(try await store.isReviewed(forge: .gitlab, projectID: 42, mergeRequestIID: 7, headSHA: "aaa"))
            #expect(try await store.isReviewed(forge: .github, projectID: 42, mergeRequestIID: 7, headSHA: "aaa") == false)
            #expect(try await store.latest(forge: .gitlab, projectID: 42, mergeRequestIID: 7)?.statusNoteID == 1)
            let github = try #require(try await store.latest(forge: .github, projectID: 42, mergeRequestIID: 7))
            #expect(github.forge == .github && github.statusNoteID == 2 && github.state == .failed)
        }
    }

    // MARK: Claim, lease, complete

    @Test("claims hand out the oldest job first and nothing when the queue is empty", arguments: StoreFactory.all)
    func claimOrder(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            for iid in [3, 1, 2] as [Int] {
                _ = try await store.enqueue(Self.review("s", iid: iid), idempotencyKey: nil)
                location.clock.advance(by: .seconds(1))
            }
            var claimed: [String] = []
            while let job = try await store.claimNext(owner: "w1", leaseFor: Self.lease) {
                #expect(job.state == .running)
                #expect(job.attempts == 1)
                #expect(job.leaseOwner == "w1")
                #expect(job.leaseExpiresAt == location.clock.now.addingTimeInterval(60))
                claimed.append(job.id)
            }
            #expect(claimed == ["review-42-3-s", "review-42-1-s", "review-42-2-s"])
        }
    }

    @Test("an expired lease is reclaimed by another worker and the first worker loses the job", arguments: StoreFactory.all)
    func expiredLeaseIsReclaimed(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            _ = try await store.enqueue(Self.review("aaa"), idempotencyKey: nil)
            let first = try #require(try await store.claimNext(owner: "crashed", leaseFor: Self.lease))
            location.clock.advance(by: .seconds(59))
            #expect(try await store.claimNext(owner: "w2", leaseFor: Self.lease) == nil)
            location.clock.advance(by: .seconds(1))
            let second = try #require(try await store.claimNext(owner: "w2", leaseFor: Self.lease))
            #expect(second.id == first.id)
            #expect(second.attempts == 2)
            #expect(second.leaseOwner == "w2")

            let error = await #expect(throws: StoreError.self) { try await store.complete(id: first.id, owner: "crashed") }
            #expect(error?.metricLabel == "lease_lost")
            try await store.complete(id: second.id, owner: "w2")
            #expect(try await store.list(states: [.done], limit: nil).map(\.id) == [first.id])
        }
    }

    @Test("a job whose lease expires on its last attempt is dead, not reclaimed", arguments: StoreFactory.all)
    func expiredLeaseOnLastAttemptIsDead(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            _ = try await store.enqueue(Self.review("crashy"), idempotencyKey: nil)
            for _ in 0..<3 {
                #expect(try await store.claimNext(owner: "w", leaseFor: Self.lease) != nil)
                location.clock.advance(by: .seconds(61))
            }
            #expect(try await store.claimNext(owner: "w", leaseFor: Self.lease) == nil)
            let job = try #require(try await store.list(states: nil, limit: nil).first)
            #expect(job.state == .dead)
            #expect(job.attempts == 3)
            #expect(job.lastError?.contains("lease") == true)
        }
    }

    @Test("renewing a lease keeps other workers away", arguments: StoreFactory.all)
    func renewLease(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            _ = try await store.enqueue(Self.review("aaa"), idempotencyKey: nil)
            let job = try #require(try await store.claimNext(owner: "w1", leaseFor: Self.lease))
            location.clock.advance(by: .seconds(50))
            try await store.renewLease(id: job.id, owner: "w1", leaseFor: Self.lease)
            location.clock.advance(by: .seconds(50))
            #expect(try await store.claimNext(owner: "w2", leaseFor: Self.lease) == nil)

            let error = await #expect(throws: StoreError.self) {
                try await store.renewLease(id: job.id, owner: "w2", leaseFor: Self.lease)
            }
            #expect(error?.metricLabel == "lease_lost")
        }
    }

    @Test("completing marks the job done, once, and an unknown id is not found", arguments: StoreFactory.all)
    func complete(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            _ = try await store.enqueue(Self.review("aaa"), idempotencyKey: nil)
            let job = try #require(try await store.claimNext(owner: "w1", leaseFor: Self.lease))
            location.clock.advance(by: .seconds(5))
            try await store.complete(id: job.id, owner: "w1")

            let done = try #require(try await store.list(states: nil, limit: nil).first)
            #expect(done.state == .done)
            #expect(done.leaseOwner == nil)
            #expect(done.updatedAt == location.clock.now)

            let again = await #expect(throws: StoreError.self) { try await store.complete(id: job.id, owner: "w1") }
            #expect(again?.metricLabel == "lease_lost")
            await #expect(throws: StoreError.notFound(id: "nope")) { try await store.complete(id: "nope", owner: "w1") }
        }
    }

    // MARK: Failure and retry

    @Test("failures back off exponentially and the last allowed failure is dead with its error", arguments: StoreFactory.all)
    func failBacksOffThenDies(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            _ = try await store.enqueue(Self.review("aaa"), idempotencyKey: nil)

            let first = try #require(try await store.claimNext(owner: "w", leaseFor: Self.lease))
            #expect(try await store.fail(id: first.id, owner: "w", error: "forge answered 502") == .failed)
            let failed = try #require(try await store.list(states: [.failed], limit: nil).first)
            #expect(failed.runAfter == location.clock.now.addingTimeInterval(10))
            #expect(failed.lastError == "forge answered 502")

            location.clock.advance(by: .seconds(9))
            #expect(try await store.claimNext(owner: "w", leaseFor: Self.lease) == nil)
            location.clock.advance(by: .seconds(1))
            let second = try #require(try await store.claimNext(owner: "w", leaseFor: Self.lease))
            #expect(second.attempts == 2)
            #expect(try await store.fail(id: second.id, owner: "w", error: "codex timed out") == .failed)
            #expect(try await store.list(states: [.failed], limit: nil).first?.runAfter == location.clock.now.addingTimeInterval(20))

            location.clock.advance(by: .seconds(20))
            let third = try #require(try await store.claimNext(owner: "w", leaseFor: Self.lease))
            #expect(try await store.fail(id: third.id, owner: "w", error: "codex timed out again") == .dead)

            let dead = try #require(try await store.list(states: [.dead], limit: nil).first)
            #expect(dead.attempts == 3)
            #expect(dead.lastError == "codex timed out again")
            #expect(dead.runAfter == nil)
            location.clock.advance(by: .seconds(3600))
            #expect(try await store.claimNext(owner: "w", leaseFor: Self.lease) == nil)
        }
    }

    @Test("a very long error is cut before it is stored", arguments: StoreFactory.all)
    func longErrorIsCut(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            _ = try await store.enqueue(Self.review("aaa"), idempotencyKey: nil)
            let job = try #require(try await store.claimNext(owner: "w", leaseFor: Self.lease))
            _ = try await store.fail(id: job.id, owner: "w", error: String(repeating: "x", count: 50_000))
            let stored = try #require(try await store.list(states: nil, limit: nil).first?.lastError)
            #expect(stored.count <= 1000)
        }
    }

    @Test("retry puts a dead job back to pending with its attempts reset", arguments: StoreFactory.all)
    func retryDeadJob(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            _ = try await store.enqueue(Self.review("aaa"), idempotencyKey: nil)
            for _ in 0..<3 {
                let job = try #require(try await store.claimNext(owner: "w", leaseFor: Self.lease))
                _ = try await store.fail(id: job.id, owner: "w", error: "boom")
                location.clock.advance(by: .seconds(3600))
            }
            let id = "review-42-7-aaa"
            #expect(try await store.list(states: nil, limit: nil).first?.state == .dead)

            try await store.retry(id: id)
            let retried = try #require(try await store.list(states: nil, limit: nil).first)
            #expect(retried.state == .pending)
            #expect(retried.attempts == 0)
            #expect(try await store.claimNext(owner: "w", leaseFor: Self.lease)?.id == id)
        }
    }

    @Test("retry of an unknown id is not found and of a running job is refused", arguments: StoreFactory.all)
    func retryErrors(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            await #expect(throws: StoreError.notFound(id: "missing")) { try await store.retry(id: "missing") }
            _ = try await store.enqueue(Self.review("aaa"), idempotencyKey: nil)
            _ = try await store.claimNext(owner: "w", leaseFor: Self.lease)
            await #expect(throws: StoreError.invalidTransition(id: "review-42-7-aaa", state: .running, operation: "retry")) {
                try await store.retry(id: "review-42-7-aaa")
            }
        }
    }

    // MARK: Pause

    @Test("a pause stops claims, survives reopening, keeps its first reason, and resume undoes it", arguments: StoreFactory.all)
    func pauseAndResume(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let serve = try location.open()
            _ = try await serve.enqueue(Self.review("aaa"), idempotencyKey: nil)
            #expect(try await serve.pauseState() == nil)

            let since = location.clock.now
            try await location.open().pause(reason: "GitLab answered 401")
            location.clock.advance(by: .seconds(5))
            try await serve.pause(reason: "a later reason")
            #expect(try await serve.claimNext(owner: "w", leaseFor: Self.lease) == nil)

            let reopened = try location.open()
            #expect(try await reopened.pauseState() == PauseState(reason: "GitLab answered 401", since: since))
            try await reopened.resume()
            #expect(try await serve.pauseState() == nil)
            #expect(try await serve.claimNext(owner: "w", leaseFor: Self.lease)?.id == "review-42-7-aaa")
        }
    }

    // MARK: Reading

    @Test("counts report every state, including empty ones", arguments: StoreFactory.all)
    func counts(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            #expect(try await store.counts() == Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, 0) }))
            for sha in ["a", "b", "c"] {
                _ = try await store.enqueue(Self.review(sha, iid: Int(sha.unicodeScalars.first?.value ?? 0)), idempotencyKey: nil)
            }
            let job = try #require(try await store.claimNext(owner: "w", leaseFor: Self.lease))
            try await store.complete(id: job.id, owner: "w")
            _ = try await store.claimNext(owner: "w", leaseFor: Self.lease)
            let counts = try await store.counts()
            #expect(counts[.pending] == 1)
            #expect(counts[.running] == 1)
            #expect(counts[.done] == 1)
            #expect(counts[.dead] == 0)
            #expect(counts.count == JobState.allCases.count)
        }
    }

    @Test("list filters by state, newest first, and honours the limit", arguments: StoreFactory.all)
    func listFilters(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            for iid in 1...4 as ClosedRange<Int> {
                _ = try await store.enqueue(Self.review("s", iid: iid), idempotencyKey: nil)
                location.clock.advance(by: .seconds(1))
            }
            let job = try #require(try await store.claimNext(owner: "w", leaseFor: Self.lease))
            #expect(job.id == "review-42-1-s")

            #expect(try await store.list(states: nil, limit: nil).map(\.mergeRequestIID) == [4, 3, 2, 1])
            #expect(try await store.list(states: [.pending], limit: nil).map(\.mergeRequestIID) == [4, 3, 2])
            #expect(try await store.list(states: [.pending, .running], limit: 2).map(\.mergeRequestIID) == [4, 3])
            #expect(try await store.list(states: [.running], limit: nil).map(\.mergeRequestIID) == [1])
            #expect(try await store.list(states: [], limit: nil).isEmpty)
            #expect(try await store.list(states: nil, limit: 0).isEmpty)
        }
    }

    // MARK: Several handles

    @Test("two handles on one store, like two processes, claim disjoint jobs", arguments: StoreFactory.all)
    func twoHandlesClaimDisjointJobs(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let first = try location.open()
            let second = try location.open()
            for iid in 0..<40 {
                _ = try await first.enqueue(Self.review("s", iid: iid), idempotencyKey: nil)
            }
            let claims = try await withThrowingTaskGroup(of: [String].self) { group in
                for (index, store) in [first, second, first, second].enumerated() {
                    group.addTask {
                        var ids: [String] = []
                        while let job = try await store.claimNext(owner: "w\(index)", leaseFor: Self.lease) {
                            ids.append(job.id)
                        }
                        return ids
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(claims.count == 40)
            #expect(Set(claims).count == 40)
            #expect(try await second.counts()[.running] == 40)
        }
    }

    // MARK: Reviews and threads

    @Test("reviews are upserted by head SHA and the latest one is found", arguments: StoreFactory.all)
    func reviews(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            #expect(try await store.latest(forge: .gitlab, projectID: 42, mergeRequestIID: 7) == nil)
            #expect(try await store.isReviewed(forge: .gitlab, projectID: 42, mergeRequestIID: 7, headSHA: "aaa") == false)

            let created = location.clock.now
            try await store.record(ReviewRecord(projectID: 42, mergeRequestIID: 7, headSHA: "aaa", state: .running, statusNoteID: 5))
            location.clock.advance(by: .seconds(30))
            try await store.record(
                ReviewRecord(
                    projectID: 42,
                    mergeRequestIID: 7,
                    headSHA: "aaa",
                    state: .posted,
                    statusNoteID: 5,
                    codexThreadID: "thread-1",
                    inputTokens: 1200,
                    cachedInputTokens: 800,
                    outputTokens: 300,
                    reasoningTokens: 90
                )
            )
            #expect(try await store.isReviewed(forge: .gitlab, projectID: 42, mergeRequestIID: 7, headSHA: "aaa"))
            #expect(try await store.isReviewed(forge: .gitlab, projectID: 42, mergeRequestIID: 8, headSHA: "aaa") == false)
            // A failed review does not count: a later delivery may review that head again.
            try await store.record(ReviewRecord(projectID: 42, mergeRequestIID: 9, headSHA: "bbb", state: .failed))
            #expect(try await store.isReviewed(forge: .gitlab, projectID: 42, mergeRequestIID: 9, headSHA: "bbb") == false)
            #expect(
                try await store.latest(forge: .gitlab, projectID: 42, mergeRequestIID: 7)
                    == ReviewRecord(
                        projectID: 42,
                        mergeRequestIID: 7,
                        headSHA: "aaa",
                        state: .posted,
                        statusNoteID: 5,
                        codexThreadID: "thread-1",
                        inputTokens: 1200,
                        cachedInputTokens: 800,
                        outputTokens: 300,
                        reasoningTokens: 90,
                        createdAt: created,
                        updatedAt: location.clock.now
                    )
            )

            location.clock.advance(by: .seconds(30))
            try await store.record(ReviewRecord(projectID: 42, mergeRequestIID: 7, headSHA: "bbb", state: .failed))
            #expect(try await store.latest(forge: .gitlab, projectID: 42, mergeRequestIID: 7)?.headSHA == "bbb")
            #expect(try await store.latest(forge: .gitlab, projectID: 42, mergeRequestIID: 7)?.state == .failed)
        }
    }

    @Test("recent reviews list every merge request's reviews newest first, at most the limit", arguments: StoreFactory.all)
    func recentReviews(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            #expect(try await store.recent(limit: 10).isEmpty)
            try await store.record(ReviewRecord(projectID: 42, mergeRequestIID: 7, headSHA: "aaa", state: .posted, outputTokens: 10))
            location.clock.advance(by: .seconds(30))
            try await store.record(ReviewRecord(projectID: 43, mergeRequestIID: 1, headSHA: "bbb", state: .failed))
            location.clock.advance(by: .seconds(30))
            try await store.record(ReviewRecord(projectID: 42, mergeRequestIID: 8, headSHA: "ccc", state: .running))
            // Recording the first again updates it in place and keeps its place (ordered by creation).
            try await store.record(ReviewRecord(projectID: 42, mergeRequestIID: 7, headSHA: "aaa", state: .posted, outputTokens: 20))

            let all = try await store.recent(limit: 10)
            #expect(all.map(\.headSHA) == ["ccc", "bbb", "aaa"])
            #expect(all.last?.outputTokens == 20)
            #expect(try await store.recent(limit: 2).map(\.headSHA) == ["ccc", "bbb"])
        }
    }

    @Test("threads map discussions to Codex threads, the latest mapping winning", arguments: StoreFactory.all)
    func threads(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            #expect(try await store.codexThread(forDiscussion: "d-1") == nil)
            try await store.record(discussionID: "d-1", codexThreadID: "thread-1", projectID: 42, mergeRequestIID: 7)
            try await store.record(discussionID: "d-2", codexThreadID: "thread-2", projectID: 42, mergeRequestIID: 7)
            #expect(try await store.codexThread(forDiscussion: "d-1") == "thread-1")
            try await store.record(discussionID: "d-1", codexThreadID: "thread-3", projectID: 42, mergeRequestIID: 7)
            #expect(try await location.open().codexThread(forDiscussion: "d-1") == "thread-3")
            #expect(try await store.codexThread(forDiscussion: "d-2") == "thread-2")
        }
    }

    // MARK: Retention of history

    @Test(
        "reviews, remediations and threads unused for the record retention are pruned by the next enqueue; newer and recently used ones stay",
        arguments: StoreFactory.all
    )
    func recordsExpire(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            try await store.record(ReviewRecord(projectID: 42, mergeRequestIID: 7, headSHA: "old", state: .posted))
            try await store.recordRemediation(RemediationRecord(projectID: 42, day: "2027-01-15", findingID: "f-old", outcome: "opened"))
            try await store.record(discussionID: "d-idle", codexThreadID: "thread-idle", projectID: 42, mergeRequestIID: 7)
            try await store.record(discussionID: "d-used", codexThreadID: "thread-used", projectID: 42, mergeRequestIID: 7)

            location.clock.advance(by: .seconds(60 * 86_400))
            #expect(try await store.codexThread(forDiscussion: "d-used") == "thread-used")
            try await store.record(ReviewRecord(projectID: 42, mergeRequestIID: 8, headSHA: "new", state: .posted))

            // 91 days after the first records (the default retention is 90 days), an enqueue prunes.
            location.clock.advance(by: .seconds(31 * 86_400))
            #expect(try await store.enqueue(Self.review("later", iid: 9), idempotencyKey: nil) == .enqueued)
            #expect(try await store.isReviewed(forge: .gitlab, projectID: 42, mergeRequestIID: 7, headSHA: "old") == false)
            #expect(try await store.latest(forge: .gitlab, projectID: 42, mergeRequestIID: 7) == nil)
            #expect(try await store.remediation(projectID: 42, day: "2027-01-15", findingID: "f-old") == nil)
            #expect(try await store.codexThread(forDiscussion: "d-idle") == nil)
            #expect(try await store.isReviewed(forge: .gitlab, projectID: 42, mergeRequestIID: 8, headSHA: "new"))
            #expect(try await store.codexThread(forDiscussion: "d-used") == "thread-used")
        }
    }

    @Test("recording a remediation prunes expired remediations too, since `warden remediate` never enqueues", arguments: StoreFactory.all)
    func remediationRecordingPrunes(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            try await store.recordRemediation(RemediationRecord(projectID: 42, day: "2027-01-15", findingID: "f-old", outcome: "opened"))
            location.clock.advance(by: .seconds(91 * 86_400))
            try await store.recordRemediation(RemediationRecord(projectID: 42, day: "2027-04-16", findingID: "f-new", outcome: "opened"))
            #expect(try await store.remediation(projectID: 42, day: "2027-01-15", findingID: "f-old") == nil)
            #expect(try await store.remediation(projectID: 42, day: "2027-04-16", findingID: "f-new") != nil)
        }
    }

    @Test(
        "remediations are per forge: a GitHub repository sharing a GitLab project's id shares neither its handled findings nor its daily count",
        arguments: StoreFactory.all
    )
    func remediationsPerForge(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            let day = "2027-01-15"
            try await store.recordRemediation(
                RemediationRecord(forge: .gitlab, projectID: 42, day: day, findingID: "GHSA-1", outcome: "merge_request_opened", mergeRequestIID: 7)
            )
            #expect(try await store.remediation(forge: .github, projectID: 42, day: day, findingID: "GHSA-1") == nil)
            #expect(try await store.remediationMergeRequestCount(forge: .github, projectID: 42, day: day) == 0)
            #expect(try await store.remediationMergeRequestCount(forge: .gitlab, projectID: 42, day: day) == 1)

            try await store.recordRemediation(
                RemediationRecord(forge: .github, projectID: 42, day: day, findingID: "GHSA-1", outcome: "tests_failed")
            )
            let github = try #require(try await store.remediation(forge: .github, projectID: 42, day: day, findingID: "GHSA-1"))
            #expect(github.forge == .github && github.outcome == "tests_failed" && github.mergeRequestIID == nil)
            let gitlab = try #require(try await store.remediation(forge: .gitlab, projectID: 42, day: day, findingID: "GHSA-1"))
            #expect(gitlab.forge == .gitlab && gitlab.outcome == "merge_request_opened" && gitlab.mergeRequestIID == 7)
            #expect(try await store.remediationMergeRequestCount(forge: .github, projectID: 42, day: day) == 0)
        }
    }

    @Test("a review's findings count is stored and replaced with its record; unknown stays nil", arguments: StoreFactory.all)
    func reviewFindings(factory: StoreFactory) async throws {
        try await factory.withLocation { location in
            let store = try location.open()
            try await store.record(ReviewRecord(projectID: 42, mergeRequestIID: 7, headSHA: "aaa", state: .running))
            #expect(try await store.latest(forge: .gitlab, projectID: 42, mergeRequestIID: 7)?.findings == nil)
            try await store.record(ReviewRecord(projectID: 42, mergeRequestIID: 7, headSHA: "aaa", state: .posted, findings: 4))
            #expect(try await store.latest(forge: .gitlab, projectID: 42, mergeRequestIID: 7)?.findings == 4)
            #expect(try await store.recent(limit: 5).map(\.findings) == [4])
        }
    }
}
