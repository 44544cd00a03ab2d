import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Testing
import WardenTestSupport

/// `warden serve` when GitLab cannot be reached at start (its egress proxy not up yet, GitLab in maintenance): the
/// receiver answers and stores deliveries at once, the workers start once GitLab answers, and a refused token still
/// stops `serve` with 78.
@Suite("warden serve start-up", .serialized)
struct ServeStartupTests {
    struct Serve {
        let process: Process
        let port: Int
        let logPath: String

        var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

        static func start(_ harness: ReviewHarness, environment extra: [String: String]) async throws -> Serve {
            let outputPath = harness.data.path + "/serve.out"
            let logPath = harness.data.path + "/serve.log"
            _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try BuiltProducts.path("warden"))
            process.arguments = ["serve"]
            var environment = try ReviewCommandEndToEndTests.environment(harness)
            environment.merge(["WARDEN_LISTEN": "127.0.0.1:0", "WARDEN_GITLAB_WEBHOOK_SECRET": ReviewHarness.webhookSecret]) { $1 }
            environment.merge(extra) { $1 }
            environment["PATH"] = ProcessInfo.processInfo.environment["PATH"]
            environment["HOME"] = ProcessInfo.processInfo.environment["HOME"]
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            try process.run()
            let port = try await ServeWithGatewayTests.waitForPort(outputPath: outputPath, process: process)
            return Serve(process: process, port: port, logPath: logPath)
        }

        func get(_ path: String) async throws -> Int {
            Int(try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(10)).status.code)
        }

        func deliverOpened(headSHA: String) async throws -> Int {
            var hook = HTTPClientRequest(url: "http://127.0.0.1:\(port)/webhooks/gitlab")
            hook.method = .POST
            hook.headers.add(name: "X-Gitlab-Event", value: "Merge Request Hook")
            hook.headers.add(name: "X-Gitlab-Token", value: ReviewHarness.webhookSecret)
            hook.body = .bytes(ReviewHarness.mergeRequestEvent(action: "open", headSHA: headSHA))
            return Int(try await HTTPClient.shared.execute(hook, timeout: .seconds(10)).status.code)
        }

        func waitForLog(_ text: String, timeout: Duration = .seconds(30)) async throws {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if log.contains(text) { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            Issue.record("serve never logged \"\(text)\":\n\(log)")
        }

        func stop() {
            if process.isRunning { kill(process.processIdentifier, SIGTERM) }
            process.waitUntilExit()
        }
    }

    static func authority(_ url: String) throws -> String {
        let components = try #require(URLComponents(string: url))
        return "\(try #require(components.host)):\(try #require(components.port))"
    }

    @Test("GitLab unreachable at start: deliveries are taken at once, and reviewed once GitLab answers")
    func gitLabUnreachableAtStart() async throws {
        let answer = ReviewHarness.review(summary: ReviewHarness.firstSummary, findings: ReviewHarness.firstFindings)
        let harness = try await ReviewHarness.start(script: [answer])
        defer { Task { await harness.stop() } }
        let proxy = try await ForwardProxy.start(allowedAuthorities: [])  // the egress proxy refuses everything, for now
        defer { Task { await proxy.stop() } }
        let serve = try await Serve.start(harness, environment: ["WARDEN_HTTPS_PROXY": proxy.url, "WARDEN_NO_PROXY": "nothing.invalid"])
        defer { serve.stop() }

        // The identity call is held at the proxy: the receiver is up all the same.
        let gitlab = try Self.authority(harness.gitlabURL)
        let deadline = ContinuousClock.now + .seconds(30)
        while !proxy.entries.contains(where: { $0.authority == gitlab && !$0.allowed }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(proxy.entries.contains { $0.authority == gitlab && !$0.allowed })
        #expect(try await serve.get("/healthz") == 200)
        #expect(try await serve.deliverOpened(headSHA: harness.headSHA) == 202)
        #expect(try await harness.statusNotes().isEmpty)
        #expect(serve.process.isRunning)

        proxy.allow([gitlab, try Self.authority(try await harness.gitServer.url(for: "acme/app.git"))])
        try await harness.waitForJob("review-7-1-\(harness.headSHA)")
        #expect(try await harness.statusNotes().count == 1)
        serve.stop()
        #expect(serve.process.terminationStatus == 0)
    }

    @Test("a token GitLab refuses stops serve with 78 and says why")
    func refusedToken() async throws {
        let harness = try await ReviewHarness.start(script: [])
        defer { Task { await harness.stop() } }
        var environment = try ReviewCommandEndToEndTests.environment(harness)
        environment.merge(
            ["WARDEN_LISTEN": "127.0.0.1:0", "WARDEN_GITLAB_WEBHOOK_SECRET": ReviewHarness.webhookSecret, "WARDEN_GITLAB_TOKEN": "glpat-not-the-bots-token"]
        ) { $1 }
        let outcome = try await WardenCommandLineTests.warden(["serve"], environment: environment)
        #expect(outcome.status == 78, "\(outcome.error)")
        #expect(outcome.error.contains("refusing to start"))
        #expect(!outcome.error.contains("glpat-not-the-bots-token"))
    }
}
