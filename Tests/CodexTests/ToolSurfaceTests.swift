import Foundation
import Testing
import WardenCore
import WardenTestSupport

@testable import Codex

/// What the real codex offers the model for each kind of Warden job, read from the requests the scripted model
/// server records, in a workspace holding a hostile `AGENTS.md`, skills, project configuration and hooks.
///
/// The expected sets are written out, not derived, so a codex upgrade that adds a tool fails here instead of
/// widening what the model can do. Serialized: every test runs the 300 MB codex binary.
@Suite("Tool surface of the real codex", .serialized)
struct ToolSurfaceTests {
    /// What codex 0.163 offers a job that reads and runs commands.
    static let readAndRun: Set<String> = ["exec_command", "write_stdin"]
    /// What it offers a job that may also edit.
    static let readRunAndEdit: Set<String> = ["exec_command", "write_stdin", "apply_patch"]

    /// One test's model server, codex home with a hostile workspace, and runner.
    struct Harness {
        let server: ScriptedModelServer
        let home: TestCodexHome
        let runner: ExecRunner
        let marker: String

        static func start(
            _ script: [ModelTurn], sandbox: SandboxMode = .readOnly, model: String = "gpt-5.5", execSidecar: Bool = false
        ) async throws -> Harness {
            let server = ScriptedModelServer(script: script)
            let home = try TestCodexHome(modelServerPort: try await server.start())
            let marker = home.root + "/hostile-ran"
            try HostileRepositoryFiles.write(into: home.workDirectory, marker: marker)
            let runner = ExecRunner(
                executable: try CodexBinary.path(),
                arguments: CodexArguments(model: model, sandbox: sandbox, execSidecar: execSidecar),
                parentEnvironment: home.environment(),
                temporaryDirectory: home.root
            )
            return Harness(server: server, home: home, runner: runner, marker: marker)
        }

        func run(_ prompt: String, tools: ToolPolicy, resume: ThreadID? = nil) async throws -> ExecResult {
            try await runner.run(
                ExecRequest(prompt: prompt, workingDirectory: home.workDirectory, resumeThread: resume?.rawValue, timeout: .seconds(120), tools: tools)
            )
        }

        /// The `POST …/responses` requests so far.
        func modelRequests() async -> [RecordedRequest] {
            await server.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/responses") }
        }

        func stop() async {
            await server.stop()
            try? home.remove()
        }
    }

    /// Checks that no hostile file reached the model, no hook or MCP server of the workspace ran, and codex did not
    /// record the workspace as a trusted project in `home`'s `config.toml`.
    static func expectNothingHostile(in requests: [RecordedRequest], marker: String, home: TestCodexHome) {
        for request in requests {
            let body = String(decoding: request.body, as: UTF8.self)
            #expect(HostileRepositoryFiles.canaries(in: body).isEmpty, "request \(request.sequence) carries repository text")
            #expect(!body.contains("skills_instructions"), "request \(request.sequence) lists skills")
            #expect(!body.contains("AGENTS.md instructions"), "request \(request.sequence) carries project docs")
        }
        #expect(!FileManager.default.fileExists(atPath: marker), "a hook or MCP server of the workspace ran")
        let configuration = (try? String(contentsOfFile: home.configPath, encoding: .utf8)) ?? ""
        #expect(!configuration.contains("trust_level"), "codex recorded the workspace's trust:\n\(configuration)")
    }

    @Test("a review (codex exec) is offered exactly exec_command and write_stdin (no apply_patch), and none of the repository's instructions")
    func review() async throws {
        let harness = try await Harness.start([.message("reviewed")])
        defer { Task { await harness.stop() } }
        _ = try await harness.run("review this", tools: .review)

        let requests = await harness.modelRequests()
        try #require(requests.count == 1)
        #expect(requests[0].toolNames == Self.readAndRun)
        #expect(requests[0].toolNames == ToolPolicy.review.offeredToolNames)
        Self.expectNothingHostile(in: requests, marker: harness.marker, home: harness.home)
    }

    @Test("a follow-up (codex exec resume) is offered the same tools, and none of the repository's instructions")
    func followUp() async throws {
        let harness = try await Harness.start([.message("reviewed"), .message("replied")])
        defer { Task { await harness.stop() } }
        let first = try await harness.run("review this", tools: .review)
        _ = try await harness.run("why?", tools: .followUp, resume: first.threadID)

        let requests = await harness.modelRequests()
        try #require(requests.count == 2)
        #expect(requests[1].toolNames == Self.readAndRun)
        #expect(requests[1].toolNames == ToolPolicy.followUp.offeredToolNames)
        Self.expectNothingHostile(in: requests, marker: harness.marker, home: harness.home)
    }

    @Test("a remediation (workspace-write) is offered exec_command, write_stdin and apply_patch, and none of the repository's instructions")
    func remediation() async throws {
        let harness = try await Harness.start([.message("fixed")], sandbox: .workspaceWrite)
        defer { Task { await harness.stop() } }
        _ = try await harness.run("fix this", tools: .remediation)

        let requests = await harness.modelRequests()
        try #require(requests.count == 1)
        #expect(requests[0].toolNames == Self.readRunAndEdit)
        #expect(requests[0].toolNames == ToolPolicy.remediation.offeredToolNames)
        Self.expectNothingHostile(in: requests, marker: harness.marker, home: harness.home)
    }

