import Codex
import HTTPTypes
import Testing

@testable import Gateway

@Suite("Client functions to dynamic tools")
struct ToolOfferTests {
    /// The dynamic tool spec of a function `name` with no description or parameters.
    static func spec(_ name: String, description: String = "", schema: JSONValue = .object(["type": .string("object"), "properties": .object([:])]))
        -> JSONValue
    {
        .object(["type": .string("function"), "name": .string(name), "description": .string(description), "inputSchema": schema])
    }

    static let schema: JSONValue = .object(["type": .string("object"), "properties": .object(["city": .object(["type": .string("string")])])])

    enum Expected: Sendable {
        case specs([JSONValue])
        case refused(param: String)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let tools: [ChatTool]?
        let choice: ChatToolChoice?
        /// The specs, or the parameter a 400 names.
        let expected: Expected
        var testDescription: String { name }

        init(_ name: String, _ tools: [ChatTool]?, _ choice: ChatToolChoice? = nil, specs: [JSONValue]) {
            (self.name, self.tools, self.choice, self.expected) = (name, tools, choice, .specs(specs))
        }

        init(_ name: String, _ tools: [ChatTool]?, _ choice: ChatToolChoice? = nil, refusedNaming param: String) {
            (self.name, self.tools, self.choice, self.expected) = (name, tools, choice, .refused(param: param))
        }
    }

    static let weather = ChatTool(function: .init(name: "get_weather", description: "Weather.", parameters: schema, strict: true))

    static let cases: [Case] = [
        Case("no tools offers nothing", nil, specs: []),
        Case("a function becomes a dynamic tool with its schema", [weather], specs: [spec("get_weather", description: "Weather.", schema: schema)]),
        Case("auto offers the functions", [weather, .init(function: .init(name: "t-2"))], .mode("auto"),
             specs: [spec("get_weather", description: "Weather.", schema: schema), spec("t-2")]),
        Case("none offers no function", [weather], .mode("none"), specs: []),
        Case("required cannot be enforced", [weather], .mode("required"), refusedNaming: "tool_choice"),
        Case("a named function cannot be enforced", [weather], .object(type: "function", functionName: "get_weather"), refusedNaming: "tool_choice"),
        Case("an unknown mode", [weather], .mode("sometimes"), refusedNaming: "tool_choice"),
        Case("an allowed_tools choice", [weather], .object(type: "allowed_tools", functionName: nil), refusedNaming: "tool_choice"),
        Case("a custom tool", [.init(type: "custom", function: nil)], refusedNaming: "tools"),
        Case("a built-in tool", [.init(type: "web_search_preview", function: nil)], refusedNaming: "tools"),
        Case("a function without its object", [.init(type: "function", function: nil)], refusedNaming: "tools"),
        Case("codex's shell by name", [.init(function: .init(name: "exec_command"))], refusedNaming: "tools"),
        Case("codex's patch tool by name", [.init(function: .init(name: "apply_patch"))], refusedNaming: "tools"),
        Case("a name used twice", [weather, weather], refusedNaming: "tools"),
        Case("a name with a space", [.init(function: .init(name: "get weather"))], refusedNaming: "tools"),
        Case("a name longer than 64", [.init(function: .init(name: String(repeating: "a", count: 65)))], refusedNaming: "tools"),
        Case("parameters that are not an object", [.init(function: .init(name: "f", parameters: .string("x")))], refusedNaming: "tools"),
        Case("an invalid tool is refused even with none", [.init(type: "custom", function: nil)], .mode("none"), refusedNaming: "tools"),
    ]

    @Test("maps tools and tool_choice, or refuses naming the parameter", arguments: cases)
    func maps(_ row: Case) {
        let result = Result { () throws(GatewayError) in try ToolOffer.specs(tools: row.tools, choice: row.choice) }
        switch (result, row.expected) {
        case (.success(let specs), .specs(let expected)):
            #expect(specs == expected)
        case (.failure(let error), .refused(let param)):
            #expect(error.param == param && error.status.code == 400, "\(error)")
        default:
            Issue.record("got \(result), expected \(row.expected)")
        }
    }

    @Test("every name codex 0.163 gives its own tools is reserved")
    func reservesCodexNames() {
        for tool in CodexTool.allCases {
            #expect(ToolOffer.reservedNames.isSuperset(of: tool.toolNames), "\(tool)")
        }
    }
}
