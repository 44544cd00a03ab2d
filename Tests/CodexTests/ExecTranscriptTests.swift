import Testing

@testable import Codex

@Suite("ExecTranscript")
struct ExecTranscriptTests {
    static let thread = "01a200df-8585-7130-97e8-363355a64b96"

    static func transcript(_ lines: [String]) -> ExecTranscript {
        var transcript = ExecTranscript()
        for line in lines {
            if let event = ExecEvent.decode(line: line) { transcript.record(event) }
        }
        return transcript
    }

    static let completed = [
        #"{"type":"thread.started","thread_id":"\#(thread)"}"#,
        #"{"type":"turn.started"}"#,
        #"{"type":"error","message":"Reconnecting... 1/5 (exceeded retry limit, last status: 429 Too Many Requests)"}"#,
        #"{"type":"item.completed","item":{"id":"item_0","type":"error","message":"Falling back from WebSockets to HTTPS transport"}}"#,
        #"{"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"first"}}"#,
        #"{"type":"item.completed","item":{"id":"item_2","type":"agent_message","text":"final answer"}}"#,
        #"{"type":"turn.completed","usage":{"input_tokens":200,"cached_input_tokens":40,"output_tokens":14,"reasoning_output_tokens":6}}"#,
    ]

    @Test("succeeds on turn.completed and exit 0, keeping non-fatal errors as warnings")
    func success() throws {
        let outcome = Self.transcript(Self.completed).outcome(
            termination: .exited(0),
            interruption: nil,
            previousTotal: TokenUsage(inputTokens: 100, cachedInputTokens: 20, outputTokens: 7, reasoningOutputTokens: 3),
            stderrTail: "tail",
            secrets: []
        )
        let result = try outcome.get()
        #expect(result.threadID.rawValue == Self.thread)
        #expect(result.finalMessage == "final answer")
        #expect(result.items.count == 3)
        #expect(result.totalUsage.inputTokens == 200)
        #expect(result.turnUsage == TokenUsage(inputTokens: 100, cachedInputTokens: 20, outputTokens: 7, reasoningOutputTokens: 3))
        #expect(result.warnings.count == 2)
    }

    struct Failure: Sendable, CustomTestStringConvertible {
        let name: String
        let lines: [String]
        let termination: ExecTranscript.Termination
        let interruption: ExecTranscript.Interruption?
        let label: String
        var stderrTail = ""
        var testDescription: String { name }
    }

    static let failures: [Failure] = [
        Failure(name: "turn.completed but a non-zero exit", lines: completed, termination: .exited(1), interruption: nil, label: "other"),
        Failure(name: "turn.completed but killed", lines: completed, termination: .signaled(9), interruption: nil, label: "other"),
        Failure(
            name: "exit 0 without turn.completed",
            lines: [#"{"type":"thread.started","thread_id":"\#(thread)"}"#],
            termination: .exited(0),
            interruption: nil,
            label: "other"
        ),
        Failure(
            name: "turn.failed with 401",
            lines: [
                #"{"type":"error","message":"unexpected status 401 Unauthorized: Incorrect API key provided: sk-secret-key"}"#,
                #"{"type":"turn.failed","error":{"message":"unexpected status 401 Unauthorized: Incorrect API key provided: sk-secret-key"}}"#,
            ],
            termination: .exited(1),
            interruption: nil,
            label: "authentication"
        ),
        Failure(
            name: "fatal error event without turn.failed",
            lines: [#"{"type":"error","message":"Quota exceeded. Check your plan and billing details."}"#],
            termination: .exited(1),
            interruption: nil,
            label: "usage_limit"
        ),
        Failure(
            name: "resume of a thread without a session file (said only on standard error)",
            lines: [],
            termination: .exited(1),
            interruption: nil,
            label: "thread_not_found",
            stderrTail: "Error: thread/resume: thread/resume failed: no rollout found for thread id \(thread) (code -32600)"
        ),
        Failure(
            name: "a non-zero exit with other standard error",
            lines: [],
            termination: .exited(1),
            interruption: nil,
            label: "other",
            stderrTail: "Error: something else went wrong"
        ),
        Failure(name: "timeout", lines: [], termination: .signaled(15), interruption: .timedOut(.seconds(5)), label: "timeout"),
        Failure(name: "cancelled even after completing", lines: completed, termination: .exited(0), interruption: .cancelled, label: "cancelled"),
    ]

    @Test("fails every run that did not both complete the turn and exit 0", arguments: failures)
    func failure(_ row: Failure) {
        let outcome = Self.transcript(row.lines).outcome(
            termination: row.termination,
            interruption: row.interruption,
            previousTotal: nil,
            stderrTail: row.stderrTail,
            secrets: ["sk-secret-key"]
        )
        guard case .failure(let error) = outcome else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.metricLabel == row.label)
        #expect(!error.description.contains("sk-secret-key"))
    }
}
