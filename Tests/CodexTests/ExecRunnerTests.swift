import Foundation
import Testing
import WardenTestSupport

@testable import Codex

/// `codex exec` for real, against the scripted model server. Serialized: each run starts the 300 MB
/// codex binary, and the machine is small.
@Suite("ExecRunner", .serialized)
struct ExecRunnerTests {
    /// One test's model server, codex home and runner.
    struct Harness {
        let server: ScriptedModelServer
        let home: TestCodexHome
        let runner: ExecRunner
        let runDirectories: String

        static let providerKey = "sk-warden-provider-key-7f3a"

        static func start(
            _ script: [ModelTurn],
            parentExtras: [String: String] = [:],
            overrides: [CodexArguments.Override] = [],
            gracePeriod: Duration = .seconds(2)
        ) async throws -> Harness {
            let server = ScriptedModelServer(script: script)
            let port = try await server.start()
            let home = try TestCodexHome(modelServerPort: port, apiKey: providerKey)
            let runDirectories = home.root + "/runs"
            try FileManager.default.createDirectory(atPath: runDirectories, withIntermediateDirectories: true)
            let runner = ExecRunner(
                executable: try CodexBinary.path(),
                arguments: CodexArguments(model: "gpt-5.5", overrides: overrides),
                parentEnvironment: home.environment().merging(parentExtras) { _, extra in extra },
                gracePeriod: gracePeriod,
                temporaryDirectory: runDirectories
            )
            return Harness(server: server, home: home, runner: runner, runDirectories: runDirectories)
        }

        func request(_ prompt: String, resume: String? = nil, previousTotal: TokenUsage? = nil, timeout: Duration = .seconds(90)) -> ExecRequest {
            ExecRequest(prompt: prompt, workingDirectory: home.workDirectory, resumeThread: resume, previousTotal: previousTotal, timeout: timeout)
        }

        /// Whether every private run directory was removed.
        var runDirectoriesAreGone: Bool {
            ((try? FileManager.default.contentsOfDirectory(atPath: runDirectories)) ?? ["unreadable"]).isEmpty
        }

        func stop() async {
            await server.stop()
            try? home.remove()
        }
    }

    static let standardUsage = TokenUsage(inputTokens: 100, cachedInputTokens: 20, outputTokens: 7, reasoningOutputTokens: 3)

    @Test("returns the thread id, final message and usage of a turn")
    func simpleTurn() async throws {
        let harness = try await Harness.start([.message("Hello from the scripted model.", reasoning: "thinking")])
        defer { Task { await harness.stop() } }
        let events = EventLog()
        let result = try await harness.runner.run(harness.request("say \"hi\"\nplease")) { await events.append($0) }

        #expect(result.finalMessage == "Hello from the scripted model.")
        #expect(result.totalUsage == Self.standardUsage)
        #expect(result.turnUsage == Self.standardUsage)
        #expect(result.items.contains { $0.kind == .reasoning(text: "thinking") })
        let streamed = await events.events
        #expect(streamed.first == .threadStarted(threadID: result.threadID.rawValue))
        #expect(streamed.last == .turnCompleted(usage: Self.standardUsage))
        let request = try #require(await harness.server.requests.first { $0.path.hasSuffix("/responses") })
        #expect(String(decoding: request.body, as: UTF8.self).contains(#"say \"hi\"\nplease"#))
        #expect(harness.runDirectoriesAreGone)
    }

