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
    /// One running `warden serve` and where its output goes.
    private struct Replica {
        let process: Process
        let port: Int

        static func start(database: TestPostgresDatabase, data: TestDataDirectory, name: String) async throws -> Replica {
            let outputPath = data.path + "/\(name).out"
            _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
            _ = FileManager.default.createFile(atPath: data.path + "/\(name).log", contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try BuiltProducts.path("warden"))
            process.arguments = ["serve"]
            process.environment = ProcessInfo.processInfo.environment.merging([
                "WARDEN_LISTEN": "127.0.0.1:0",
                "WARDEN_DATA_DIR": data.path + "/\(name)",
                "WARDEN_STORE_URL": database.url,
                "WARDEN_GITLAB_WEBHOOK_SECRET": "hook-secret-of-16-chars",
            ]) { $1 }
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: data.path + "/\(name).log"))
            try process.run()
            return Replica(process: process, port: try await ServeWithGatewayTests.waitForPort(outputPath: outputPath, process: process))
        }

        func status(_ path: String, body: ByteBuffer? = nil) async throws -> UInt {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
            if let body {
                request.method = .POST
                request.headers.add(name: "X-Gitlab-Event", value: "Merge Request Hook")
                request.headers.add(name: "X-Gitlab-Token", value: "hook-secret-of-16-chars")
                request.headers.add(name: "Idempotency-Key", value: "delivery-1")
                request.body = .bytes(body)
            }
            return try await HTTPClient.shared.execute(request, timeout: .seconds(30)).status.code
        }
    }

    @Test("a delivery and its redelivery to another replica make one job in the shared database; both replicas are ready and stop cleanly")
    func twoReplicasOneQueue() async throws {
        let database = try TestPostgresServer.start().createDatabase()
        defer { database.remove() }
        let data = try TestDataDirectory()
        defer { data.remove() }
        let first = try await Replica.start(database: database, data: data, name: "a")
        defer { if first.process.isRunning { kill(first.process.processIdentifier, SIGKILL) } }
        let second = try await Replica.start(database: database, data: data, name: "b")
        defer { if second.process.isRunning { kill(second.process.processIdentifier, SIGKILL) } }

        #expect(try await first.status("/readyz") == 200)
        #expect(try await second.status("/readyz") == 200)
        let delivery = ByteBuffer(data: try SharedFixtures.data("gitlab/mr_open_docs_derived.json"))
        #expect(try await first.status("/webhooks/gitlab", body: delivery) == 202)
        #expect(try await second.status("/webhooks/gitlab", body: delivery) == 202)

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
            kill(replica.process.processIdentifier, SIGTERM)
            replica.process.waitUntilExit()
            #expect(replica.process.terminationStatus == 0)
        }
    }
}
