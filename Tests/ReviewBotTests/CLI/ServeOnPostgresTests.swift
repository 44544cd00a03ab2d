import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Store
import Testing
import WardenCore
import WardenTestSupport

/// `warden serve` with `store.url` on PostgreSQL: two replicas of the built binary share one database.
@Suite("warden serve on PostgreSQL", .timeLimit(.minutes(3)))
struct ServeOnPostgresTests {
    @Test("a delivery and its redelivery to another replica make one job in the shared database; both replicas are ready and stop cleanly")
    func twoReplicasOneQueue() async throws {
        let database = try TestPostgresServer.start().createDatabase()
        defer { database.remove() }
        let data = try TestDataDirectory()
        defer { data.remove() }
        let first = try await ServeReplica.start(storeURL: database.url, data: data, name: "a")
        defer { first.kill() }
        let second = try await ServeReplica.start(storeURL: database.url, data: data, name: "b")
        defer { second.kill() }

        #expect(try await first.status("/readyz") == 200)
        #expect(try await second.status("/readyz") == 200)
        let delivery = ByteBuffer(data: try SharedFixtures.data("gitlab/mr_open_docs_derived.json"))
        #expect(try await first.deliver(delivery, idempotencyKey: "delivery-1") == 202)
        #expect(try await second.deliver(delivery, idempotencyKey: "delivery-1") == 202)

        let store = try PostgresStore(
            settings: PostgresConnectionSettings(
                host: database.server.host, port: database.server.port, username: database.server.user, database: database.name, tls: .disable
            )
        )
        let jobs = try await store.list(states: nil, limit: nil)
        #expect(jobs.count == 1)
        #expect(jobs.first?.kind == .review && jobs.first?.state == .pending)
        #expect(try await store.migrationStatus().pending.isEmpty)

        for replica in [first, second] {
            #expect(replica.stop() == 0)
        }
    }
}
