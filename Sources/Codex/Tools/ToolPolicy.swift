/// The tools and features one kind of Warden job lets codex offer the model, as codex flags.
///
/// The model, the merge request and the repository are hostile, so every job names what it needs and everything
/// else is switched off: review and follow-up read and run commands; remediation may also edit; the gateway takes
/// what `gateway.tools` lists. Pure: ``arguments`` is the whole effect, tested as a table, and ``offeredToolNames``
/// is what the model server must then receive (a test compares the two against the real codex, so an upgrade that
/// adds a tool fails instead of widening the attack surface silently).
///
/// Besides the chosen tools, every policy keeps out what a server never wants (measured on codex 0.163):
/// - the repository's `AGENTS.md` and other project docs (`project_doc_max_bytes=0`): text the merge request's
///   author controls would otherwise arrive as trusted instructions;
/// - the skills listing (`skills.include_instructions=false`), which names every `SKILL.md` under the worktree's
///   `.codex/skills` and `.agents/skills` as instructions to follow;
/// - hooks, plugins, apps, multi-agent (and with it `tool_search`), image generation, tool suggestions, skill MCP
///   installs, browser and computer use (`--disable <feature>`). An unknown feature name makes codex exit 1, so a
///   removed feature shows up at once rather than being skipped.
///
/// `apply_patch` has no switch of its own: a policy without it needs a patch-less model catalogue (``ModelCatalog``,
/// ``needsModelCatalog``), whose path ``arguments(modelCatalogPath:)`` passes as `model_catalog_json`.
public struct ToolPolicy: Sendable, Hashable, CustomStringConvertible {
    /// The tools the model may use.
    public var tools: Set<CodexTool>

    /// Creates a policy offering `tools`.
    public init(tools: Set<CodexTool>) {
        self.tools = tools
    }

    /// A review: read the worktree and run commands (`git diff`, `grep`), nothing else.
    public static let review = ToolPolicy(tools: [.shell])
    /// A follow-up reply in a review thread: the same as a review.
    public static let followUp = ToolPolicy(tools: [.shell])
    /// A remediation run: a review's tools plus `apply_patch` to edit the worktree.
    public static let remediation = ToolPolicy(tools: [.shell, .applyPatch])
    /// A remediation run whose shell is the exec sidecar: edits go through the shell, which runs in the exec
    /// container; `apply_patch` would write from the bot's container.
    public static let remediationThroughShell = ToolPolicy(tools: [.shell])
    /// The gateway's default (`gateway.tools` unset): a review's tools.
    public static let gatewayDefault = review

    /// Features no Warden job uses, switched off for all of them.
    static let disabledFeatures = [
        "apps", "plugins", "remote_plugin", "hooks", "multi_agent", "image_generation", "tool_suggest",
        "skill_mcp_dependency_install", "browser_use", "computer_use",
    ]

    /// The policy without the tools that run inside codex's own process (``CodexTool/runsInCodexProcess``): what is
    /// left when the model's commands run in the exec container and nothing may touch the bot's file system.
    public var confinedToShell: ToolPolicy {
        ToolPolicy(tools: tools.filter { !$0.runsInCodexProcess })
    }

    /// Whether codex must be given a patch-less model catalogue: the policy leaves `apply_patch` out.
    public var needsModelCatalog: Bool { !tools.contains(.applyPatch) }

    /// The codex arguments (`--disable` and `-c`) that enforce the policy; they go before any subcommand.
    ///
    /// - Parameter modelCatalogPath: the patch-less catalogue (written from ``ModelCatalog``) when
    ///   ``needsModelCatalog``; without it codex offers `apply_patch` whatever the policy says.
    public func arguments(modelCatalogPath: String?) -> [String] {
        var features = Self.disabledFeatures
        if !tools.contains(.shell) { features.append("shell_tool") }
        if !tools.contains(.viewImage) { features.append("view_image") }
        if !tools.contains(.goals) { features.append("goals") }
        var arguments = features.flatMap { ["--disable", $0] }
        var overrides: [(String, CodexTOML.Value)] = [
            ("project_doc_max_bytes", .integer(0)),
            ("skills.include_instructions", .bool(false)),
        ]
        if !tools.contains(.webSearch) { overrides.append(("web_search", .string("disabled"))) }
        if !tools.contains(.requestUserInput) { overrides.append(("tools.experimental_request_user_input.enabled", .bool(false))) }
        if needsModelCatalog, let modelCatalogPath { overrides.append(("model_catalog_json", .string(modelCatalogPath))) }
        for (key, value) in overrides {
            arguments += ["-c", CodexTOML.override(key, value)]
        }
        return arguments
    }

    /// The names in the `tools` array codex 0.163 sends the model under this policy (with the model catalogue
    /// ``needsModelCatalog`` asks for).
    public var offeredToolNames: Set<String> {
        tools.reduce(into: []) { $0.formUnion($1.toolNames) }
    }

    /// The tools, comma-separated in ``CodexTool/allCases`` order, e.g. `shell,apply_patch`.
    public var description: String {
        tools.sorted().map(\.rawValue).joined(separator: ",")
    }
}