    @Test("decodes a structured answer and sends the schema to the model")
    func structuredTurn() async throws {
        let harness = try await Harness.start([.structured(#"{"score":7}"#)])
        defer { Task { await harness.stop() } }
        let result = try await harness.runner.run(harness.request("rate it"), expecting: Verdict.self)

        #expect(result.output == Verdict(score: 7))
        let request = try #require(await harness.server.requests.first { $0.path.hasSuffix("/responses") })
        #expect(request.json?["text"]?["format"]?["type"]?.string == "json_schema")
        #expect(request.json?["text"]?["format"]?["schema"]?["required"]?[0]?.string == "score")
        #expect(harness.runDirectoriesAreGone)
    }

    @Test("fails a malformed structured answer as invalid output")
    func malformedStructuredTurn() async throws {
        let harness = try await Harness.start([.structured("not json at all")])
        defer { Task { await harness.stop() } }
        let error = await #expect(throws: CodexError.self) {
            try await harness.runner.run(harness.request("rate it"), expecting: Verdict.self)
        }
        #expect(error?.metricLabel == "invalid_output")
        #expect(harness.runDirectoriesAreGone)
    }

    @Test("resumes a thread with its history and reports the turn's own usage")
    func resumedTurn() async throws {
        let harness = try await Harness.start([.message("first answer: 42"), .message("second answer, I remember 42")])
        defer { Task { await harness.stop() } }
        let first = try await harness.runner.run(harness.request("what is the answer?"))
        let second = try await harness.runner.run(
            harness.request("do you remember?", resume: first.threadID.rawValue.uppercased(), previousTotal: first.totalUsage)
        )

        #expect(second.threadID == first.threadID)
        #expect(second.finalMessage == "second answer, I remember 42")
        #expect(second.totalUsage.inputTokens == 200)
        #expect(second.turnUsage == Self.standardUsage)
        let requests = await harness.server.requests.filter { $0.path.hasSuffix("/responses") && $0.method == "POST" }
        try #require(requests.count == 2)
        let history = String(decoding: requests[1].body, as: UTF8.self)
        #expect(history.contains("what is the answer?"))
        #expect(history.contains("first answer: 42"))
        #expect(history.contains("do you remember?"))
    }

    @Test(
        "refuses a thread id that is not a UUID without starting anything",
        arguments: ["no-such-thread", "--last", "", "01a200df-8585-7130-97e8-363355a64b96 x"]
    )
    func invalidThreadID(_ thread: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-codex-test-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A binary that does not exist: spawning would fail as spawn_failed, not invalid_thread_id.
        let runner = ExecRunner(
            executable: directory + "/no-codex-here",
            arguments: CodexArguments(model: "gpt-5.5"),
            parentEnvironment: [:],
            temporaryDirectory: directory
        )
        let error = await #expect(throws: CodexError.self) {
            try await runner.run(ExecRequest(prompt: "x", workingDirectory: directory, resumeThread: thread))
        }
        #expect(error?.metricLabel == "invalid_thread_id")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test("keeps Warden's secrets and the provider key out of the model's shell")
    func environmentIsScrubbed() async throws {
        let secrets = [
            "WARDEN_GITLAB_TOKEN": "glpat-canary-gitlab-91c2",
            "WARDEN_GATEWAY_API_KEY": "gw-canary-gateway-55d0",
            "CANARY_SECRET": "canary-plain-variable-3e1b",
        ]
        let harness = try await Harness.start(
            [.exec("env", login: false), .message("Tool said:\n{{last_tool_output}}")],
            parentExtras: secrets.merging(["LANG": "C.UTF-8"]) { first, _ in first }
        )
        defer { Task { await harness.stop() } }
        let result = try await harness.runner.run(harness.request("run env"))

        let requests = await harness.server.requests.filter { $0.path.hasSuffix("/responses") && $0.method == "POST" }
        try #require(requests.count == 2)
        let output = try #require(harness.server.toolOutputs(in: requests[1]).last)
        #expect(output.contains("LANG=C.UTF-8"), "the model's shell should see allowed variables")
        for (name, value) in secrets {
            #expect(!output.contains(value), "\(name) reached the model's shell")
        }
        #expect(!output.contains(Harness.providerKey), "the provider key reached the model's shell")
        #expect(result.finalMessage?.contains("LANG=C.UTF-8") == true)
    }

    @Test("hands hostile -c values to codex verbatim")
    func hostileOverrideRoundTrip() async throws {
        let hostile = "q\"uote\\back\\\"]}\nnew line\ttab ünï 🚀 ' $(id) `id`"
        let harness = try await Harness.start(
            [.exec("printenv TOML_PROBE", login: false), .message("{{last_tool_output}}")],
            overrides: [.init("shell_environment_policy.set.TOML_PROBE", .string(hostile))]
        )
        defer { Task { await harness.stop() } }
        _ = try await harness.runner.run(harness.request("print it"))

        let requests = await harness.server.requests.filter { $0.path.hasSuffix("/responses") && $0.method == "POST" }
        try #require(requests.count == 2)
        let output = try #require(harness.server.toolOutputs(in: requests[1]).last)
        #expect(output.contains("\n" + hostile + "\n"))
    }

    struct FailureCase: Sendable, CustomTestStringConvertible {
        let name: String
        let turn: ModelTurn
        let label: String
        var testDescription: String { name }
    }

    @Test(
        "classifies provider failures",
        arguments: [
            FailureCase(
                name: "401",
                turn: .httpError(status: 401, body: #"{"error":{"message":"Incorrect API key provided: sk-warden-provider-key-7f3a"}}"#),
                label: "authentication"
            ),
            FailureCase(
                name: "429 without retry-after",
                turn: .httpError(status: 429, body: #"{"error":{"message":"slow down"}}"#),
                label: "usage_limit"
            ),
            FailureCase(
                name: "context window",
                turn: .failed(code: "context_length_exceeded", message: "Your input exceeds the context window of this model."),
                label: "context_window"
            ),
        ]
    )
    func classifiesFailures(_ row: FailureCase) async throws {
        let harness = try await Harness.start([row.turn], gracePeriod: .seconds(1))
        defer { Task { await harness.stop() } }
        let error = await #expect(throws: CodexError.self) {
            try await harness.runner.run(harness.request("hello"))
        }
        #expect(error?.metricLabel == row.label)
        #expect(error?.exitStatus == 1)
        #expect(error.map { !$0.description.contains(Harness.providerKey) && !$0.stderrTail.contains(Harness.providerKey) } == true)
    }

    struct LimitCase: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        let kind: UsageLimit.Kind
        var testDescription: String { name }
    }

    @Test(
        "classifies the provider's limits as usage limits of the seat",
        arguments: [
            LimitCase(
                name: "insufficient_quota",
                body: #"{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","code":"insufficient_quota"}}"#,
                kind: .quota
            ),
            LimitCase(
                name: "rate_limit_exceeded without retry-after",
                body: #"{"error":{"message":"Rate limit reached for requests","type":"requests","code":"rate_limit_exceeded"}}"#,
                kind: .rateLimit
            ),
            LimitCase(
                name: "usage_limit_reached without a reset time",
                body: #"{"error":{"type":"usage_limit_reached","message":"The usage limit has been reached","plan_type":"plus"}}"#,
                kind: .plan
            ),
        ]
    )
    func classifiesLimits(_ row: LimitCase) async throws {
        let harness = try await Harness.start([.httpError(status: 429, body: row.body)], gracePeriod: .seconds(1))
        defer { Task { await harness.stop() } }
        let error = await #expect(throws: CodexError.self) {
            try await harness.runner.run(harness.request("hello"))
        }
        #expect(error?.code == .usageLimit, "\(error?.message ?? "")")
        #expect(error?.usageLimit?.kind == row.kind)
        #expect(error?.usageLimit?.resetsAt == nil)
    }

    @Test("reads a plan limit's reset time from codex's message, in the time zone Warden gives codex")
    func planLimitResetTime() async throws {
        let resetsAt = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 600).rounded())
        let body = #"{"error":{"type":"usage_limit_reached","message":"The usage limit has been reached","plan_type":"plus","resets_at":\#(Int(resetsAt.timeIntervalSince1970)),"resets_in_seconds":600}}"#
        let harness = try await Harness.start([.httpError(status: 429, body: body)], parentExtras: ["TZ": "Asia/Kolkata"], gracePeriod: .seconds(1))
        defer { Task { await harness.stop() } }
        let error = await #expect(throws: CodexError.self) {
            try await harness.runner.run(harness.request("hello"))
        }
        #expect(error?.code == .usageLimit, "\(error?.message ?? "")")
        #expect(error?.usageLimit?.kind == .plan)
        let reset = try #require(error?.usageLimit?.resetsAt, "\(error?.message ?? "")")
        // Minute precision: never before the real reset, and within the minute codex names.
        #expect(reset >= resetsAt && reset <= resetsAt.addingTimeInterval(90), "\(reset) for \(resetsAt): \(error?.message ?? "")")
        #expect(await harness.server.requests.count == 1, "codex does not retry a usage limit")
    }

    @Test("tells the rate-limit monitor the seat's usage windows that the provider's headers carried during the run")
    func reportsRateLimits() async throws {
        let resetsAt = Int(Date().timeIntervalSince1970) + 3600
        let harness = try await Harness.start([
            ModelTurn.message("Hello.").with(headers: [
                "x-codex-primary-used-percent": "42.5", "x-codex-primary-window-minutes": "300", "x-codex-primary-reset-at": "\(resetsAt)",
                "x-codex-secondary-used-percent": "91", "x-codex-secondary-window-minutes": "10080",
                "x-codex-secondary-reset-at": "\(resetsAt + 86400)",
            ])
        ])
        defer { Task { await harness.stop() } }
        let monitor = RateLimitMonitor(reservePercent: 10)
        let runner = ExecRunner(
            executable: harness.runner.executable,
            arguments: harness.runner.arguments,
            parentEnvironment: harness.runner.parentEnvironment,
            temporaryDirectory: harness.runDirectories,
            rateLimits: monitor
        )
        _ = try await runner.run(harness.request("hello"))
        let snapshot = try #require(await monitor.snapshot)
        #expect(snapshot.windows.map(\.name) == ["primary", "secondary"])
        #expect(snapshot.windows.map(\.usedPercent) == [42.5, 91])
        #expect(snapshot.windows.map(\.windowMinutes) == [300, 10080])
        #expect(snapshot.windows.first?.resetsAt == Date(timeIntervalSince1970: TimeInterval(resetsAt)))
        #expect(await monitor.blockingWindow()?.name == "secondary", "the weekly window is within the 10 % reserve")
    }

    @Test("stops a hanging turn at the timeout and leaves no process of the run behind")
    func timeout() async throws {
        let harness = try await Harness.start([.hang], gracePeriod: .seconds(1))
        defer { Task { await harness.stop() } }
        let leader = LeaderWatch(workDirectory: harness.home.workDirectory)
        async let watch: Int32? = leader.find(within: .seconds(60))
        let error = await #expect(throws: CodexError.self) {
            try await harness.runner.run(harness.request("hang", timeout: .seconds(5)))
        }
        #expect(error?.metricLabel == "timeout")
        let pid = try #require(await watch, "the codex process was never seen")
        #expect(await ProcessGroup(id: pid).becomesEmpty(within: .seconds(10)), "a process of the run's group survived")
        #expect(!FileManager.default.fileExists(atPath: "/proc/\(pid)"), "the codex process is still there")
        #expect(harness.runDirectoriesAreGone)
    }

    @Test("stops the run's process group when the calling task is cancelled")
    func cancellation() async throws {
        let harness = try await Harness.start([.hang], gracePeriod: .seconds(1))
        defer { Task { await harness.stop() } }
        let leader = LeaderWatch(workDirectory: harness.home.workDirectory)
        let run = Task { try await harness.runner.run(harness.request("hang", timeout: .seconds(120))) }
        let pid = try #require(await leader.find(within: .seconds(60)), "the codex process was never seen")
        _ = try await harness.server.waitForRequests(count: 1)
        run.cancel()
        let result = await run.result
        #expect(throws: CodexError.cancelled) { try result.get() }
        #expect(await ProcessGroup(id: pid).becomesEmpty(within: .seconds(10)), "a process of the run's group survived")
    }
}

