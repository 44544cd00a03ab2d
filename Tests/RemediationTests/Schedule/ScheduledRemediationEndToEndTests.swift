import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import WardenTestSupport
import _CryptoExtras

/// `[[remediate.schedule]]` inside `warden serve` (the built binary): fake GitLab, git over HTTP, the real codex and a
/// scripted model that edits a file.
@Suite("Scheduled remediation in warden serve", .serialized)
struct ScheduledRemediationEndToEndTests {
    /// A started `warden serve` and where its output goes.
    struct Serve {
        let process: Process
        let outputPath: String
        let logPath: String

        static func start(configuration: String, harness: RemediationHarness) throws -> Serve {
            try start(
                configuration: configuration, data: harness.data.path,
                environment: harness.home.environment().merging([
                    "WARDEN_GITLAB_URL": harness.gitLabURL,
                    "WARDEN_GITLAB_TOKEN": harness.gitLab.token,
                    "WARDEN_GITLAB_WEBHOOK_SECRET": "hook-secret-of-16-chars",
                    "WARDEN_CODEX_HOME": harness.home.codexHome,
                ]) { $1 }
            )
        }

        /// Starts `warden serve --config <data>/warden.toml` with `environment` and the listener, data and codex settings.
        static func start(configuration: String, data: String, environment: [String: String]) throws -> Serve {
            let configPath = data + "/warden.toml"
            try configuration.write(toFile: configPath, atomically: true, encoding: .utf8)
            let serve = Serve(process: Process(), outputPath: data + "/serve.out", logPath: data + "/serve.log")
            _ = FileManager.default.createFile(atPath: serve.outputPath, contents: nil)
            _ = FileManager.default.createFile(atPath: serve.logPath, contents: nil)
            serve.process.executableURL = URL(fileURLWithPath: try BuiltProducts.path("warden"))
            serve.process.arguments = ["serve", "--config", configPath]
            serve.process.environment = environment.merging([
                "WARDEN_LISTEN": "127.0.0.1:0",
                "WARDEN_DATA_DIR": data + "/serve",
                "WARDEN_LOG_FORMAT": "text",
                "WARDEN_CODEX_BIN": try CodexBinary.path(),
            ]) { $1 }
            serve.process.standardInput = FileHandle.nullDevice
            serve.process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: serve.outputPath))
            serve.process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: serve.logPath))
            try serve.process.run()
            return serve
        }

        var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

        /// The port from the "listening" line, once it is printed.
        var port: Int? {
            let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            return output.split(separator: "\n").first { $0.hasPrefix("warden serve listening on port ") }
                .flatMap { Int($0.split(separator: " ").last ?? "") }
        }

        /// `GET /healthz`'s `schedule` array.
        func schedule() async throws -> [[String: Any]] {
            let port = try #require(port)
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/healthz"), timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 20)
            let json = try JSONSerialization.jsonObject(with: Data(String(buffer: body).utf8)) as? [String: Any]
            return json?["schedule"] as? [[String: Any]] ?? []
        }

        func stop() -> Int32 {
            if process.isRunning { kill(process.processIdentifier, SIGTERM) }
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    /// Polls `condition` every 200 ms until it holds or `timeout` passes.
    static func eventually(_ timeout: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try await condition()
    }

    static func configuration(repo: String, cron: String, source: String = "gitlab-issues:security") -> String {
        """
        [remediate]
        test_command = ["sh", "-c", "! grep -rq --exclude-dir=.git BROKEN ."]

        [[remediate.schedule]]
        repo = "\(repo)"
        source = "\(source)"
        cron = "\(cron)"
        """
    }

    static func repo(_ harness: RemediationHarness) -> String {
        (harness.gitLabURL.hasSuffix("/") ? String(harness.gitLabURL.dropLast()) : harness.gitLabURL) + "/acme/app"
    }

    @Test("a schedule due within the minute runs inside warden serve: a draft merge request, and /healthz shows the entry", .timeLimit(.minutes(4)))
    func scheduledRunOpensADraftMergeRequest() async throws {
        let harness = try await RemediationHarness.start(
            script: [RemediationHarness.addFile("escape.txt", ["query uses bound parameters now"]), .message("Switched the query to bound parameters.")],
            oneToken: true
        )
        defer { Task { await harness.stop() } }
        await harness.gitLab.addIssue(
            projectID: 1, iid: 7, title: "SQL injection in login", description: "The login query concatenates user input.", labels: ["security"]
        )
        let serve = try Serve.start(configuration: Self.configuration(repo: Self.repo(harness), cron: "* * * * *"), harness: harness)
        defer { _ = serve.stop() }
        #expect(try await Self.eventually(.seconds(60)) { serve.port != nil }, "serve did not start: \(serve.log)")

        let before = try #require(try await serve.schedule().first)
        #expect(before["repo"] as? String == Self.repo(harness))
        #expect(before["source"] as? String == "gitlab-issues:security")
        #expect(before["cron"] as? String == "* * * * *")
        let nextRun = try #require(before["next_run"] as? String)
        let due = try #require(ISO8601DateFormatter().date(from: nextRun))
        #expect(nextRun.hasSuffix(":00Z") && due > Date() && due <= Date().addingTimeInterval(61))

        // Due within the minute; then Codex fixes the issue and the fix goes through the gate.
        let opened = try await Self.eventually(.seconds(150)) { await !harness.gitLab.calls(to: .createMergeRequest).isEmpty }
        #expect(opened, "no merge request: \(serve.log)")
        let call = try #require(await harness.gitLab.calls(to: .createMergeRequest).first)
        #expect(call.json?["source_branch"]?.string == "fix/issue-7")
        let pushed = try await harness.repository.contents(of: "escape.txt", at: "refs/heads/fix/issue-7")
        #expect(pushed?.hasPrefix("query uses bound parameters now") == true)

        let finished = try await Self.eventually(.seconds(30)) { try await serve.schedule().first?["last_outcome"] as? String == "succeeded" }
        let shown = try await serve.schedule()
        #expect(finished, "\(shown)")
        let after = try #require(try await serve.schedule().first)
        let started = try #require((after["last_started_at"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) })
        #expect(started >= due)
        let next = try #require((after["next_run"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) })
        #expect(next > due)
        #expect(serve.stop() == 0)
    }

    @Test(
        "a schedule on a GitHub repository runs inside warden serve: a Dependabot alert in, a draft pull request out",
        .timeLimit(.minutes(4))
    )
    func scheduledRunOnGitHub() async throws {
        let harness = try await GitHubRemediationHarness.start(script: [GitHubRemediationTests.fixed, .message("Pinned lodash to 4.17.21.")])
        defer { Task { await harness.stop() } }
        await harness.github.addDependabotAlerts(repository: GitHubRemediationHarness.fullName, [GitHubRemediationHarness.lodashAlert()])
        let keyFile = harness.data.path + "/app-key.pem"
        try harness.key.pemRepresentation.write(toFile: keyFile, atomically: true, encoding: .utf8)
        // The API's host is the web host of a GitHub Enterprise Server.
        let repo = harness.apiURL + "/acme/app"
        let serve = try Serve.start(
            configuration: Self.configuration(repo: repo, cron: "* * * * *", source: "github-dependabot:high,critical"),
            data: harness.data.path,
            environment: harness.home.environment().merging([
                "WARDEN_GITHUB_API_URL": harness.apiURL,
                "WARDEN_GITHUB_APP_ID": "\(GitHubRemediationHarness.appID)",
                "WARDEN_GITHUB_PRIVATE_KEY_FILE": keyFile,
                "WARDEN_GITHUB_BOT_LOGIN": GitHubRemediationHarness.botLogin,
                "WARDEN_GITHUB_WEBHOOK_SECRET": "hook-secret-of-16-chars",
                "WARDEN_CODEX_HOME": harness.home.codexHome,
            ]) { $1 }
        )
        defer { _ = serve.stop() }
        #expect(try await Self.eventually(.seconds(60)) { serve.port != nil }, "serve did not start: \(serve.log)")
        let entry = try #require(try await serve.schedule().first)
        #expect(entry["source"] as? String == "github-dependabot:high,critical")

        let opened = try await Self.eventually(.seconds(150)) {
            await !harness.github.storedPullRequests(repository: GitHubRemediationHarness.fullName).isEmpty
        }
        #expect(opened, "no pull request: \(serve.log)")
        let pull = try #require(await harness.github.storedPullRequests(repository: GitHubRemediationHarness.fullName).first)
        #expect(pull.draft && pull.title == "fix: Command injection in lodash" && pull.headRef == "fix/GHSA-35jh-r3h4-6jhm")
        #expect(pull.authorLogin == GitHubRemediationHarness.botLogin)
        #expect(pull.body.contains("Dependabot alert number 3"))
        let pushed = try await harness.repository.contents(of: "escape.txt", at: "refs/heads/fix/GHSA-35jh-r3h4-6jhm")
        #expect(pushed?.hasPrefix("lodash pinned to 4.17.21") == true)
        let finished = try await Self.eventually(.seconds(30)) { try await serve.schedule().first?["last_outcome"] as? String == "succeeded" }
        let shown = try await serve.schedule()
        #expect(finished, "\(shown)")
        for token in await harness.github.installationTokenValues() { #expect(!serve.log.contains(token)) }
        #expect(serve.stop() == 0)
    }

    @Test(
        "an entry that cannot run stops warden serve at start-up with exit status 78 naming the entry",
        arguments: [
            ("a repository on another host", "https://gitlab.elsewhere.example/acme/app", "@daily", "gitlab-issues:security", "not a project address"),
            ("a cron with an hour out of range", nil, "0 24 * * *", "gitlab-issues:security", "hour \"24\""),
            ("an unknown source", nil, "@daily", "jira:SEC", "unknown source \"jira:SEC\""),
        ] as [(String, String?, String, String, String)]
    )
    func badEntryIsRefused(name: String, repo: String?, cron: String, source: String, reason: String) async throws {
        let harness = try await RemediationHarness.start(script: [], oneToken: true)
        defer { Task { await harness.stop() } }
        let serve = try Serve.start(
            configuration: Self.configuration(repo: repo ?? Self.repo(harness), cron: cron, source: source), harness: harness
        )
        serve.process.waitUntilExit()
        #expect(serve.process.terminationStatus == 78, "\(name): \(serve.log)")
        #expect(serve.log.contains("remediate.schedule"), "\(serve.log)")
        #expect(serve.log.contains("entry 1"), "\(serve.log)")
        #expect(serve.log.contains(reason), "\(serve.log)")
    }
}
