import Foundation

/// One JSON-RPC 2.0 message as exchanged with `codex app-server`, one per line.
///
/// The server omits the `"jsonrpc"` member on everything it sends, and adds `emittedAtMs` to
/// notifications; neither is required nor kept here. What Warden sends always carries
/// `"jsonrpc":"2.0"`.
public enum JSONRPCMessage: Sendable, Hashable {
    /// A request that expects a response with the same id.
    case request(id: JSONRPCID, method: String, params: JSONValue?)
    /// A notification: a method without an id, never answered.
    case notification(method: String, params: JSONValue?)
    /// A successful response.
    case response(id: JSONRPCID, result: JSONValue)
    /// An error response; the id is `nil` when the receiver could not read the request's id.
    case errorResponse(id: JSONRPCID?, error: JSONRPCErrorObject)

    /// Reads one line (without its newline).
    ///
    /// - Parameter line: the UTF-8 bytes of one JSON object.
    /// - Returns: the message the object is.
    /// - Throws: ``AppServerError/malformedMessage(method:_:)`` for anything that is not a JSON
    ///   object of one of the four kinds.
    public static func decode(line: some Collection<UInt8>) throws(AppServerError) -> JSONRPCMessage {
        let members: [String: JSONValue]
        do {
            members = try JSONDecoder().decode([String: JSONValue].self, from: Data(line))
        } catch {
            throw .malformedMessage("a line from the app-server is not a JSON object")
        }
        let id: JSONRPCID?
        switch members["id"] {
        case nil, .null?: id = nil
        case .integer(let number)?: id = .number(number)
        case .string(let text)?: id = .string(text)
        case .some: throw .malformedMessage("a message id is neither a number nor a string")
        }
        if let methodValue = members["method"] {
            guard let method = methodValue.stringValue else { throw .malformedMessage("a message method is not a string") }
            let params = members["params"]
            if let id { return .request(id: id, method: method, params: params) }
            return .notification(method: method, params: params)
        }
        if let errorValue = members["error"] {
            guard let error = try? errorValue.decode(as: JSONRPCErrorObject.self) else {
                throw .malformedMessage("an error response has no code and message")
            }
            return .errorResponse(id: id, error: error)
        }
        if let id, let result = members["result"] {
            return .response(id: id, result: result)
        }
        throw .malformedMessage("a message is neither a request, a notification nor a response")
    }

    /// The message as one line: compact JSON with `"jsonrpc":"2.0"`, ending in a newline.
    ///
    /// JSON escapes control characters inside strings, so the only newline is the last byte.
    /// - Returns: the bytes to write to the server's standard input.
    public func encodedLine() -> [UInt8] {
        var members: [String: JSONValue] = ["jsonrpc": .string("2.0")]
        switch self {
        case .request(let id, let method, let params):
            members["id"] = Self.value(of: id)
            members["method"] = .string(method)
            if let params { members["params"] = params }
        case .notification(let method, let params):
            members["method"] = .string(method)
            if let params { members["params"] = params }
        case .response(let id, let result):
            members["id"] = Self.value(of: id)
            members["result"] = result
        case .errorResponse(let id, let error):
            members["id"] = id.map(Self.value(of:)) ?? .null
            var object: [String: JSONValue] = ["code": .integer(error.code), "message": .string(error.message)]
            if let data = error.data { object["data"] = data }
            members["error"] = .object(object)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A JSONValue tree always encodes (no non-finite doubles come from decoding); fall back to
        // an empty object rather than trapping if one ever does not.
        let data = (try? encoder.encode(JSONValue.object(members))) ?? Data("{}".utf8)
        return Array(data) + [UInt8(ascii: "\n")]
    }

    private static func value(of id: JSONRPCID) -> JSONValue {
        switch id {
        case .number(let number): .integer(number)
        case .string(let text): .string(text)
        }
    }
}