/// The runner against small shell scripts standing in for codex: the paths real codex does not take
/// on request (another thread on resume, a child that ignores SIGTERM, a missing binary).
@Suite("ExecRunner with a stand-in binary")
struct ExecRunnerStandInTests {
    static let requested = "01a200df-8585-7130-97e8-363355a64b96"

    /// Writes `script` as an executable stand-in for codex in a fresh directory.
    static func standIn(_ script: String) throws -> (runner: ExecRunner, directory: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-codex-standin-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory + "/runs", withIntermediateDirectories: true)
        let binary = directory + "/codex"
        let written = FileManager.default.createFile(
            atPath: binary,
            contents: Data(("#!/bin/sh\n" + script).utf8),
            attributes: [.posixPermissions: 0o755]
        )
        try #require(written)
        let runner = ExecRunner(
            executable: binary,
            // A policy with apply_patch needs no model catalogue, which the stand-in cannot print.
            arguments: CodexArguments(model: "gpt-5.5", tools: .remediation),
            parentEnvironment: ["PATH": "/usr/bin:/bin"],
            gracePeriod: .milliseconds(300),
            temporaryDirectory: directory + "/runs"
        )
        return (runner, directory)
    }

    @Test("fails when codex reports another thread than the one to resume, and stops it at once")
    func threadMismatch() async throws {
        let (runner, directory) = try Self.standIn(
            """
            echo '{"type":"thread.started","thread_id":"11111111-2222-3333-4444-555555555555"}'
            exec sleep 60
            """
        )
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let error = await #expect(throws: CodexError.self) {
            try await runner.run(ExecRequest(prompt: "x", workingDirectory: directory, resumeThread: Self.requested, timeout: .seconds(50)))
        }
        #expect(error?.metricLabel == "thread_mismatch")
    }

    @Test("kills what codex left running, even a child that ignores SIGTERM, once the run ends")
    func leftoverChild() async throws {
        let marker = "leftover-\(UUID())"
        let (runner, directory) = try Self.standIn(
            """
            sh -c 'trap "" TERM; sleep 60; : \(marker)' >/dev/null 2>&1 &
            echo '{"type":"thread.started","thread_id":"\(Self.requested)"}'
            echo '{"type":"turn.failed","error":{"message":"unexpected status 401 Unauthorized: bad key"}}'
            exit 1
            """
        )
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let error = await #expect(throws: CodexError.self) {
            try await runner.run(ExecRequest(prompt: "x", workingDirectory: directory, timeout: .seconds(50)))
        }
        #expect(error?.metricLabel == "authentication")
        let survivors = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).filter { entry in
            guard Int32(entry) != nil, let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return false }
            return String(decoding: data, as: UTF8.self).contains(marker)
        }
        #expect(survivors.isEmpty)
    }

    @Test("fails as an incomplete run when codex exits 0 without turn.completed, with the stderr tail")
    func exitWithoutCompletion() async throws {
        let (runner, directory) = try Self.standIn(
            """
            echo '{"type":"thread.started","thread_id":"\(Self.requested)"}'
            echo 'some diagnostics' >&2
            exit 0
            """
        )
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let error = await #expect(throws: CodexError.self) {
            try await runner.run(ExecRequest(prompt: "x", workingDirectory: directory))
        }
        #expect(error?.metricLabel == "other")
        #expect(error?.exitStatus == 0)
        #expect(error?.stderrTail.contains("some diagnostics") == true)
    }

    @Test("reports a binary that cannot be started as a spawn failure")
    func missingBinary() async throws {
        let (_, directory) = try Self.standIn("exit 0")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runner = ExecRunner(
            executable: directory + "/missing",
            arguments: CodexArguments(model: "gpt-5.5"),
            parentEnvironment: [:],
            temporaryDirectory: directory + "/runs"
        )
        let error = await #expect(throws: CodexError.self) {
            try await runner.run(ExecRequest(prompt: "x", workingDirectory: directory))
        }
        #expect(error?.metricLabel == "spawn_failed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/runs").isEmpty)
    }
}

/// Collects streamed events.
actor EventLog {
    private(set) var events: [ExecEvent] = []

    func append(_ event: ExecEvent) { events.append(event) }
}

/// Finds the codex process of a run by its unique `-C` directory in `/proc/*/cmdline`.
struct LeaderWatch: Sendable {
    let workDirectory: String

    func find(within limit: Duration) async -> Int32? {
        let deadline = ContinuousClock.now.advanced(by: limit)
        while ContinuousClock.now < deadline {
            if let pid = scan() { return pid }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    private func scan() -> Int32? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry),
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { continue }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if arguments.first?.hasSuffix("/codex") == true, arguments.contains("exec"), arguments.contains(workDirectory) {
                return pid
            }
        }
        return nil
    }
}
