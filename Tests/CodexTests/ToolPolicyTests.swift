import Testing

@testable import Codex

/// The tool policy's flags, as a table: what each job kind gets, what each tool's absence switches off, and what
/// every policy switches off. The real codex is checked against ``ToolPolicy/offeredToolNames`` in
/// `ToolSurfaceTests`.
@Suite("ToolPolicy")
struct ToolPolicyTests {
    /// What codex 0.163 offers a job that reads and runs commands (with the patch-less model catalogue).
    static let readAndRun: Set<String> = ["exec_command", "write_stdin"]

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
            JobKind(name: "remediation through the exec sidecar", policy: .remediationThroughShell, tools: [.shell]),
            JobKind(name: "gateway default", policy: .gatewayDefault, tools: [.shell]),
        ]
    )
    func jobKinds(_ kind: JobKind) {
        #expect(kind.policy.tools == kind.tools)
        #expect(kind.policy.offeredToolNames == Self.readAndRun.union(kind.tools.contains(.applyPatch) ? ["apply_patch"] : []))
        #expect(kind.policy.needsModelCatalog == !kind.tools.contains(.applyPatch))
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
        #expect(!ToolPolicy(tools: everything).arguments(modelCatalogPath: "/c.json").contains(slice: entry.arguments))
        #expect(ToolPolicy(tools: everything.subtracting([entry.tool])).arguments(modelCatalogPath: "/c.json").contains(slice: entry.arguments))
    }

    @Test("apply_patch is switched off by the patch-less model catalogue, and only when the policy leaves it out")
    func applyPatchThroughCatalogue() {
        let catalogue = ["-c", #"model_catalog_json="/run/c.json""#]
        #expect(ToolPolicy.review.arguments(modelCatalogPath: "/run/c.json").contains(slice: catalogue))
        #expect(!ToolPolicy.remediation.arguments(modelCatalogPath: "/run/c.json").contains(slice: catalogue))
        #expect(ToolPolicy.remediation.arguments(modelCatalogPath: nil) == ToolPolicy.remediation.arguments(modelCatalogPath: "/run/c.json"))
        #expect(ToolPolicy(tools: []).offeredToolNames.isEmpty)
    }

    struct Confinement: Sendable, CustomTestStringConvertible {
        let policy: ToolPolicy
        let confined: Set<CodexTool>
        var testDescription: String { "\(policy) → \(confined.sorted().map(\.rawValue))" }
    }

    @Test(
        "in exec-sidecar mode only tools that do not touch codex's own files are left",
        arguments: [
            Confinement(policy: .review, confined: [.shell]),
            Confinement(policy: .remediation, confined: [.shell]),
            Confinement(policy: ToolPolicy(tools: Set(CodexTool.allCases)), confined: [.shell, .webSearch, .requestUserInput, .goals]),
            Confinement(policy: ToolPolicy(tools: [.viewImage, .applyPatch]), confined: []),
        ]
    )
    func confinement(_ entry: Confinement) {
        #expect(entry.policy.confinedToShell.tools == entry.confined)
        #expect(CodexArguments(model: "m", tools: entry.policy, execSidecar: true).effectiveTools.tools == entry.confined)
        #expect(CodexArguments(model: "m", tools: entry.policy).effectiveTools == entry.policy)
    }

    @Test(
        "every policy keeps out project docs, skills, hooks, plugins, apps, multi-agent and image tools",
        arguments: [ToolPolicy.review, .remediation, ToolPolicy(tools: Set(CodexTool.allCases))]
    )
    func alwaysOff(_ policy: ToolPolicy) {
        let arguments = policy.arguments(modelCatalogPath: nil)
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
            ToolPolicy.review.arguments(modelCatalogPath: "/run/c.json") == [
                "--disable", "apps", "--disable", "plugins", "--disable", "remote_plugin", "--disable", "hooks",
                "--disable", "multi_agent", "--disable", "image_generation", "--disable", "tool_suggest",
                "--disable", "skill_mcp_dependency_install", "--disable", "browser_use", "--disable", "computer_use",
                "--disable", "view_image", "--disable", "goals",
                "-c", "project_doc_max_bytes=0", "-c", "skills.include_instructions=false",
                "-c", #"web_search="disabled""#, "-c", "tools.experimental_request_user_input.enabled=false",
                "-c", #"model_catalog_json="/run/c.json""#,
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
