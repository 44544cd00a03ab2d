import Testing
import WardenCore

@testable import Codex

@Suite("CodexArguments")
struct CodexArgumentsTests {
    static let thread = ThreadID("01a200df-8585-7130-97e8-363355a64b96")

    @Test("builds a new exec turn with every fixed flag and the prompt on stdin")
    func newTurn() {
        let arguments = CodexArguments(model: "gpt-5.5").exec(workingDirectory: "/work/tree")
        #expect(
            arguments == [
                "exec", "--json", "--skip-git-repo-check",
                "--disable", "unbounded_connection_retries",
                "-c", #"shell_environment_policy.inherit="core""#,
            ] + ToolPolicy.review.arguments(modelCatalogPath: nil) + [
                "-c", #"projects={"/work/tree"={trust_level="untrusted"}}"#,
                "-m", "gpt-5.5", "-s", "read-only", "-C", "/work/tree", "-",
            ]
        )
    }

    @Test("puts every option before resume, since exec resume rejects -s and -C")
    func resumedTurn() throws {
        let thread = try #require(Self.thread)
        let arguments = CodexArguments(model: "gpt-5.5", sandbox: .workspaceWrite)
            .exec(workingDirectory: "/w", outputSchemaPath: "/private/schema.json", resuming: thread)
        #expect(
            Array(arguments.suffix(11)) == [
                "-m", "gpt-5.5", "-s", "workspace-write", "-C", "/w",
                "--output-schema", "/private/schema.json", "resume", thread.rawValue, "-",
            ]
        )
        let resume = try #require(arguments.firstIndex(of: "resume"))
        for flag in ["-m", "-s", "-C", "--output-schema", "--json", "--skip-git-repo-check", "-c", "--disable"] {
            let index = try #require(arguments.firstIndex(of: flag))
            #expect(index < resume, "\(flag) must come before resume")
        }
    }

    @Test("passes the sandbox mode as one of codex's three values", arguments: SandboxMode.allCases)
    func sandbox(_ mode: SandboxMode) throws {
        let arguments = CodexArguments(model: "m", sandbox: mode).exec(workingDirectory: "/w")
        let index = try #require(arguments.firstIndex(of: "-s"))
        #expect(arguments[index + 1] == mode.rawValue)
    }

    @Test("defaults to the read-only sandbox")
    func defaultSandbox() {
        #expect(CodexArguments(model: "m").sandbox == .readOnly)
    }

    @Test("rejects any other sandbox value when configured", arguments: ["", "Read-Only", "full", "read-only ", "danger-full-access\n"])
    func rejectsUnknownSandbox(_ text: String) {
        #expect(throws: ConfigurationError.self) { try SandboxMode(validating: text, key: "codex.sandbox_mode") }
    }

    @Test("selects a custom provider table with encoded values")
    func provider() throws {
        let provider = CodexArguments.Provider(
            baseURL: #"http://127.0.0.1:1/v1",env_key="X"#,
            requestMaxRetries: 0,
            streamMaxRetries: 1,
            streamIdleTimeout: .milliseconds(2500)
        )
        let arguments = CodexArguments(model: "m", provider: provider).exec(workingDirectory: "/w")
        let table =
            #"model_providers.warden={name="warden",base_url="http://127.0.0.1:1/v1\",env_key=\"X",wire_api="responses",env_key="OPENAI_API_KEY",request_max_retries=0,stream_max_retries=1,stream_idle_timeout_ms=2500}"#
        #expect(arguments.contains(table))
        let selection = try #require(arguments.firstIndex(of: #"model_provider="warden""#))
        #expect(arguments[selection - 1] == "-c")
    }

    @Test("appends extra overrides after the fixed ones, encoded")
    func overrides() {
        let arguments = CodexArguments(model: "m", overrides: [.init("tools.update_plan.enabled", .bool(true))])
            .exec(workingDirectory: "/w")
        let fixed = arguments.firstIndex(of: #"shell_environment_policy.inherit="core""#) ?? Int.max
        let extra = arguments.firstIndex(of: "tools.update_plan.enabled=true") ?? -1
        #expect(fixed < extra)
    }

    @Test("puts the tool policy after every extra override, so an override cannot widen it")
    func toolPolicyComesLast() throws {
        let arguments = CodexArguments(model: "m", overrides: [.init("web_search", .string("live"))]).exec(workingDirectory: "/w")
        let widened = try #require(arguments.firstIndex(of: #"web_search="live""#))
        let policy = try #require(arguments.firstIndex(of: #"web_search="disabled""#))
        #expect(widened < policy)
    }

    @Test("marks the working directory as the only project, untrusted, as one key however many dots it has")
    func untrustedProject() {
        let directory = "/srv/.warden/worktrees/review-7-1.a\"b"
        let expected = #"projects={"/srv/.warden/worktrees/review-7-1.a\"b"={trust_level="untrusted"}}"#
        #expect(CodexArguments(model: "m").exec(workingDirectory: directory).contains(expected))
        #expect(CodexArguments(model: "m").appServer(workingDirectory: directory).contains(expected))
        #expect(!CodexArguments(model: "m").appServer().contains { $0.hasPrefix("projects=") })
    }

    @Test("keeps hostile values in a single argv element")
    func hostileValuesStayOneArgument() {
        let arguments = CodexArguments(model: "gpt; rm -rf / #\n-s danger-full-access").exec(workingDirectory: "/w t")
        #expect(arguments.contains("gpt; rm -rf / #\n-s danger-full-access"))
        #expect(arguments.filter { $0 == "-s" }.count == 1)
        #expect(arguments.contains("/w t"))
    }

    @Test("builds app-server arguments with the model and sandbox as config overrides")
    func appServer() {
        let arguments = CodexArguments(model: "gpt-5.5", sandbox: .workspaceWrite, tools: .remediation).appServer()
        #expect(
            arguments == [
                "app-server",
                "--disable", "unbounded_connection_retries",
                "-c", #"shell_environment_policy.inherit="core""#,
            ] + ToolPolicy.remediation.arguments(modelCatalogPath: nil) + [
                "-c", #"model="gpt-5.5""#,
                "-c", #"sandbox_mode="workspace-write""#,
                "--listen", "stdio://",
            ]
        )
    }
}
