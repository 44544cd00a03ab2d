import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The Responses-API stand-in of ``GatewayBenchmark``: every `POST /v1/responses` gets the same
/// assistant message as a server-sent event stream at full speed, in the shape codex 0.163 accepts
/// (`response.created`, `output_item.added`, `output_text.delta` × N, `output_item.done`,
/// `response.completed` with usage).
///
/// It holds no state between requests, so the direct and the gateway phases see the same script.
struct BenchmarkModelServer: Sendable {
    /// The largest request body read; codex's requests (history plus tool schemas) stay far below it.
    static let maximumBodySize = 64 * 1024 * 1024

    /// The assistant message of every turn.
    let answer: String
    /// How many `response.output_text.delta` events carry it.
    let deltas: Int

    /// The server on 127.0.0.1 at a port the system picks; run it as a service.
    ///
    /// - Parameters:
    ///   - logger: Hummingbird's logger.
    ///   - onListening: called with the bound port.
    /// - Returns: the application.
    func makeApplication(logger: Logger, onListening: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let router = Router()
        let answer = answer
        let deltas = deltas
        router.post("/v1/responses") { request, _ -> Response in
            _ = try await request.body.collect(upTo: Self.maximumBodySize)
            let events = Self.events(answer: answer, deltas: deltas, responseID: "resp_\(UUID().uuidString.lowercased())")
            let body = ResponseBody { writer in
                for event in events { try await writer.write(ByteBuffer(string: event)) }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    /// One turn's events in SSE wire form.
    ///
    /// - Parameters:
    ///   - answer: the message text.
    ///   - deltas: how many delta events carry it (fewer when the text is shorter).
    ///   - responseID: the response's id.
    /// - Returns: `response.created`, `response.output_item.added`, the deltas,
    ///   `response.output_item.done`, `response.completed` (100 input tokens, 20 cached, 7 output, 3 reasoning).
    static func events(answer: String, deltas: Int, responseID: String) -> [String] {
        let itemID = "msg_\(responseID)_0"
        let emptyItem: [String: Any] = ["type": "message", "role": "assistant", "id": itemID, "content": [Any]()]
        var fullItem = emptyItem
        fullItem["content"] = [["type": "output_text", "text": answer]]
        var events = [
            event(["type": "response.created", "response": ["id": responseID]]),
            event(["type": "response.output_item.added", "output_index": 0, "item": emptyItem]),
        ]
        for piece in split(answer, into: deltas) {
            events.append(
                event(["type": "response.output_text.delta", "item_id": itemID, "output_index": 0, "content_index": 0, "delta": piece])
            )
        }
        events.append(event(["type": "response.output_item.done", "output_index": 0, "item": fullItem]))
        let usage: [String: Any] = [
            "input_tokens": 100, "input_tokens_details": ["cached_tokens": 20],
            "output_tokens": 7, "output_tokens_details": ["reasoning_tokens": 3], "total_tokens": 107,
        ]
        events.append(event(["type": "response.completed", "response": ["id": responseID, "usage": usage]]))
        return events
    }

    /// `text` cut into `count` consecutive pieces of nearly equal length (fewer when it is shorter).
    static func split(_ text: String, into count: Int) -> [String] {
        let characters = Array(text)
        let pieces = max(1, min(count, characters.count))
        return (0..<pieces).map { piece in
            String(characters[characters.count * piece / pieces..<characters.count * (piece + 1) / pieces])
        }
    }

    /// `payload` as one SSE event named after its `type`.
    private static func event(_ payload: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return "event: \(payload["type"] as? String ?? "message")\ndata: \(String(decoding: data, as: UTF8.self))\n\n"
    }
}
