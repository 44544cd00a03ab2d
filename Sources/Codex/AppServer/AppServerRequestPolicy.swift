/// A request the app-server sends to Warden (approvals, user input, elicitations…).
public struct AppServerServerRequest: Sendable, Equatable {
    /// The server's id for the request, to answer with.
    public var id: JSONRPCID
    /// The method, e.g. `item/commandExecution/requestApproval`.
    public var method: String
    /// The params as sent.
    public var params: JSONValue?

    /// Creates a request value.
    public init(id: JSONRPCID, method: String, params: JSONValue?) {
        self.id = id
        self.method = method
        self.params = params
    }

    /// The turn the request belongs to, when it names one.
    public var turnID: String? { params?["turnId"]?.stringValue }
    /// The item the request is about (the command or the file change), when it names one.
    public var itemID: String? { params?["itemId"]?.stringValue }
}

/// Warden's answer to a server request: a result or a JSON-RPC error.
public enum AppServerRequestAnswer: Sendable, Equatable {
    /// A successful answer, e.g. `{"decision":"decline"}`.
    case result(JSONValue)
    /// An error answer, for requests Warden does not handle.
    case error(JSONRPCErrorObject)
}

/// Decides how Warden answers the app-server's requests. Every request must be answered: an
/// approval request blocks its turn until it is.
public protocol AppServerRequestPolicy: Sendable {
    /// The answer to `request`; called on the connection's reader, so it should not wait long.
    func answer(_ request: AppServerServerRequest) async -> AppServerRequestAnswer
}

/// The default policy: decline every approval, grant nothing, and answer any request Warden has no
/// model for with a JSON-RPC "method not found" error.
///
/// A declined command completes with status `declined`; the model is told and the turn goes on.
public struct DecliningRequestPolicy: AppServerRequestPolicy {
    /// Creates the policy.
    public init() {}

    public func answer(_ request: AppServerServerRequest) async -> AppServerRequestAnswer {
        Self.declining(request)
    }

    /// The declining answer for `request`, as a pure function.
    ///
    /// - Parameter request: the server's request.
    /// - Returns: a decline in the shape the method expects, or an error for unknown methods.
    public static func declining(_ request: AppServerServerRequest) -> AppServerRequestAnswer {
        switch request.method {
        case "item/commandExecution/requestApproval", "item/fileChange/requestApproval":
            return .result(.object(["decision": .string("decline")]))
        case "execCommandApproval", "applyPatchApproval":
            let denied: JSONValue = .object(["rejection": .string("declined by Warden's approval policy")])
            return .result(.object(["decision": .object(["denied": denied])]))
        case "item/permissions/requestApproval":
            return .result(.object(["permissions": .object([:]), "scope": .string("turn")]))
        case "mcpServer/elicitation/request":
            return .result(.object(["action": .string("decline"), "content": .null, "_meta": .null]))
        default:
            return .error(
                JSONRPCErrorObject(code: JSONRPCErrorObject.methodNotFound, message: "Warden does not handle \(request.method)")
            )
        }
    }
}
