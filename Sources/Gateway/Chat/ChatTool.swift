public import Codex

/// One entry of a request's `tools`: `{"type": "function", "function": {name, description, parameters, strict}}`.
///
/// Other types (`custom`, the built-in tools) decode too, so the gateway can refuse them by name rather than fail to
/// read the body.
public struct ChatTool: Sendable, Equatable, Decodable {
    /// `function`, or a type the gateway refuses.
    public var type: String
    /// The function, for type `function`.
    public var function: Function?

    /// A function the client runs itself.
    public struct Function: Sendable, Equatable, Decodable {
        /// The name the model calls it by.
        public var name: String
        /// What it does, for the model.
        public var description: String?
        /// The JSON Schema of its arguments.
        public var parameters: JSONValue?
        /// Whether the client asked for strict schema adherence; codex offers dynamic tools with `strict: false`.
        public var strict: Bool?

        /// Creates a function.
        public init(name: String, description: String? = nil, parameters: JSONValue? = nil, strict: Bool? = nil) {
            self.name = name
            self.description = description
            self.parameters = parameters
            self.strict = strict
        }
    }

    /// Creates a tool.
    public init(type: String = "function", function: Function?) {
        self.type = type
        self.function = function
    }
}

/// A request's `tool_choice`: a mode (`auto`, `none`, `required`) or an object naming a function
/// (`{"type": "function", "function": {"name": …}}`) or another kind of choice.
public enum ChatToolChoice: Sendable, Equatable, Decodable {
    /// `"auto"`, `"none"`, `"required"` or an unknown string.
    case mode(String)
    /// An object choice: its `type` and, for `function`, the function's name.
    case object(type: String, functionName: String?)

    private struct ObjectForm: Decodable {
        struct Named: Decodable { var name: String? }
        var type: String
        var function: Named?
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let mode = try? container.decode(String.self) {
            self = .mode(mode)
        } else {
            let object = try container.decode(ObjectForm.self)
            self = .object(type: object.type, functionName: object.function?.name)
        }
    }
}

/// A function call in an assistant message: `{"id", "type": "function", "function": {"name", "arguments"}}`, as the
/// gateway answers it and as the client sends it back in its next request.
public struct ChatToolCall: Sendable, Equatable, Codable {
    /// `call_…`, the id the `tool` message answering it names in `tool_call_id`.
    public var id: String
    /// Always `function`.
    public var type: String
    /// The call.
    public var function: Function

    /// The function called and its arguments.
    public struct Function: Sendable, Equatable, Codable {
        /// The function's name.
        public var name: String
        /// The arguments as JSON text.
        public var arguments: String

        /// Creates a call's function part.
        public init(name: String, arguments: String) {
            self.name = name
            self.arguments = arguments
        }
    }

    /// Creates a call.
    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.type = "function"
        self.function = Function(name: name, arguments: arguments)
    }

    enum CodingKeys: String, CodingKey {
        case id, type, function
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        type = try container.decodeIfPresent(String.self, forKey: .type) ?? "function"
        function = try container.decode(Function.self, forKey: .function)
    }
}
