import Codex
import Foundation

/// The JSONL event stream of one finding's Codex run, at `<data dir>/remediate/<day>/<finding>.jsonl`.
///
/// Every line passes through the secret scanner's redaction and has the configured secrets (forge
/// token, provider keys) blanked out before it is written; the file is readable by its owner only.
actor SessionLog {
    /// The path relative to the data directory, as reports name it.
    nonisolated let relativePath: String
    private let handle: FileHandle
    private let scanner: SecretScanner
    private let secrets: [String]

    /// Creates (or truncates) the log file.
    ///
    /// - Throws: ``RemediationError/fileSystem(path:reason:)``.
    init(dataDirectory: String, day: String, name: String, scanner: SecretScanner, secrets: [String]) throws(RemediationError) {
        let relative = "remediate/\(day)/\(name).jsonl"
        let directory = dataDirectory + "/remediate/\(day)"
        let path = dataDirectory + "/" + relative
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw RemediationError.fileSystem(path: path, reason: "the file cannot be created")
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        } catch let error as RemediationError {
            throw error
        } catch {
            throw .fileSystem(path: path, reason: "\(error)")
        }
        self.relativePath = relative
        self.scanner = scanner
        self.secrets = secrets.filter { $0.count >= 4 }
    }

    /// Appends one event; a write error is ignored (the log is a diagnostic, never a reason to fail a fix).
    func write(_ event: ExecEvent) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(LoggedEvent(event)) else { return }
        var line = scanner.redact(String(decoding: data, as: UTF8.self))
        for secret in secrets { line = line.replacingOccurrences(of: secret, with: "<redacted>") }
        try? handle.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Closes the file.
    func close() {
        try? handle.close()
    }
}

/// The logged form of an ``ExecEvent``: codex's own field names, what Warden decoded.
private struct LoggedEvent: Encodable {
    var type: String
    var threadID: String?
    var item: LoggedItem?
    var usage: TokenUsage?
    var message: String?

    struct LoggedItem: Encodable {
        var id: String
        var type: String
        var text: String?
        var command: String?
        var aggregatedOutput: String?
        var exitCode: Int?
        var changes: [String]?
    }

    enum CodingKeys: String, CodingKey {
        case type, item, usage, message
        case threadID = "thread_id"
    }

    init(_ event: ExecEvent) {
        switch event {
        case .threadStarted(let id): type = "thread.started"; threadID = id
        case .turnStarted: type = "turn.started"
        case .itemStarted(let item): type = "item.started"; self.item = LoggedItem(item)
        case .itemUpdated(let item): type = "item.updated"; self.item = LoggedItem(item)
        case .itemCompleted(let item): type = "item.completed"; self.item = LoggedItem(item)
        case .turnCompleted(let usage): type = "turn.completed"; self.usage = usage
        case .turnFailed(let message): type = "turn.failed"; self.message = message
        case .error(let message): type = "error"; self.message = message
        case .unknown(let name): type = name
        }
    }
}

extension LoggedEvent.LoggedItem {
    enum CodingKeys: String, CodingKey {
        case id, type, text, command, changes
        case aggregatedOutput = "aggregated_output"
        case exitCode = "exit_code"
    }

    init(_ item: ExecItem) {
        id = item.id
        switch item.kind {
        case .agentMessage(let text): type = "agent_message"; self.text = text
        case .reasoning(let text): type = "reasoning"; self.text = text
        case .commandExecution(let command, let output, let exitCode, _):
            type = "command_execution"; self.command = command; aggregatedOutput = output; self.exitCode = exitCode
        case .fileChange(let changes, _): type = "file_change"; self.changes = changes.map { "\($0.kind) \($0.path)" }
        case .mcpToolCall(let server, let tool, _, let error, _): type = "mcp_tool_call"; command = "\(server)/\(tool)"; text = error
        case .webSearch(let query): type = "web_search"; text = query
        case .todoList(let entries): type = "todo_list"; text = entries.map(\.text).joined(separator: "\n")
        case .error(let message): type = "error"; text = message
        case .collabToolCall(let tool, _, _, _): type = "collab_tool_call"; command = tool
        case .unknown(let name): type = name
        }
    }
}
