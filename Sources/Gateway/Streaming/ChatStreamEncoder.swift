import Foundation

/// Turns the events of one answer into the server-sent event frames of the OpenAI stream, in the
/// order clients expect: a role chunk, content chunks, function call chunks, a final chunk with `finish_reason`, a usage
/// chunk (empty `choices`) only when asked for, then `data: [DONE]`.
///
/// Pure: it holds the stream's identity (one `id` and `created` per stream) and formats frames;
/// writing them is the caller's job.
public struct ChatStreamEncoder: Sendable {
    /// The stream's id.
    public let id: String
    /// Unix seconds when the stream started.
    public let created: Int
    /// The model name echoed to the client.
    public let model: String
    /// Whether the client asked for a usage chunk (`stream_options.include_usage`).
    public let includeUsage: Bool

    /// The frame that ends every successful stream.
    public static let done = "data: [DONE]\n\n"
    /// A comment frame that keeps proxies and clients from timing out during a long silence; the
    /// SDKs ignore comments.
    public static let keepAlive = ": keep-alive\n\n"
    /// The smallest comment frame, written during short silences to notice a client that left.
    public static let probe = ":\n\n"

    /// Creates an encoder for one stream.
    public init(id: String, created: Int, model: String, includeUsage: Bool) {
        self.id = id
        self.created = created
        self.model = model
        self.includeUsage = includeUsage
    }

    /// The first chunk: `delta: {"role":"assistant","content":""}`.
    public func roleFrame() -> String {
        frame(chunk(delta: .init(role: "assistant", content: "")))
    }

    /// A content chunk.
    public func contentFrame(_ text: String) -> String {
        frame(chunk(delta: .init(role: nil, content: text)))
    }

    /// The largest fragment of a call's arguments in one chunk; longer arguments are streamed in several.
    public static let argumentsFragmentLength = 256

    /// The chunks of function calls, numbered from `firstIndex`: per call, one chunk with its index, id, type and
    /// name (empty arguments), then its arguments in fragments of at most ``argumentsFragmentLength`` characters.
    public func toolCallFrames(_ calls: [ChatToolCall], firstIndex: Int = 0) -> [String] {
        var frames: [String] = []
        for (offset, call) in calls.enumerated() {
            let index = firstIndex + offset
            frames.append(frame(chunk(delta: .init(toolCalls: [.init(index: index, id: call.id, name: call.function.name, arguments: "")]))))
            for fragment in Self.fragments(of: call.function.arguments) {
                frames.append(frame(chunk(delta: .init(toolCalls: [.init(index: index, arguments: fragment)]))))
            }
        }
        return frames
    }

    /// `text` cut into pieces of at most ``argumentsFragmentLength`` characters (none for empty text).
    static func fragments(of text: String) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            pieces.append(String(rest.prefix(argumentsFragmentLength)))
            rest = rest.dropFirst(argumentsFragmentLength)
        }
        return pieces
    }

    /// The final chunk: an empty delta and the finish reason.
    public func finishFrame(_ reason: String) -> String {
        var final = chunk(delta: .init(role: nil, content: nil))
        final.finishReason = reason
        return frame(final)
    }

    /// The usage chunk (empty `choices`), or `nil` when the client did not ask for usage.
    public func usageFrame(_ usage: ChatUsage) -> String? {
        guard includeUsage else { return nil }
        return frame(ChatCompletionChunk(id: id, created: created, model: model, delta: nil, includesUsage: true, usage: usage))
    }

    /// The frames that end a successful answer: final chunk, usage chunk when asked for, `[DONE]`.
    public func endFrames(finishReason: String, usage: ChatUsage) -> [String] {
        [finishFrame(finishReason), usageFrame(usage), Self.done].compactMap { $0 }
    }

    /// An error after the stream started: `data: {"error":{…}}`; the SDKs raise `APIError` on it.
    public static func errorFrame(_ error: GatewayError) -> String {
        "data: " + encode(error.body) + "\n\n"
    }

    /// A new stream id, `chatcmpl-` and 24 random alphanumerics.
    public static func makeID() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        return "chatcmpl-" + String((0..<24).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] })
    }

    private func chunk(delta: ChatCompletionChunk.Delta) -> ChatCompletionChunk {
        ChatCompletionChunk(id: id, created: created, model: model, delta: delta, finishReason: nil, includesUsage: includeUsage, usage: nil)
    }

    private func frame(_ chunk: ChatCompletionChunk) -> String {
        "data: " + Self.encode(chunk) + "\n\n"
    }

    /// Compact JSON of a value the gateway defines; these encode without failing.
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
