import Foundation

/// A final answer Codex must give as JSON: its schema goes to codex with `--output-schema`, and the
/// final message is decoded into the type and validated.
///
/// codex passes whatever the model answered through unchecked (even text that is not JSON), so
/// ``validate()`` is where a type states what its schema says and decoding alone does not catch:
/// ranges, non-empty strings, consistent fields.
public protocol StructuredOutput: Decodable, Sendable {
    /// The JSON Schema (as JSON text) the model's final message must follow.
    static var jsonSchema: String { get }

    /// Checks the decoded value.
    ///
    /// - Throws: any error describing what is wrong; the run then fails as invalid output.
    func validate() throws
}

extension StructuredOutput {
    /// Decodes and validates a final message.
    ///
    /// - Parameter text: the final `agent_message` text.
    /// - Returns: the validated value.
    /// - Throws: ``CodexError/invalidStructuredOutput(reason:)`` when the text is not JSON of this
    ///   type or does not validate.
    public static func decode(finalMessage text: String) throws(CodexError) -> Self {
        let value: Self
        do {
            value = try JSONDecoder().decode(Self.self, from: Data(text.utf8))
        } catch {
            throw .invalidStructuredOutput(reason: "the final message does not decode as \(Self.self): \(error)")
        }
        do {
            try value.validate()
        } catch {
            throw .invalidStructuredOutput(reason: "\(Self.self) does not validate: \(error)")
        }
        return value
    }
}