    @Test("a remediation whose shell is the exec sidecar is offered no apply_patch: edits go through the shell")
    func remediationThroughSidecar() async throws {
        let harness = try await Harness.start([.message("fixed")], sandbox: .dangerFullAccess, execSidecar: true)
        defer { Task { await harness.stop() } }
        _ = try await harness.run("fix this", tools: .remediation)

        let requests = await harness.modelRequests()
        try #require(requests.count == 1)
        #expect(requests[0].toolNames == Self.readAndRun)
        #expect(requests[0].toolNames == ToolPolicy.remediationThroughShell.offeredToolNames)
    }

    @Test("a model codex's catalogue does not know gets no apply_patch either (codex's fallback metadata)")
    func unknownModel() async throws {
        let harness = try await Harness.start([.message("reviewed")], model: "warden-test-unknown-model")
        defer { Task { await harness.stop() } }
        _ = try await harness.run("review this", tools: .review)

        let requests = await harness.modelRequests()
        try #require(requests.count == 1)
        #expect(requests[0].toolNames == Self.readAndRun)
    }

    @Test("a model apply_patch call in a review is refused by codex (the same call in a remediation writes the file)")
    func applyPatchRefused() async throws {
        func patch(_ file: String) -> ModelTurn { .applyPatch("*** Begin Patch\n*** Add File: \(file)\n+pwned\n*** End Patch\n") }
        let harness = try await Harness.start([patch("review.txt"), .message("done"), patch("remediation.txt"), .message("done")], sandbox: .dangerFullAccess)
        defer { Task { await harness.stop() } }
        _ = try await harness.run("review this", tools: .review)
        _ = try await harness.run("fix this", tools: .remediation)

        #expect(!FileManager.default.fileExists(atPath: harness.home.workDirectory + "/review.txt"))
        #expect(FileManager.default.fileExists(atPath: harness.home.workDirectory + "/remediation.txt"))
        let requests = await harness.modelRequests()
        try #require(requests.count == 4)
        #expect(requests[1].toolNames == Self.readAndRun)
        #expect(requests[3].toolNames == Self.readRunAndEdit)
    }

    @Test("every switchable tool turned on is offered as exactly the names the policy predicts")
    func everyTool() async throws {
        let harness = try await Harness.start([.message("ok")])
        defer { Task { await harness.stop() } }
        let everything = ToolPolicy(tools: Set(CodexTool.allCases))
        _ = try await harness.run("hello", tools: everything)

        let requests = await harness.modelRequests()
        try #require(requests.count == 1)
        #expect(
            requests[0].toolNames == [
                "exec_command", "write_stdin", "apply_patch", "view_image", "web_search", "request_user_input", "get_goal", "create_goal",
                "update_goal",
            ]
        )
        #expect(requests[0].toolNames == everything.offeredToolNames)
        Self.expectNothingHostile(in: requests, marker: harness.marker, home: harness.home)
    }

    @Test("the gateway's app-server turn (workspace-write) is offered exactly the gateway policy's tools, and none of the workspace's instructions")
    func gatewayDefault() async throws {
        try await AppServerHarness.with(script: [.message("hi")], tools: .gatewayDefault) { harness in
            let marker = harness.home.root + "/hostile-ran"
            try HostileRepositoryFiles.write(into: harness.home.workDirectory, marker: marker)
            // workspace-write: the sandbox under which codex would record the directory as trusted.
            let (connection, thread) = try await harness.startThread(sandbox: .workspaceWrite)
            let events = try await collect(try await connection.startTurn(thread: thread, input: "hello"))
            #expect(events.completion?.status == .completed)

            let requests = await harness.model.requests.filter { $0.path.hasSuffix("/responses") }
            try #require(requests.count == 1)
            #expect(requests[0].toolNames == Self.readAndRun)
            #expect(requests[0].toolNames == ToolPolicy.gatewayDefault.offeredToolNames)
            Self.expectNothingHostile(in: requests, marker: marker, home: harness.home)
        }
    }

    @Test("a gateway configured with web search and images offers exactly those on top")
    func gatewayConfigured() async throws {
        let policy = ToolPolicy(tools: [.shell, .webSearch, .viewImage])
        try await AppServerHarness.with(script: [.message("hi")], tools: policy) { harness in
            let (connection, thread) = try await harness.startThread()
            _ = try await collect(try await connection.startTurn(thread: thread, input: "hello"))

            let requests = await harness.model.requests.filter { $0.path.hasSuffix("/responses") }
            try #require(requests.count == 1)
            #expect(requests[0].toolNames == Self.readAndRun.union(["web_search", "view_image"]))
            #expect(requests[0].toolNames == policy.offeredToolNames)
        }
    }
}
