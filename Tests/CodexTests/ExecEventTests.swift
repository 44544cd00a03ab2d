import Testing

@testable import Codex

@Suite("ExecEvent")
struct ExecEventTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let line: String
        let expected: ExecEvent?
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(
            name: "thread.started",
            line: #"{"type":"thread.started","thread_id":"01a200de-7c7c-7813-8a2b-62f5c207403d"}"#,
            expected: .threadStarted(threadID: "01a200de-7c7c-7813-8a2b-62f5c207403d")
        ),
        Row(name: "turn.started", line: #"{"type":"turn.started"}"#, expected: .turnStarted),
        Row(
            name: "reasoning item",
            line: #"{"type":"item.completed","item":{"id":"item_0","type":"reasoning","text":"**Planning** the work"}}"#,
            expected: .itemCompleted(ExecItem(id: "item_0", kind: .reasoning(text: "**Planning** the work")))
        ),
        Row(
            name: "command started, exit code null",
            line:
                #"{"type":"item.started","item":{"id":"item_1","type":"command_execution","command":"/bin/bash -lc 'exit 3'","aggregated_output":"","exit_code":null,"status":"in_progress"}}"#,
            expected: .itemStarted(
                ExecItem(
                    id: "item_1",
                    kind: .commandExecution(command: "/bin/bash -lc 'exit 3'", aggregatedOutput: "", exitCode: nil, status: .inProgress)
                )
            )
        ),
        Row(
            name: "command failed",
            line:
                #"{"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"c","aggregated_output":"to-stdout\nto-stderr\n","exit_code":3,"status":"failed"}}"#,
            expected: .itemCompleted(
                ExecItem(
                    id: "item_1",
                    kind: .commandExecution(command: "c", aggregatedOutput: "to-stdout\nto-stderr\n", exitCode: 3, status: .failed)
                )
            )
        ),
        Row(
            name: "command declined",
            line:
                #"{"type":"item.completed","item":{"id":"item_9","type":"command_execution","command":"c","aggregated_output":"","exit_code":null,"status":"declined"}}"#,
            expected: .itemCompleted(
                ExecItem(id: "item_9", kind: .commandExecution(command: "c", aggregatedOutput: "", exitCode: nil, status: .declined))
            )
        ),
        Row(
            name: "file change",
            line:
                #"{"type":"item.completed","item":{"id":"item_2","type":"file_change","changes":[{"path":"/w/hello.txt","kind":"add"}],"status":"completed"}}"#,
            expected: .itemCompleted(
                ExecItem(id: "item_2", kind: .fileChange(changes: [.init(path: "/w/hello.txt", kind: "add")], status: .completed))
            )
        ),
        Row(
            name: "mcp tool call completed",
            line:
                #"{"type":"item.completed","item":{"id":"item_0","type":"mcp_tool_call","server":"echo","tool":"echo","arguments":{"text":"hello mcp"},"result":{"content":[{"type":"text","text":"echo: hello mcp"}],"structured_content":{"echoed":"hello mcp"}},"error":null,"status":"completed"}}"#,
            expected: .itemCompleted(
                ExecItem(
                    id: "item_0",
                    kind: .mcpToolCall(server: "echo", tool: "echo", resultText: ["echo: hello mcp"], errorMessage: nil, status: .completed)
                )
            )
        ),
        Row(
            name: "mcp tool call refused",
            line:
                #"{"type":"item.completed","item":{"id":"item_0","type":"mcp_tool_call","server":"echo","tool":"echo","arguments":{},"result":null,"error":{"message":"MCP tool call requires approval, but approval policy is never"},"status":"failed"}}"#,
            expected: .itemCompleted(
                ExecItem(
                    id: "item_0",
                    kind: .mcpToolCall(
                        server: "echo",
                        tool: "echo",
                        resultText: [],
                        errorMessage: "MCP tool call requires approval, but approval policy is never",
                        status: .failed
                    )
                )
            )
        ),
        Row(
            name: "todo list updated",
            line:
                #"{"type":"item.updated","item":{"id":"item_0","type":"todo_list","items":[{"text":"inspect","completed":true},{"text":"verify","completed":false}]}}"#,
            expected: .itemUpdated(
                ExecItem(id: "item_0", kind: .todoList(entries: [.init(text: "inspect", completed: true), .init(text: "verify", completed: false)]))
            )
        ),
        Row(
            name: "agent message",
            line: #"{"type":"item.completed","item":{"id":"item_0","type":"agent_message","text":"second answer, I remember 42"}}"#,
            expected: .itemCompleted(ExecItem(id: "item_0", kind: .agentMessage(text: "second answer, I remember 42")))
        ),
        Row(
            name: "error item",
            line: #"{"type":"item.completed","item":{"id":"item_0","type":"error","message":"Model metadata for `gpt-5` not found."}}"#,
            expected: .itemCompleted(ExecItem(id: "item_0", kind: .error(message: "Model metadata for `gpt-5` not found.")))
        ),
        Row(
            name: "collab tool call",
            line:
                #"{"type":"item.started","item":{"id":"item_3","type":"collab_tool_call","tool":"spawn","sender_thread_id":"a","receiver_thread_ids":["b","c"],"agents_states":{},"status":"in_progress"}}"#,
            expected: .itemStarted(
                ExecItem(id: "item_3", kind: .collabToolCall(tool: "spawn", senderThreadID: "a", receiverThreadIDs: ["b", "c"], status: .inProgress))
            )
        ),
        Row(
            name: "unknown item type",
            line: #"{"type":"item.completed","item":{"id":"item_7","type":"hologram","beam":true}}"#,
            expected: .itemCompleted(ExecItem(id: "item_7", kind: .unknown(type: "hologram")))
        ),
        Row(
            name: "turn.completed with usage",
            line:
                #"{"type":"turn.completed","usage":{"input_tokens":500,"cached_input_tokens":100,"cache_write_input_tokens":0,"output_tokens":35,"reasoning_output_tokens":15}}"#,
            expected: .turnCompleted(usage: TokenUsage(inputTokens: 500, cachedInputTokens: 100, outputTokens: 35, reasoningOutputTokens: 15))
        ),
        Row(
            name: "turn.completed with partial usage and extra fields",
            line: #"{"type":"turn.completed","usage":{"input_tokens":7,"output_tokens":1,"future":1},"extra":{}}"#,
            expected: .turnCompleted(usage: TokenUsage(inputTokens: 7, outputTokens: 1))
        ),
        Row(
            name: "turn.failed",
            line: #"{"type":"turn.failed","error":{"message":"exceeded retry limit, last status: 429 Too Many Requests"}}"#,
            expected: .turnFailed(message: "exceeded retry limit, last status: 429 Too Many Requests")
        ),
        Row(
            name: "transient error",
            line: #"{"type":"error","message":"Reconnecting... 2/5 (stream disconnected)"}"#,
            expected: .error(message: "Reconnecting... 2/5 (stream disconnected)")
        ),
        Row(name: "unknown event", line: #"{"type":"item.plan.delta","delta":"x"}"#, expected: .unknown(type: "item.plan.delta")),
        Row(name: "known event, unreadable shape", line: #"{"type":"thread.started","thread_id":42}"#, expected: .unknown(type: "thread.started")),
        Row(name: "blank line", line: "   ", expected: nil),
        Row(name: "not JSON", line: "Reading additional input from stdin...", expected: nil),
        Row(name: "JSON without type", line: #"{"thread_id":"x"}"#, expected: nil),
    ]

    @Test("decodes every line shape of the exec JSON stream", arguments: rows)
    func decodes(_ row: Row) {
        #expect(ExecEvent.decode(line: row.line) == row.expected)
    }

    @Test("decodes a web_search item whose id key appears twice")
    func webSearchDuplicateID() throws {
        let line =
            #"{"type":"item.completed","item":{"id":"item_4","type":"web_search","id":"ws_5_0","query":"swift subprocess","action":{"type":"search","query":"swift subprocess"}}}"#
        let event = try #require(ExecEvent.decode(line: line))
        guard case .itemCompleted(let item) = event else {
            Issue.record("expected item.completed, got \(event)")
            return
        }
        #expect(item.kind == .webSearch(query: "swift subprocess"))
        #expect(["item_4", "ws_5_0"].contains(item.id))
    }
}
