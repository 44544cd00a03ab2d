import Foundation

/// One line of `codex exec --json` standard output.
///
/// The stream of one run is `thread.started`, `turn.started`, item events, then `turn.completed`
/// or `turn.failed`; `error` events may appear anywhere and are not necessarily fatal (codex sends
/// `Reconnecting... n/5` before retries that then succeed).
public enum ExecEvent: Sendable, Equatable {
    /// The thread's id (the first line, also on resume).
    case threadStarted(threadID: String)
    /// The turn began.
    case turnStarted
    /// An item began (commands, file changes, tool calls, plans).
    case itemStarted(ExecItem)
    /// An item changed (seen for `todo_list`).
    case itemUpdated(ExecItem)
    /// An item finished; messages and reasoning only ever arrive this way.
    case itemCompleted(ExecItem)
    /// The turn finished; the usage is cumulative for the whole thread.
    case turnCompleted(usage: TokenUsage)
    /// The turn failed for good; codex exits 1 after it.
    case turnFailed(message: String)
    /// A transient or fatal error message (fatal ones are followed by ``turnFailed(message:)``).
    case error(message: String)
    /// An event this version of Warden does not know, or a known one whose shape it cannot read.
    case unknown(type: String)

    private struct Envelope: Decodable {
        struct Failure: Decodable {
            let message: String?
        }
        let type: String
        let threadID: String?
        let item: ExecItem?
        let usage: TokenUsage?
        let error: Failure?
        let message: String?

        enum CodingKeys: String, CodingKey {
            case type, item, usage, error, message
            case threadID = "thread_id"
        }
    }

    private struct TypeOnly: Decodable {
        let type: String?
    }

    /// Decodes one line of output.
    ///
    /// - Parameter line: a JSON object as codex prints it.
    /// - Returns: the event; `nil` for a blank line or one that is not a JSON object with a `type`.
    public static func decode(line: String) -> ExecEvent? {
        let data = Data(line.utf8)
        guard !line.allSatisfy(\.isWhitespace),
            let type = (try? JSONDecoder().decode(TypeOnly.self, from: data))?.type
        else { return nil }
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: data) else {
            return .unknown(type: type)
        }
        switch (type, envelope.threadID, envelope.item, envelope.usage) {
        case ("thread.started", let threadID?, _, _): return .threadStarted(threadID: threadID)
        case ("turn.started", _, _, _): return .turnStarted
        case ("item.started", _, let item?, _): return .itemStarted(item)
        case ("item.updated", _, let item?, _): return .itemUpdated(item)
        case ("item.completed", _, let item?, _): return .itemCompleted(item)
        case ("turn.completed", _, _, let usage): return .turnCompleted(usage: usage ?? .zero)
        case ("turn.failed", _, _, _): return .turnFailed(message: envelope.error?.message ?? envelope.message ?? "")
        case ("error", _, _, _): return .error(message: envelope.message ?? envelope.error?.message ?? "")
        default: return .unknown(type: type)
        }
    }
}
