import Foundation
import NIOCore
import NIOFoundationCompat
import Store
import Testing
import WardenCore
import WardenTestSupport

/// `warden serve` on PostgreSQL while PostgreSQL goes away for 10 s in the middle of a burst of deliveries: what
/// GitLab sees (503, then 2xx once redelivered), what a load balancer sees (`/readyz`), and that every acknowledged
/// delivery is a job afterwards.
@Suite("warden serve through a PostgreSQL outage", .timeLimit(.minutes(3)))
struct ServeOutageTests {
    /// The status codes one delivery got, in order: 503s while the store was down, then its acknowledgement.
    private typealias DeliveryLog = [UInt]

    /// A GitLab merge request `open` event for MR `iid` with head `sha`, from the shared fixture.
    private static func delivery(iid: Int, sha: String) throws -> ByteBuffer {
        var payload = try #require(JSONSerialization.jsonObject(with: SharedFixtures.data("gitlab/mr_open_docs_derived.json")) as? [String: Any])
        var attributes = try #require(payload["object_attributes"] as? [String: Any])
        var commit = try #require(attributes["last_commit"] as? [String: Any])
        commit["id"] = sha
        attributes["last_commit"] = commit
        attributes["iid"] = iid
        payload["object_attributes"] = attributes
        return ByteBuffer(data: try JSONSerialization.data(withJSONObject: payload))
    }

    /// Sends one delivery as GitLab does after a failure: again (same idempotency key) while it is refused with 503,
    /// at most 100 times.
    private static func deliverUntilAcknowledged(_ body: ByteBuffer, key: String, to replica: ServeReplica) async throws -> DeliveryLog {
        var log: DeliveryLog = []
        repeat {
            if !log.isEmpty { try await Task.sleep(for: .milliseconds(300)) }
            log.append(try await replica.deliver(body, idempotencyKey: key))
        } while log.last == 503 && log.count < 100
        return log
    }

    @Test("PostgreSQL down for 10 s: /readyz 503 and deliveries 503 meanwhile, every acknowledged delivery is a job afterwards, the refused ones redelivered, /readyz back to 200")
    func tenSecondOutage() async throws {
        let server = try TestPostgresServer.startPrivate()
        defer { server.remove() }
        let database = try server.createDatabase()
        let data = try TestDataDirectory()
        defer { data.remove() }
        let replica = try await ServeReplica.start(storeURL: database.url, data: data, name: "receiver", arguments: ["--role", "receiver"])
        defer { replica.kill() }
        #expect(try await replica.status("/readyz") == 200)

        let mergeRequests = 60
        let shas = (0..<mergeRequests).map { String(format: "%040x", 0xC0FFEE + $0) }
        let sender = Task { () throws -> [DeliveryLog] in
            try await withThrowingTaskGroup(of: DeliveryLog.self) { group in
                for index in 0..<mergeRequests {
                    let body = try Self.delivery(iid: index + 1, sha: shas[index])
                    group.addTask { try await Self.deliverUntilAcknowledged(body, key: "delivery-\(index)", to: replica) }
                    try await Task.sleep(for: .milliseconds(250))
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }

        try await Task.sleep(for: .seconds(2))
        try server.suspend()
        let outageEnd = ContinuousClock.now + .seconds(10)
        let readiness = Task { () throws -> [UInt] in
            var seen: [UInt] = []
            while ContinuousClock.now < outageEnd {
                seen.append(try await replica.status("/readyz"))
                try? await Task.sleep(for: .milliseconds(500))
            }
            return seen
        }
        try await Task.sleep(until: outageEnd)
        try server.resume()
        let readinessDuringOutage = try await readiness.value

        let logs = try await sender.value
        #expect(logs.count == mergeRequests)
        #expect(logs.allSatisfy { $0.last == 202 && $0.dropLast().allSatisfy { $0 == 503 } }, "\(logs)")
        #expect(logs.contains { $0.count > 1 }, "no delivery met the outage")
        #expect(readinessDuringOutage.contains(503))
        #expect(readinessDuringOutage.allSatisfy { $0 == 503 || $0 == 200 })

        let store = try PostgresStore(
            settings: PostgresConnectionSettings(host: server.host, port: server.port, username: server.user, database: database.name, tls: .disable)
        )
        let jobs = try await store.list(states: nil, limit: nil)
        #expect(Set(jobs.map(\.id)) == Set((0..<mergeRequests).map { "review-1-\($0 + 1)-\(shas[$0])" }))
        #expect(jobs.count == mergeRequests)
        var ready: UInt = 0
        for _ in 0..<100 where ready != 200 {
            ready = try await replica.status("/readyz")
            if ready != 200 { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(ready == 200)
        #expect(replica.stop() == 0)
    }
}
