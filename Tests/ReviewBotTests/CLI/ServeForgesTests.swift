import AsyncHTTPClient
import Forge
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Testing
import WardenCore
import WardenTestSupport

/// `warden serve` with GitLab alone, GitHub alone, or neither configured.
@Suite("warden serve forges", .serialized)
struct ServeForgesTests {
    static let githubSecret = "github-webhook-secret-for-tests"

    @Test("with no forge configured, serve refuses to start with 78 and names both webhook secrets")
    func neitherForge() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let run = try await WardenCommandLineTests.warden(
            ["serve"], environment: ["WARDEN_DATA_DIR": directory.path, "WARDEN_LISTEN": "127.0.0.1:0", "WARDEN_LOG_FORMAT": "text"]
        )
        #expect(run.status == 78, "\(run.error)")
        #expect(run.error.contains("gitlab.webhook_secret or github.webhook_secret"), "\(run.error)")
        #expect(run.error.contains("no forge is configured"), "\(run.error)")
    }

    @Test("with only GitHub's webhook secret, serve starts, stores a signed pull request delivery and serves no GitLab route")
    func githubAlone() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let outputPath = directory.path + "/serve.out"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try BuiltProducts.path("warden"))
        process.arguments = ["serve", "--role", "receiver"]
        process.environment = [
            "WARDEN_DATA_DIR": directory.path, "WARDEN_LISTEN": "127.0.0.1:0", "WARDEN_LOG_FORMAT": "text",
            "WARDEN_GITHUB_WEBHOOK_SECRET": Self.githubSecret, "WARDEN_GITHUB_BOT_LOGIN": "warden-bot[bot]",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/root",
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGTERM) }
            process.waitUntilExit()
        }
        let port = try await ServeWithGatewayTests.waitForPort(outputPath: outputPath, process: process)

        let body = try SharedFixtures.data("github/pull_request_opened.json")
        var delivery = HTTPClientRequest(url: "http://127.0.0.1:\(port)/webhooks/github")
        delivery.method = .POST
        delivery.headers.add(name: "X-GitHub-Event", value: "pull_request")
        delivery.headers.add(name: "X-GitHub-Delivery", value: UUID().uuidString)
        delivery.headers.add(name: GitHubWebhookSignature.headerName, value: GitHubWebhookSignature.header(for: body, secret: Secret(Self.githubSecret)))
        delivery.body = .bytes(ByteBuffer(data: body))
        #expect(try await HTTPClient.shared.execute(delivery, timeout: .seconds(10)).status.code == 202)

        var gitlab = HTTPClientRequest(url: "http://127.0.0.1:\(port)/webhooks/gitlab")
        gitlab.method = .POST
        gitlab.body = .bytes(ByteBuffer(string: "{}"))
        #expect(try await HTTPClient.shared.execute(gitlab, timeout: .seconds(10)).status.code == 404)

        let listed = try await WardenCommandLineTests.warden(["queue", "list", "--json"], environment: ["WARDEN_DATA_DIR": directory.path])
        let jobs = try #require(try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]], "\(listed.error)")
        #expect(jobs.map { $0["id"] as? String } == ["review-github-186853002-2-ec26c3e57ca3a959ca5aad62de7213c562f8c821"])
        #expect(jobs.first?["forge"] as? String == "github")
        #expect(jobs.first?["repository"] as? String == "Codertocat/Hello-World")
    }
}
