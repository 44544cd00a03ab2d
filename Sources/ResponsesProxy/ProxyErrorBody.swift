public import Foundation

/// The JSON body of an error the proxy itself answers, in the OpenAI API's shape, so clients (codex) report it
/// like any API error: `{"error":{"message":…,"type":…,"param":null,"code":…}}`.
public enum ProxyErrorBody {
    /// The body for a failure to reach or hear from the upstream (`502`/`504`).
    /// - Parameter error: The failure; its sentence is the message and its metric label the code.
    /// - Returns: The JSON bytes.
    public static func upstreamFailure(_ error: ResponsesProxyError) -> Data {
        encode(message: error.description, type: "proxy_error", code: error.metricLabel)
    }

    /// The body for a request body over the limit (`413`).
    /// - Parameter limit: The limit in bytes.
    /// - Returns: The JSON bytes.
    public static func requestTooLarge(limit: Int) -> Data {
        encode(message: "The request body exceeds the proxy's limit of \(limit) bytes.", type: "invalid_request_error", code: "request_too_large")
    }

    private static func encode(message: String, type: String, code: String) -> Data {
        let object: [String: Any] = ["error": ["message": message, "type": type, "param": NSNull(), "code": code]]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }
}
