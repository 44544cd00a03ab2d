/// The `error` member of a JSON-RPC error response, in either direction.
public struct JSONRPCErrorObject: Sendable, Hashable, Codable {
    /// The error code; the app-server answers every invalid request with `-32600`.
    public var code: Int
    /// The server's message, e.g. `thread not found: <id>`.
    public var message: String
    /// Extra data, if any.
    public var data: JSONValue?

    /// Creates an error object.
    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// The standard code for a method the receiver does not implement.
    public static let methodNotFound = -32601
    /// The code the app-server uses for every request it rejects.
    public static let invalidRequest = -32600
}
