/// A tool codex can offer the model, as Warden lets an operator or a job kind choose it.
///
/// The raw value is the name used in settings (`gateway.tools`). Each case stands for the tool names codex
/// 0.163 puts in a request's `tools` array for it (``toolNames``), so a policy can be checked against what
/// the model server actually receives.
public enum CodexTool: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The model's shell: `exec_command` runs a command, `write_stdin` feeds a running one.
    case shell
    /// `apply_patch`, the file editing tool. It runs inside codex's own process, not through the shell: codex 0.163
    /// offers it whenever the model catalogue's `apply_patch_tool_type` says so, so a policy without it hands codex a
    /// patch-less catalogue (``ModelCatalog``).
    case applyPatch = "apply_patch"
    /// `view_image`, which reads an image file into the conversation.
    case viewImage = "view_image"
    /// `web_search`, a search the provider runs on its own side: a path out of the sandbox no egress proxy sees.
    case webSearch = "web_search"
    /// `request_user_input`, a question to a person who is not there in a server.
    case requestUserInput = "request_user_input"
    /// `get_goal`, `create_goal`, `update_goal`: long-running goals with their own budgets.
    case goals

    /// The names of the tools this case puts in a request, as codex 0.163 sends them with `-m gpt-5.5`.
    public var toolNames: Set<String> {
        switch self {
        case .shell: ["exec_command", "write_stdin"]
        case .applyPatch: ["apply_patch"]
        case .viewImage: ["view_image"]
        case .webSearch: ["web_search"]
        case .requestUserInput: ["request_user_input"]
        case .goals: ["get_goal", "create_goal", "update_goal"]
        }
    }

    /// Whether the tool works inside codex's own process — reading or writing files where codex runs, in the bot's
    /// container — instead of through the model's shell.
    public var runsInCodexProcess: Bool {
        switch self {
        case .applyPatch, .viewImage: true
        case .shell, .webSearch, .requestUserInput, .goals: false
        }
    }

    /// Orders tools as ``allCases`` lists them, so policies print and compare stably.
    public static func < (lhs: CodexTool, rhs: CodexTool) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
