import Foundation
import Testing
import WardenTestSupport

/// What a client sees when the model fails, end to end: the scripted model fails the real codex
/// app-server's request, codex fails the turn, the gateway maps it onto OpenAI's status and code.
@Suite("Chat gateway model failures", .serialized)
struct GatewayFailuresTests {
    static let contextWindow = ModelTurn.failed(
        code: "context_length_exceeded",
        message: "Your input exceeds the context window of this model. Please adjust your input and try again."
    )

    @Test("context window → 400, quota → 429, the provider refusing codex's key → 502, rate limit → 429, mid-stream → error frame")
    func mapsModelFailures() async throws {
        let script: [ModelTurn] = [
            Self.contextWindow,
            .failed(code: "insufficient_quota", message: "You exceeded your current quota, please check your plan and billing details."),
            .httpError(
                status: 401,
                body: #"{"error":{"message":"Incorrect API key provided: sk-bench-dummy.","type":"invalid_request_error","code":"invalid_api_key"}}"#
            ),
            .httpError(
                status: 429, headers: ["retry-after": "1"],
                body: #"{"error":{"message":"Rate limit reached for requests","type":"requests","code":"rate_limit_exceeded"}}"#
            ),
            Self.contextWindow,
        ]
        let report = try await GatewayHarness.with(script: script, defaultTurn: .message("unexpected")) { gateway in
            try await gateway.runPython("failures.py")
        }
        func outcome(_ name: String) throws -> [String: Any] { try #require(report[name] as? [String: Any], "\(name)") }

        let context = try outcome("context_window")
        #expect(context["raised"] as? String == "BadRequestError")
        #expect(context["status"] as? Int == 400 && context["code"] as? String == "context_length_exceeded")
        let quota = try outcome("quota")
        #expect(quota["raised"] as? String == "RateLimitError")
        #expect(quota["status"] as? Int == 429 && quota["code"] as? String == "insufficient_quota")
        let key = try outcome("provider_key")
        #expect(key["raised"] as? String == "InternalServerError")
        #expect(key["status"] as? Int == 502 && key["code"] as? String == "upstream_authentication")
        #expect((key["message"] as? String)?.contains("sk-") == false, "the provider's message (and any key in it) is not passed on")
        let rate = try outcome("rate_limit")
        #expect(rate["raised"] as? String == "RateLimitError")
        #expect(rate["status"] as? Int == 429 && rate["code"] as? String == "rate_limit_exceeded")
        let stream = try outcome("stream_context_window")
        #expect(stream["raised"] as? String == "APIError" && stream["code"] as? String == "context_length_exceeded")
    }
}
