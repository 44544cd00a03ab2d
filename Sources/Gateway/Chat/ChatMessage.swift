/// One message of a chat completion request.
public struct ChatMessage: Sendable, Equatable, Decodable {
    /// `system`, `developer`, `user`, `assistant` or `tool`.
    public var role: String
    /// The message's content.
    public var content: ChatContent
    /// The functions an assistant message called.
    public var toolCalls: [ChatToolCall]
    /// The call a `tool` message answers.
    public var toolCallID: String?

    /// Creates a message.
    public init(role: String, content: ChatContent, toolCalls: [ChatToolCall] = [], toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    /// Creates a message with plain text content.
    public init(role: String, text: String) {
        self.init(role: role, content: .text(text))
    }

    enum CodingKeys: String, CodingKey {
        case role, content
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        role = try container.decode(String.self, forKey: .role)
        content = try container.decodeIfPresent(ChatContent.self, forKey: .content) ?? .none
        toolCalls = try container.decodeIfPresent([ChatToolCall].self, forKey: .toolCalls) ?? []
        toolCallID = try container.decodeIfPresent(String.self, forKey: .toolCallID)
    }
}

/// The `content` of a message: a string, an array of parts, or absent (`null`).
public enum ChatContent: Sendable, Equatable, Decodable {
    /// A plain string.
    case text(String)
    /// Content parts (`{"type":"text","text":…}`, `{"type":"image_url",…}`…).
    case parts([ChatContentPart])
    /// `null` or missing (an assistant message that only called tools).
    case none

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .none
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .parts(try container.decode([ChatContentPart].self))
        }
    }
}

/// One part of a message's content.
public struct ChatContentPart: Sendable, Equatable, Decodable {
    /// `text`, `image_url`, `input_audio`, `file`, `refusal`…
    public var type: String
    /// The text of a `text` (or `refusal`) part.
    public var text: String?

    /// Creates a part.
    public init(type: String, text: String? = nil) {
        self.type = type
        self.text = text
    }

    enum CodingKeys: String, CodingKey {
        case type, text, refusal
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        text = try container.decodeIfPresent(String.self, forKey: .text) ?? container.decodeIfPresent(String.self, forKey: .refusal)
    }
}
