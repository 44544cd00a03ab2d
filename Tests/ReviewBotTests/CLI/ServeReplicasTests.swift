import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ReviewBot
import Store
import Testing
import WardenCore
import WardenTestSupport

/// Three `warden serve` replicas (the built binary) on one PostgreSQL database, with the fake GitLab, git over HTTP
/// and the real codex against the scripted model: deliveries and redeliveries spread over the replicas make one
/// review per head, the Codex seats hold for the whole deployment, and a replica killed mid-review leaves its job to
/// another replica once the lease expires.
@Suite("warden serve replicas", .serialized, .timeLimit(.minutes(6)))
struct ServeReplicasTests {
    static let mergeRequests = 100
    /// `codex.seats` for the deployment: three replicas, one seat (one ChatGPT seat behind three replicas).
    static let seats = 1

    @Test("300 deliveries for 100 merge requests over three replicas: one review per head, no duplicate comment, never more model requests than seats; a killed replica's job is finished by another")
    func threeReplicas() async throws {
        // Each answer takes a moment, so that without global seats the three replicas' requests would overlap.
        let answer = ReviewHarness.review(summary: "Replica review.", findings: [ReviewHarness.firstFindings[0]]).with(firstByteMs: 100)
        let harness = try await ReviewHarness.start(script: [])
        defer { Task { await harness.stop() } }
        await harness.model.setScript([], defaultTurn: answer)
        for iid in 2...Self.mergeRequests {
            try await harness.repository.setRef("refs/merge-requests/\(iid)/head", to: harness.headSHA)
            try await harness.gitlab.openMergeRequest(
                projectID: ReviewHarness.projectID, iid: iid, sourceBranch: "feature", targetBranch: "main", title: "Change \(iid)",
                authorID: ReviewHarness.human.id
            )
        }
        let database = try TestPostgresServer.start().createDatabase()
        defer { database.remove() }

        var replicas: [ServeStartupTests.Serve] = []
        defer { for replica in replicas where replica.process.isRunning { kill(replica.process.processIdentifier, SIGKILL) } }
        for name in ["a", "b", "c"] {
            replicas.append(
                try await ServeStartupTests.Serve.start(
                    harness,
                    environment: [
                        "WARDEN_DATA_DIR": harness.data.path + "/replica-\(name)",
                        "WARDEN_STORE_URL": database.url,
                        "WARDEN_CODEX_SEATS": "\(Self.seats)",
                        "WARDEN_CODEX_SEAT_LEASE": "2s",
                        "WARDEN_QUEUE_LEASE": "3s",
                    ],
                    name: "replica-\(name)"
                )
            )
        }

        // Each merge request: the delivery, its redelivery (same Idempotency-Key) to the next replica, and a reopen
        // of the same head to the third.
        let ports = replicas.map(\.port)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for iid in 1...Self.mergeRequests {
                let open = Self.event(iid: iid, action: "open", headSHA: harness.headSHA)
                let deliveries = [
                    (ports[iid % 3], open, "open-\(iid)"),
                    (ports[(iid + 1) % 3], open, "open-\(iid)"),
                    (ports[(iid + 2) % 3], Self.event(iid: iid, action: "reopen", headSHA: harness.headSHA), "reopen-\(iid)"),
                ]
                for (port, body, key) in deliveries {
                    group.addTask { try await Self.deliver(body, port: port, idempotencyKey: key) }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.count == 3 * Self.mergeRequests)
        #expect(statuses.allSatisfy { (200..<300).contains($0) }, "statuses: \(Set(statuses))")

        let store = try PostgresStore(
            settings: PostgresConnectionSettings(
                host: database.server.host, port: database.server.port, username: database.server.user, database: database.name, tls: .disable
            )
        )
        // A replica holding a job whose model request is under way is killed with everything it started, as a pod is.
        let (victimJob, victim) = try await Self.replicaMidReview(replicas, store: store, model: harness.model)
        Self.killWithChildren(victim.process.processIdentifier)
        victim.process.waitUntilExit()

        let deadline = ContinuousClock.now + .seconds(280)
        var jobs = try await store.list(states: nil, limit: nil)
        while ContinuousClock.now < deadline, jobs.count < Self.mergeRequests || !jobs.allSatisfy({ $0.state == .done }) {
            try await Task.sleep(for: .milliseconds(250))
            jobs = try await store.list(states: nil, limit: nil)
        }
        #expect(jobs.count == Self.mergeRequests, "one job per head")
        #expect(jobs.allSatisfy { $0.state == .done }, "\(jobs.filter { $0.state != .done }.map { "\($0.id): \($0.state) \($0.lastError ?? "")" })")
        let finished = try #require(jobs.first { $0.id == victimJob })
        #expect(finished.attempts == 2, "the killed replica's attempt, then one more by another replica")
        #expect(finished.lastError?.contains("lease") == true)

        for iid in 1...Self.mergeRequests {
            let notes = await harness.gitlab.storedNotes(projectID: ReviewHarness.projectID, iid: iid).filter { $0.authorID == ReviewHarness.bot.id }
            #expect(notes.filter { StatusMarker(markerIn: $0.body) != nil }.count == 1, "merge request \(iid): one status note")
            #expect(notes.filter { FindingFingerprint(markerIn: $0.body) != nil }.count == 1, "merge request \(iid): the finding once")
        }
        let modelRequests = await harness.modelRequests()
        #expect((Self.mergeRequests...(Self.mergeRequests + 1)).contains(modelRequests.count), "one review per head (and the killed one)")
        let peak = await harness.model.peakConcurrency
        let timeline = await harness.model.concurrency.map(\.inFlight)
        #expect(peak <= Self.seats, "at most codex.seats model requests at once: \(timeline)")
        #expect(peak >= 1)
        for replica in replicas where replica.process.isRunning {
            replica.stop()
            #expect(replica.process.terminationStatus == 0)
        }
    }

    /// A running job whose holder is one of `replicas`, picked while the model answers a request.
    private static func replicaMidReview(
        _ replicas: [ServeStartupTests.Serve], store: PostgresStore, model: ScriptedModelServer
    ) async throws -> (job: String, replica: ServeStartupTests.Serve) {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if await model.concurrency.last?.inFlight ?? 0 > 0 {
                for job in try await store.list(states: [.running], limit: nil) {
                    // Worker names are `<host>-<pid>-<seat>`.
                    guard let owner = job.leaseOwner, let pid = owner.split(separator: "-").dropLast().last.flatMap({ Int32($0) }),
                        let replica = replicas.first(where: { $0.process.processIdentifier == pid })
                    else { continue }
                    return (job.id, replica)
                }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CancellationError()
    }

    /// SIGKILLs `pid` and the process groups of its children (codex leads one group per run).
    private static func killWithChildren(_ pid: Int32) {
        let children = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { entry -> Int32? in
            guard let child = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == pid ? child : nil
        }
        kill(pid, SIGKILL)
        for child in children {
            kill(-child, SIGKILL)
            kill(child, SIGKILL)
        }
    }

    /// A merge request event for merge request `iid` at `headSHA`.
    private static func event(iid: Int, action: String, headSHA: String) -> ByteBuffer {
        let object: [String: Any] = [
            "object_kind": "merge_request", "event_type": "merge_request",
            "user": ["id": ReviewHarness.human.id, "username": ReviewHarness.human.username],
            "project": ["id": ReviewHarness.projectID],
            "object_attributes": [
                "id": 5000 + iid, "iid": iid, "action": action, "state": "opened", "draft": false, "title": "Change \(iid)",
                "last_commit": ["id": headSHA], "target_project_id": ReviewHarness.projectID,
            ] as [String: Any],
        ]
        return ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    /// Posts a signed delivery to a replica and returns the status.
    private static func deliver(_ body: ByteBuffer, port: Int, idempotencyKey: String) async throws -> Int {
        var hook = HTTPClientRequest(url: "http://127.0.0.1:\(port)/webhooks/gitlab")
        hook.method = .POST
        hook.headers.add(name: "X-Gitlab-Event", value: "Merge Request Hook")
        hook.headers.add(name: "X-Gitlab-Token", value: ReviewHarness.webhookSecret)
        hook.headers.add(name: "Idempotency-Key", value: idempotencyKey)
        hook.body = .bytes(body)
        return Int(try await HTTPClient.shared.execute(hook, timeout: .seconds(30)).status.code)
    }
}
