import Testing

@testable import Codex

/// The tool policy's flags, as a table: what each job kind gets, what each tool's absence switches off, and what
/// every policy switches off. The real codex is checked against ``ToolPolicy/offeredToolNames`` in
/// `ToolSurfaceTests`.
@Suite("ToolPolicy")
struct ToolPolicyTests {
    /// What codex 0.163 offers a job that reads and runs commands: `apply_patch` cannot be turned off.
    static let readAndRun: Set<String> = ["exec_command", "write_stdin", "apply_patch"]

    struct JobKind: Sendable, CustomTestStringConvertible {
        let name: String
        let policy: ToolPolicy
        let tools: Set<CodexTool>
        var testDescription: String { name }
    }

    @Test(
        "each job kind is offered exactly its tools",
        arguments: [
            JobKind(name: "review", policy: .review, tools: [.shell]),
            JobKind(name: "follow-up", policy: .followUp, tools: [.shell]),
            JobKind(name: "remediation", policy: .remediation, tools: [.shell, .applyPatch]),
            JobKind(name: "gateway default", policy: .gatewayDefault, tools: [.shell]),
        ]
    )
    func jobKinds(_ kind: JobKind) {
        #expect(kind.policy.tools == kind.tools)
        #expect(kind.policy.offeredToolNames == Self.readAndRun)
    }

    struct Switch: Sendable, CustomTestStringConvertible {
        let tool: CodexTool
        let arguments: [String]
        var testDescription: String { tool.rawValue }
    }

    @Test(
        "a tool left out is switched off, and only then",
        arguments: [
            Switch(tool: .shell, arguments: ["--disable", "shell_tool"]),
            Switch(tool: .viewImage, arguments: ["--disable", "view_image"]),
            Switch(tool: .goals, arguments: ["--disable", "goals"]),
            Switch(tool: .webSearch, arguments: ["-c", #"web_search="disabled""#]),
            Switch(tool: .requestUserInput, arguments: ["-c", "tools.experimental_request_user_input.enabled=false"]),
        ]
    )
    func switches(_ entry: Switch) {
        let everything = Set(CodexTool.allCases)
        #expect(!ToolPolicy(tools: everything).arguments.contains(slice: entry.arguments))
        #expect(ToolPolicy(tools: everything.subtracting([entry.tool])).arguments.contains(slice: entry.arguments))
        #expect(entry.tool.canBeTurnedOff)
    }

    @Test("apply_patch has no switch: it is offered whatever the policy says")
    func applyPatchStays() {
        #expect(!CodexTool.applyPatch.canBeTurnedOff)
        #expect(ToolPolicy(tools: []).offeredToolNames == ["apply_patch"])
        #expect(ToolPolicy.review.arguments == ToolPolicy.remediation.arguments)
    }

    @Test(
        "every policy keeps out project docs, skills, hooks, plugins, apps, multi-agent and image tools",
        arguments: [ToolPolicy.review, .remediation, ToolPolicy(tools: Set(CodexTool.allCases))]
    )
    func alwaysOff(_ policy: ToolPolicy) {
        let arguments = policy.arguments
        #expect(arguments.contains(slice: ["-c", "project_doc_max_bytes=0"]))
        #expect(arguments.contains(slice: ["-c", "skills.include_instructions=false"]))
        for feature in [
            "apps", "plugins", "remote_plugin", "hooks", "multi_agent", "image_generation", "tool_suggest", "skill_mcp_dependency_install",
            "browser_use", "computer_use",
        ] {
            #expect(arguments.contains(slice: ["--disable", feature]), "\(feature)")
        }
    }

    @Test("the review policy's complete flags")
    func reviewArguments() {
        #expect(
            ToolPolicy.review.arguments == [
                "--disable", "apps", "--disable", "plugins", "--disable", "remote_plugin", "--disable", "hooks",
                "--disable", "multi_agent", "--disable", "image_generation", "--disable", "tool_suggest",
                "--disable", "skill_mcp_dependency_install", "--disable", "browser_use", "--disable", "computer_use",
                "--disable", "view_image", "--disable", "goals",
                "-c", "project_doc_max_bytes=0", "-c", "skills.include_instructions=false",
                "-c", #"web_search="disabled""#, "-c", "tools.experimental_request_user_input.enabled=false",
            ]
        )
    }

    @Test("prints its tools in a fixed order")
    func description() {
        #expect(ToolPolicy(tools: [.webSearch, .applyPatch, .shell]).description == "shell,apply_patch,web_search")
    }
}

extension Array where Element: Equatable {
    /// Whether `slice` occurs here as consecutive elements.
    fileprivate func contains(slice: [Element]) -> Bool {
        guard slice.count <= count else { return false }
        return (0...(count - slice.count)).contains { Array(self[$0..<($0 + slice.count)]) == slice }
    }
}
