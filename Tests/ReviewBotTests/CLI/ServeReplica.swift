import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import WardenTestSupport

/// One `warden serve` child process (the built binary) on a store shared with other replicas, for the replica
/// and outage tests. Its stdout and stderr go to files in the test's data directory.
struct ServeReplica {
    /// The GitLab webhook secret every replica is started with.
    static let webhookSecret = "hook-secret-of-16-chars"

    /// The client every replica test talks through: enough connections per host that a burst of slow (refused
    /// after the store's timeout) deliveries never queues behind the client's own pool, as GitLab's senders do not.
    private static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 256
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    let process: Process
    let port: Int

    /// Starts `warden serve` with `store.url` = `storeURL` and waits until it listens.
    ///
    /// - Parameters:
    ///   - storeURL: `WARDEN_STORE_URL`.
    ///   - data: the test's data directory; the replica's own data directory is `<data>/<name>`.
    ///   - name: names the replica's data directory and output files.
    ///   - arguments: more arguments after `serve` (e.g. `--role receiver`).
    ///   - environment: more variables (they win over the defaults).
    static func start(
        storeURL: String, data: TestDataDirectory, name: String, arguments: [String] = [], environment: [String: String] = [:]
    ) async throws -> ServeReplica {
        let outputPath = data.path + "/\(name).out"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: data.path + "/\(name).log", contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try BuiltProducts.path("warden"))
        process.arguments = ["serve"] + arguments
        process.environment = ProcessInfo.processInfo.environment
            .merging([
                "WARDEN_LISTEN": "127.0.0.1:0",
                "WARDEN_DATA_DIR": data.path + "/\(name)",
                "WARDEN_STORE_URL": storeURL,
                "WARDEN_GITLAB_WEBHOOK_SECRET": webhookSecret,
            ]) { $1 }
            .merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: data.path + "/\(name).log"))
        try process.run()
        return ServeReplica(process: process, port: try await ServeWithGatewayTests.waitForPort(outputPath: outputPath, process: process))
    }

    /// The status code of `GET path`.
    func status(_ path: String) async throws -> UInt {
        let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        return try await Self.client.execute(request, timeout: .seconds(30)).status.code
    }

    /// Delivers a signed GitLab merge request event and returns the status code.
    func deliver(_ body: ByteBuffer, idempotencyKey: String) async throws -> UInt {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/webhooks/gitlab")
        request.method = .POST
        request.headers.add(name: "X-Gitlab-Event", value: "Merge Request Hook")
        request.headers.add(name: "X-Gitlab-Token", value: Self.webhookSecret)
        request.headers.add(name: "Idempotency-Key", value: idempotencyKey)
        request.body = .bytes(body)
        return try await Self.client.execute(request, timeout: .seconds(30)).status.code
    }

    /// Sends SIGTERM and waits for the exit; returns the exit status.
    func stop() -> Int32 {
        Foundation.kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Kills the process if it still runs (for `defer`).
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }
}
