/// One item of a `codex exec --json` turn: a message, a command, a file change, a tool call…
///
/// Decoding is tolerant: unknown item types become ``Kind/unknown(type:)``, unknown fields are
/// ignored and absent or `null` fields get empty values, so a newer codex never breaks a run.
public struct ExecItem: Sendable, Equatable, Decodable {
    /// The state of a command, file change or tool call.
    public enum Status: Sendable, Equatable {
        /// Started, not finished (`in_progress`).
        case inProgress
        /// Finished successfully.
        case completed
        /// Finished with a failure (a command's non-zero exit is one).
        case failed
        /// Refused by the approval policy.
        case declined
        /// A status this version of Warden does not know.
        case other(String)

        init(_ text: String?) {
            switch text {
            case "in_progress": self = .inProgress
            case "completed": self = .completed
            case "failed": self = .failed
            case "declined": self = .declined
            default: self = .other(text ?? "")
            }
        }
    }

    /// One file touched by a `file_change` item.
    public struct FileChange: Sendable, Equatable, Decodable {
        /// The absolute path.
        public let path: String
        /// `add`, `delete` or `update`.
        public let kind: String
    }

    /// One entry of a `todo_list` item.
    public struct TodoEntry: Sendable, Equatable, Decodable {
        /// The step's text.
        public let text: String
        /// Whether the model marked it done.
        public let completed: Bool
    }

    /// What the item is, with the fields that matter for each type.
    public enum Kind: Sendable, Equatable {
        /// The assistant's message (the final answer is the last one; JSON text with `--output-schema`).
        case agentMessage(text: String)
        /// A reasoning summary.
        case reasoning(text: String)
        /// A shell command the model ran; `exitCode` is `nil` while it runs.
        case commandExecution(command: String, aggregatedOutput: String, exitCode: Int?, status: Status)
        /// Files changed by `apply_patch`.
        case fileChange(changes: [FileChange], status: Status)
        /// A call to an MCP server's tool; `resultText` holds the text parts of the result.
        case mcpToolCall(server: String, tool: String, resultText: [String], errorMessage: String?, status: Status)
        /// A web search.
        case webSearch(query: String)
        /// The model's plan.
        case todoList(entries: [TodoEntry])
        /// A non-fatal warning from codex (model metadata missing, transport fallback…).
        case error(message: String)
        /// A multi-agent tool call.
        case collabToolCall(tool: String, senderThreadID: String?, receiverThreadIDs: [String], status: Status)
        /// An item type this version of Warden does not know.
        case unknown(type: String)
    }

    /// codex's id for the item (`item_N`). For `web_search` items the JSON carries `id` twice; the
    /// decoder keeps one of them, so do not rely on it there.
    public let id: String
    /// What the item is.
    public let kind: Kind

    /// Creates an item (for tests and fakes of the runner).
    public init(id: String, kind: Kind) {
        self.id = id
        self.kind = kind
    }

    private enum CodingKeys: String, CodingKey {
        case id, type, text, command, status, changes, server, tool, result, error, query, items, message
        case aggregatedOutput = "aggregated_output"
        case exitCode = "exit_code"
        case senderThreadID = "sender_thread_id"
        case receiverThreadIDs = "receiver_thread_ids"
    }

    private struct MCPResult: Decodable {
        struct Part: Decodable {
            let type: String?
            let text: String?
        }
        let content: [Part]?
    }

    private struct ErrorBody: Decodable {
        let message: String?
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id) ?? ""
        let type = try container.decodeIfPresent(String.self, forKey: .type) ?? ""
        func string(_ key: CodingKeys) throws -> String {
            try container.decodeIfPresent(String.self, forKey: key) ?? ""
        }
        func status() throws -> Status {
            Status(try container.decodeIfPresent(String.self, forKey: .status))
        }
        switch type {
        case "agent_message":
            kind = .agentMessage(text: try string(.text))
        case "reasoning":
            kind = .reasoning(text: try string(.text))
        case "command_execution":
            kind = .commandExecution(
                command: try string(.command),
                aggregatedOutput: try string(.aggregatedOutput),
                exitCode: try container.decodeIfPresent(Int.self, forKey: .exitCode),
                status: try status()
            )
        case "file_change":
            kind = .fileChange(changes: try container.decodeIfPresent([FileChange].self, forKey: .changes) ?? [], status: try status())
        case "mcp_tool_call":
            let result = try? container.decodeIfPresent(MCPResult.self, forKey: .result)
            let error = try? container.decodeIfPresent(ErrorBody.self, forKey: .error)
            kind = .mcpToolCall(
                server: try string(.server),
                tool: try string(.tool),
                resultText: result?.content?.compactMap { $0.type == "text" ? $0.text : nil } ?? [],
                errorMessage: error?.message,
                status: try status()
            )
        case "web_search":
            kind = .webSearch(query: try string(.query))
        case "todo_list":
            kind = .todoList(entries: try container.decodeIfPresent([TodoEntry].self, forKey: .items) ?? [])
        case "error":
            kind = .error(message: try string(.message))
        case "collab_tool_call":
            kind = .collabToolCall(
                tool: try string(.tool),
                senderThreadID: try container.decodeIfPresent(String.self, forKey: .senderThreadID),
                receiverThreadIDs: try container.decodeIfPresent([String].self, forKey: .receiverThreadIDs) ?? [],
                status: try status()
            )
        default:
            kind = .unknown(type: type)
        }
    }
}
