/// One thing that happened in a turn, decoded from the app-server's notifications for that turn.
///
/// A turn's stream ends after ``completed(_:)``. Notifications Warden has no model for arrive as
/// ``other(method:params:)`` so a consumer can still see them (reasoning deltas, command output).
public enum AppServerTurnEvent: Sendable, Equatable {
    /// `turn/started`.
    case started
    /// `item/agentMessage/delta`: the next piece of an assistant message.
    case agentMessageDelta(itemID: String, delta: String)
    /// `item/started`.
    case itemStarted(AppServerItem)
    /// `item/completed`.
    case itemCompleted(AppServerItem)
    /// `thread/tokenUsage/updated`: thread totals and the last request's usage.
    case tokenUsage(AppServerTokenUsage)
    /// `error`: a model or transport error; codex retries by itself when `willRetry` is `true`.
    case error(AppServerTurnError, willRetry: Bool)
    /// A request codex made for this turn (an approval) and the answer Warden sent.
    case serverRequest(method: String, itemID: String?, answer: AppServerRequestAnswer)
    /// `item/tool/call`: the model called one of the thread's dynamic tools; the turn waits until
    /// ``AppServerConnection/answerToolCall(_:output:success:)`` answers it (or the turn is interrupted).
    case toolCall(AppServerToolCall)
    /// `turn/completed`: the last event of the turn.
    case completed(AppServerTurnCompletion)
    /// Any other notification about this turn.
    case other(method: String, params: JSONValue?)

    /// Decodes a notification that carries this turn's id.
    ///
    /// - Parameters:
    ///   - method: the notification's method.
    ///   - params: its params.
    /// - Returns: the event; a known method whose params do not match becomes ``other(method:params:)``.
    static func decode(method: String, params: JSONValue?) -> AppServerTurnEvent {
        do {
            switch method {
            case "turn/started":
                return .started
            case "item/agentMessage/delta":
                let delta = try (params ?? .null).decode(as: DeltaParams.self)
                return .agentMessageDelta(itemID: delta.itemId, delta: delta.delta)
            case "item/started", "item/completed":
                guard let item = params?["item"], let decoded = AppServerItem(item) else { break }
                return method == "item/started" ? .itemStarted(decoded) : .itemCompleted(decoded)
            case "thread/tokenUsage/updated":
                guard let usage = params?["tokenUsage"] else { break }
                return .tokenUsage(try usage.decode(as: AppServerTokenUsage.self))
            case "error":
                let notice = try (params ?? .null).decode(as: ErrorParams.self)
                return .error(notice.error, willRetry: notice.willRetry)
            case "turn/completed":
                guard let turn = params?["turn"] else { break }
                return .completed(try turn.decode(as: AppServerTurnCompletion.self))
            default:
                break
            }
        } catch {
            return .other(method: method, params: params)
        }
        return .other(method: method, params: params)
    }

    /// Whether this is the turn's last event.
    var isTerminal: Bool {
        if case .completed = self { return true }
        return false
    }

    private struct DeltaParams: Decodable {
        var itemId: String
        var delta: String
    }

    private struct ErrorParams: Decodable {
        var error: AppServerTurnError
        var willRetry: Bool
    }
}

/// An item of a turn (`agentMessage`, `commandExecution`, `fileChange`, `reasoning`, …).
///
/// Only the fields every item has are typed; the rest stays in ``payload``.
public struct AppServerItem: Sendable, Equatable {
    /// The item's id, e.g. `msg_1_0` or `call_touch`.
    public var id: String
    /// The item's kind, e.g. `agentMessage`.
    public var type: String
    /// The whole item as codex sent it.
    public var payload: JSONValue

    /// Reads an item object; `nil` when it has no string `id` and `type`.
    public init?(_ payload: JSONValue) {
        guard let id = payload["id"]?.stringValue, let type = payload["type"]?.stringValue else { return nil }
        self.id = id
        self.type = type
        self.payload = payload
    }

    /// The text of an `agentMessage` item.
    public var text: String? { payload["text"]?.stringValue }
    /// The status of a command or file change (`inProgress`, `completed`, `failed`, `declined`).
    public var status: String? { payload["status"]?.stringValue }
}

/// Token counts of one request or of a whole thread.
public struct AppServerTokenCounts: Sendable, Equatable, Decodable {
    /// All tokens.
    public var totalTokens: Int
    /// Input tokens, cached ones included.
    public var inputTokens: Int
    /// Input tokens served from the cache.
    public var cachedInputTokens: Int
    /// Output tokens, reasoning included.
    public var outputTokens: Int
    /// Reasoning tokens.
    public var reasoningOutputTokens: Int

    /// Creates counts.
    public init(totalTokens: Int, inputTokens: Int, cachedInputTokens: Int, outputTokens: Int, reasoningOutputTokens: Int) {
        self.totalTokens = totalTokens
        self.inputTokens = inputTokens
        self.cachedInputTokens = cachedInputTokens
        self.outputTokens = outputTokens
        self.reasoningOutputTokens = reasoningOutputTokens
    }
}

/// `thread/tokenUsage/updated`: the thread's totals and the last request's usage.
public struct AppServerTokenUsage: Sendable, Equatable, Decodable {
    /// Cumulative for the thread (across resumes).
    public var total: AppServerTokenCounts
    /// The last model request only.
    public var last: AppServerTokenCounts
    /// The model's context window, when codex knows it.
    public var modelContextWindow: Int?
}

/// An error codex reports in an `error` notification or on a failed turn.
public struct AppServerTurnError: Sendable, Equatable, Decodable {
    /// The human-readable message (may quote the provider's response; not a secret).
    public var message: String
    /// codex's classification: a string such as `unauthorized`, or an object such as
    /// `{"responseStreamDisconnected":{"httpStatusCode":null}}`.
    public var codexErrorInfo: JSONValue?
    /// More detail, when codex has some.
    public var additionalDetails: String?

    /// The classification's name: the string itself, or the single key of the object form.
    public var kind: String? {
        switch codexErrorInfo {
        case .string(let name)?: name
        case .object(let members)?: members.keys.sorted().first
        default: nil
        }
    }
}

/// How a turn ended.
public enum AppServerTurnStatus: Sendable, Equatable, Decodable {
    /// The model finished.
    case completed
    /// `turn/interrupt` stopped it.
    case interrupted
    /// It failed; ``AppServerTurnCompletion/error`` says why.
    case failed
    /// Still running (only seen in snapshots, never in `turn/completed`).
    case inProgress
    /// A status this version of Warden does not know.
    case unknown(String)

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        switch text {
        case "completed": self = .completed
        case "interrupted": self = .interrupted
        case "failed": self = .failed
        case "inProgress": self = .inProgress
        default: self = .unknown(text)
        }
    }
}

/// The end of a turn (`turn/completed`).
public struct AppServerTurnCompletion: Sendable, Equatable, Decodable {
    /// How it ended.
    public var status: AppServerTurnStatus
    /// Why it failed or was interrupted, when codex says.
    public var error: AppServerTurnError?
    /// How long the turn took, in milliseconds.
    public var durationMs: Int?
}
