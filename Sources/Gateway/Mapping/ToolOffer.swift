public import Codex

/// The client functions a request offers the model, as codex dynamic tools: the pure decision from `tools` and
/// `tool_choice`, tested as a table.
///
/// codex has no `tool_choice` of its own: it always lets the model choose among the tools it offers. So `auto` (the
/// default) offers the client's functions, `none` offers none of them, and `required` or a named function, which codex
/// cannot enforce, are refused rather than silently weakened.
public enum ToolOffer {
    /// The names the gateway keeps for codex's own tools: a client function may not take one, so a client can never
    /// stand in for, or be confused with, a tool `gateway.tools` governs.
    public static let reservedNames: Set<String> = CodexTool.allCases.reduce(into: ["shell", "local_shell", "tool_search"]) {
        $0.formUnion($1.toolNames)
        $0.insert($1.rawValue)
    }

    /// The dynamic tool specs (`{type: "function", name, description, inputSchema}`) to start the thread with; empty
    /// when the request offers no function or `tool_choice` is `none`.
    ///
    /// - Parameters:
    ///   - tools: the request's `tools`.
    ///   - choice: the request's `tool_choice`.
    /// - Throws: ``GatewayError`` (400) naming `tools` for a tool that is not a function, a function without a valid
    ///   name, a name used twice or a name of codex's own tools; naming `tool_choice` for `required`, a named function
    ///   or an unknown choice.
    public static func specs(tools: [ChatTool]?, choice: ChatToolChoice?) throws(GatewayError) -> [JSONValue] {
        let tools = tools ?? []
        var names: Set<String> = []
        var specs: [JSONValue] = []
        for (index, tool) in tools.enumerated() {
            guard tool.type == "function" else {
                throw .unsupported("Tools of type `\(tool.type)` are not supported (tools[\(index)]); send functions only.", param: "tools")
            }
            guard let function = tool.function else {
                throw .invalidRequest("tools[\(index)] has no `function`.", param: "tools")
            }
            guard isValidName(function.name) else {
                throw .invalidRequest(
                    "tools[\(index)].function.name must be 1 to 64 letters, digits, underscores or dashes.", param: "tools"
                )
            }
            guard !reservedNames.contains(function.name) else {
                throw .invalidRequest(
                    "tools[\(index)]: `\(function.name)` is the name of one of the gateway's own tools; rename the function.",
                    param: "tools"
                )
            }
            guard names.insert(function.name).inserted else {
                throw .invalidRequest("tools[\(index)]: the function name `\(function.name)` is used twice.", param: "tools")
            }
            if let parameters = function.parameters {
                guard case .object = parameters else {
                    throw .invalidRequest("tools[\(index)].function.parameters must be a JSON Schema object.", param: "tools")
                }
            }
            specs.append(
                .object([
                    "type": .string("function"),
                    "name": .string(function.name),
                    "description": .string(function.description ?? ""),
                    "inputSchema": function.parameters ?? .object(["type": .string("object"), "properties": .object([:])]),
                ])
            )
        }
        switch choice {
        case nil, .mode("auto")?:
            return specs
        case .mode("none")?:
            return []
        case .mode("required")?:
            throw .unsupported(
                "`tool_choice: \"required\"` cannot be enforced: codex always lets the model choose; use `auto`.", param: "tool_choice"
            )
        case .object(type: "function", let name)?:
            throw .unsupported(
                "`tool_choice` naming a function (`\(name ?? "")`) cannot be enforced: codex always lets the model choose; use `auto`.",
                param: "tool_choice"
            )
        case .mode(let mode)?:
            throw .invalidRequest("Unknown `tool_choice` `\(mode)`; use `auto` or `none`.", param: "tool_choice")
        case .object(let type, _)?:
            throw .unsupported("`tool_choice` of type `\(type)` is not supported; use `auto` or `none`.", param: "tool_choice")
        }
    }

    /// Whether `name` is a valid function name for the OpenAI API: `^[a-zA-Z0-9_-]{1,64}$`.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" || $0 == "-" }
    }
}
