import Foundation
import Testing
import WardenTestSupport

/// `warden review <MR URL>`: the built binary against the fake GitLab, git over HTTP and the real codex.
@Suite("warden review end to end", .serialized)
struct ReviewCommandEndToEndTests {
    static func environment(_ harness: ReviewHarness) throws -> [String: String] {
        [
            "WARDEN_DATA_DIR": harness.data.path,
            "WARDEN_LOG_FORMAT": "text",
            "WARDEN_LOG_LEVEL": "warning",
            "WARDEN_GITLAB_URL": harness.gitlabURL,
            "WARDEN_GITLAB_TOKEN": ReviewHarness.token,
            "WARDEN_BOT_USERNAME": ReviewHarness.bot.username,
            "WARDEN_BOT_USER_ID": "\(ReviewHarness.bot.id)",
            "WARDEN_CODEX_BIN": try CodexBinary.path(),
            "WARDEN_CODEX_HOME": harness.home.codexHome,
            "OPENAI_API_KEY": harness.home.apiKey,
        ]
    }

    @Test("--dry-run prints the review and posts nothing; a real run posts it; both exit 1 for findings")
    func reviewCommand() async throws {
        let answer = ReviewHarness.review(summary: ReviewHarness.firstSummary, findings: ReviewHarness.firstFindings)
        let harness = try await ReviewHarness.start(script: [answer, answer])
        defer { Task { await harness.stop() } }
        let url = harness.gitlabURL + "/acme/app/-/merge_requests/1"
        let environment = try Self.environment(harness)

        let dry = try await WardenCommandLineTests.warden(["review", url, "--dry-run"], environment: environment)
        #expect(dry.status == 1, "stderr: \(dry.error)")
        #expect(dry.output.contains("dry run"))
        #expect(dry.output.contains("src/app.py:7 — Division by zero"))
        #expect(dry.output.contains("summary-canary-55d1"))
        #expect(await harness.gitlab.storedNotes(projectID: 7, iid: 1).isEmpty)

        let real = try await WardenCommandLineTests.warden(["review", url], environment: environment)
        #expect(real.status == 1, "stderr: \(real.error)")
        #expect(real.output.contains("Status note: "))
        #expect(try await harness.statusNotes().count == 1)
        #expect(try await harness.findingNotes().count == 3)

        let bad = try await WardenCommandLineTests.warden(["review", harness.gitlabURL + "/acme/app/-/issues/1"], environment: environment)
        #expect(bad.status != 0 && bad.status != 1)
    }

    @Test("a model answer that quotes Codex's auth.json, the provider key or an AWS key is posted with [redacted] instead")
    func outputFilter() async throws {
        let refreshToken = "rt_canary-refresh-token-7e3b19d2a4"
        let awsKey = "AKIA" + "Z7XQ3MBN5HKWP2RT"
        let harness = try await ReviewHarness.start(script: [
            ReviewHarness.review(
                summary: "Found your config: refresh_token=\(refreshToken), key \(awsKey).",
                findings: [ReviewHarness.Finding(title: "Leaks \(refreshToken)", line: 7)]
            )
        ])
        defer { Task { await harness.stop() } }
        try #"{"auth_mode":"chatgpt","tokens":{"refresh_token":"\#(refreshToken)"}}"#.write(
            toFile: harness.home.codexHome + "/auth.json", atomically: true, encoding: .utf8
        )
        var environment = try Self.environment(harness)
        environment["WARDEN_LOG_LEVEL"] = "info"
        let run = try await WardenCommandLineTests.warden(["review", harness.gitlabURL + "/acme/app/-/merge_requests/1"], environment: environment)
        #expect(run.status == 1, "stderr: \(run.error)")
        let notes = await harness.gitlab.storedNotes(projectID: 7, iid: 1)
        #expect(!notes.isEmpty)
        for note in notes {
            let visible = note.body.replacingOccurrences(of: "\\", with: "")
            #expect(!visible.contains(refreshToken) && !visible.contains(awsKey), "\(note.body)")
        }
        #expect(notes.contains { $0.body.contains("[redacted]") })
        #expect(run.error.contains("secrets redacted from output"))
        #expect(!run.error.contains(refreshToken))
    }

    @Test("behind proxies: GitLab and git go through proxy.url, the model through codex.https_proxy, each only to its own hosts")
    func throughProxies() async throws {
        let modelHost = "model.warden.test"
        let answer = ReviewHarness.review(summary: ReviewHarness.firstSummary, findings: ReviewHarness.firstFindings)
        let harness = try await ReviewHarness.start(script: [answer], modelHost: modelHost)
        defer { Task { await harness.stop() } }
        func authority(_ url: String) throws -> String {
            let components = try #require(URLComponents(string: url))
            return "\(try #require(components.host)):\(try #require(components.port))"
        }
        let gitlab = try authority(harness.gitlabURL)
        let git = try authority(try await harness.gitServer.url(for: "acme/app.git"))
        let model = "\(modelHost):\(try #require(await harness.model.port))"
        let wardenProxy = try await ForwardProxy.start(allowedAuthorities: [gitlab, git])
        let codexProxy = try await ForwardProxy.start(allowedAuthorities: [model], hosts: [modelHost: "127.0.0.1"])
        defer { Task { await wardenProxy.stop(); await codexProxy.stop() } }
        var environment = try Self.environment(harness)
        environment["WARDEN_HTTPS_PROXY"] = wardenProxy.url
        environment["WARDEN_NO_PROXY"] = "nothing.invalid"  // loopback, the default, would bypass the test's proxy
        environment["WARDEN_CODEX_HTTPS_PROXY"] = codexProxy.url
        environment["HTTPS_PROXY"] = "http://127.0.0.1:9"  // Warden's own environment must not reach codex

        let run = try await WardenCommandLineTests.warden(["review", harness.gitlabURL + "/acme/app/-/merge_requests/1"], environment: environment)
        #expect(run.status == 1, "stderr: \(run.error)")
        #expect(try await harness.statusNotes().count == 1)

        let wardenTraffic = wardenProxy.entries
        // AsyncHTTPClient tunnels every request through a proxy with CONNECT, plain http too.
        #expect(wardenTraffic.contains { $0.authority == gitlab && $0.method == "CONNECT" }, "\(wardenTraffic)")
        #expect(wardenTraffic.contains { $0.authority == git && $0.path?.contains("/info/refs") == true })
        #expect(wardenTraffic.allSatisfy { $0.allowed }, "\(wardenTraffic)")
        let codexTraffic = codexProxy.entries
        #expect(codexTraffic.contains { $0.method == "POST" && $0.path == "/v1/responses" })
        // codex 0.163 also tries ab.chatgpt.com:443, which this proxy refuses as the deployment's would.
        #expect(codexTraffic.filter(\.allowed).allSatisfy { $0.authority == model }, "\(codexTraffic)")
        #expect(!codexTraffic.contains { $0.authority == gitlab || $0.authority == git })
        #expect(!wardenTraffic.contains { $0.authority == model })
    }
}
