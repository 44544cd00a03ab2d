/// A webhook body that cannot be read as a GitLab event; the receiver answers it with 400.
///
/// The ``description`` is a fixed sentence that never quotes the body, so it is safe to return in the response and
/// to log.
public struct WebhookDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case emptyBody = "empty_body"
        case malformedJSON = "malformed_json"
        case notAnObject = "not_an_object"
    }

    private let code: Code

    private init(code: Code) {
        self.code = code
    }

    /// The body has no bytes at all.
    public static var emptyBody: Self { Self(code: .emptyBody) }

    /// The body is not valid JSON (truncated, not UTF-8, nested too deeply, …).
    public static var malformedJSON: Self { Self(code: .malformedJSON) }

    /// The body is valid JSON but not an object (an array, a string, a number, `null`).
    public static var notAnObject: Self { Self(code: .notAnObject) }

    /// A short, low-cardinality form for metric labels.
    public var metricLabel: String { code.rawValue }

    /// The reason as a sentence, safe to send back in a 400 body.
    public var description: String {
        switch code {
        case .emptyBody: "webhook body is empty"
        case .malformedJSON: "webhook body is not valid JSON"
        case .notAnObject: "webhook body is not a JSON object"
        }
    }
}
