public import WardenCore

/// Per-turn overrides sent with `turn/start`; codex keeps them for the thread's later turns too.
public struct AppServerTurnOptions: Sendable, Equatable {
    /// The working directory of the agent.
    public var workingDirectory: String?
    /// The model.
    public var model: String?
    /// When codex asks for approval.
    public var approvalPolicy: AppServerApprovalPolicy?
    /// The sandbox for the model's commands, without network access.
    public var sandbox: SandboxMode?
    /// A JSON Schema the final assistant message must follow (codex does not validate the answer).
    public var outputSchema: JSONValue?
    /// The reasoning effort (`low`, `medium`, `high`, `xhigh`).
    public var effort: String?

    /// Creates turn options; every setting defaults to the thread's.
    public init(
        workingDirectory: String? = nil,
        model: String? = nil,
        approvalPolicy: AppServerApprovalPolicy? = nil,
        sandbox: SandboxMode? = nil,
        outputSchema: JSONValue? = nil,
        effort: String? = nil
    ) {
        self.workingDirectory = workingDirectory
        self.model = model
        self.approvalPolicy = approvalPolicy
        self.sandbox = sandbox
        self.outputSchema = outputSchema
        self.effort = effort
    }

    /// The `params` of `turn/start`.
    ///
    /// - Parameters:
    ///   - thread: the thread the turn runs on; it must be loaded in this worker.
    ///   - input: the user's message; `nil` starts a turn without one, which continues from the thread's history (a
    ///     tool's output injected last).
    /// - Returns: the params object.
    public func parameters(thread: ThreadID, input: String?) -> JSONValue {
        var members: [String: JSONValue] = [
            "threadId": .string(thread.rawValue),
            "input": .array(input.map { [.object(["type": .string("text"), "text": .string($0), "text_elements": .array([])])] } ?? []),
        ]
        if let workingDirectory { members["cwd"] = .string(workingDirectory) }
        if let model { members["model"] = .string(model) }
        if let approvalPolicy { members["approvalPolicy"] = .string(approvalPolicy.rawValue) }
        if let sandbox { members["sandboxPolicy"] = Self.sandboxPolicy(sandbox) }
        if let outputSchema { members["outputSchema"] = outputSchema }
        if let effort { members["effort"] = .string(effort) }
        return .object(members)
    }

    /// The protocol's `SandboxPolicy` object for a sandbox mode (turns take a policy, not a mode).
    static func sandboxPolicy(_ mode: SandboxMode) -> JSONValue {
        switch mode {
        case .readOnly:
            .object(["type": .string("readOnly"), "networkAccess": .bool(false)])
        case .workspaceWrite:
            .object([
                "type": .string("workspaceWrite"), "writableRoots": .array([]), "networkAccess": .bool(false),
                "excludeTmpdirEnvVar": .bool(false), "excludeSlashTmp": .bool(false),
            ])
        case .dangerFullAccess:
            .object(["type": .string("dangerFullAccess")])
        }
    }
}
