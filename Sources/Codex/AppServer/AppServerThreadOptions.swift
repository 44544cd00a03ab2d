public import WardenCore

/// Settings of a thread, sent with `thread/start` or `thread/resume`; `nil` keeps codex's value
/// from its configuration (the `-c` overrides the worker was started with).
public struct AppServerThreadOptions: Sendable, Equatable {
    /// The working directory of the agent.
    public var workingDirectory: String?
    /// The model, e.g. `gpt-5.5`.
    public var model: String?
    /// When codex asks for approval.
    public var approvalPolicy: AppServerApprovalPolicy?
    /// The sandbox for the model's commands.
    public var sandbox: SandboxMode?
    /// Replaces codex's built-in system instructions.
    public var baseInstructions: String?
    /// Added as a developer message after the base instructions.
    public var developerInstructions: String?
    /// When `true`, codex writes no rollout file for the thread (it cannot be resumed later).
    public var ephemeral: Bool?
    /// Functions the client runs itself (`dynamicTools`, experimental API): `{type: "function", name, description,
    /// inputSchema}` specs; codex asks for each call with the server request `item/tool/call`.
    public var dynamicTools: [JSONValue]?
    /// Whether codex also reports the model's raw response items (`rawResponseItem/completed`, experimental API): the
    /// gateway reads a response's `function_call` items from them to hand parallel calls to the client together.
    public var experimentalRawEvents: Bool?

    /// Creates thread options; every setting defaults to codex's own.
    public init(
        workingDirectory: String? = nil,
        model: String? = nil,
        approvalPolicy: AppServerApprovalPolicy? = nil,
        sandbox: SandboxMode? = nil,
        baseInstructions: String? = nil,
        developerInstructions: String? = nil,
        ephemeral: Bool? = nil,
        dynamicTools: [JSONValue]? = nil,
        experimentalRawEvents: Bool? = nil
    ) {
        self.workingDirectory = workingDirectory
        self.model = model
        self.approvalPolicy = approvalPolicy
        self.sandbox = sandbox
        self.baseInstructions = baseInstructions
        self.developerInstructions = developerInstructions
        self.ephemeral = ephemeral
        self.dynamicTools = dynamicTools
        self.experimentalRawEvents = experimentalRawEvents
    }

    /// The `params` of `thread/start` (or of `thread/resume` when `resuming` is set).
    ///
    /// - Parameter resuming: the thread to resume, or `nil` for a new thread.
    /// - Returns: the params object, with only the settings that are set.
    public func parameters(resuming: ThreadID? = nil) -> JSONValue {
        var members: [String: JSONValue] = [:]
        if let resuming { members["threadId"] = .string(resuming.rawValue) }
        if let workingDirectory { members["cwd"] = .string(workingDirectory) }
        if let model { members["model"] = .string(model) }
        if let approvalPolicy { members["approvalPolicy"] = .string(approvalPolicy.rawValue) }
        if let sandbox { members["sandbox"] = .string(sandbox.rawValue) }
        if let baseInstructions { members["baseInstructions"] = .string(baseInstructions) }
        if let developerInstructions { members["developerInstructions"] = .string(developerInstructions) }
        if let ephemeral, resuming == nil { members["ephemeral"] = .bool(ephemeral) }
        if let dynamicTools, resuming == nil { members["dynamicTools"] = .array(dynamicTools) }
        if let experimentalRawEvents, resuming == nil { members["experimentalRawEvents"] = .bool(experimentalRawEvents) }
        return .object(members)
    }
}
