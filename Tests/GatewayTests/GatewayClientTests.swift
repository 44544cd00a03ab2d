import Foundation
import Testing
import WardenTestSupport

/// The gateway end to end: the built `warden gateway`, the real codex app-server, the scripted model,
/// and the official `openai` Python client.
@Suite("Chat gateway with the official OpenAI client", .serialized)
struct GatewayClientTests {
    static let answer = "Hello from the scripted model, streamed in deltas through the gateway."

    @Test("streams exactly what the model sent, in the order and shape the client expects")
    func streamsAndCompletes() async throws {
        let report = try await GatewayHarness.with(defaultTurn: .message(Self.answer, deltas: 5)) { gateway in
            try await gateway.runPython("stream_and_complete.py")
        }
        for mode in ["with_usage", "without_usage", "no_options"] {
            let stream = try #require(report[mode] as? [String: Any])
            #expect(stream["text"] as? String == Self.answer, "\(mode)")
            #expect((stream["ids"] as? [String])?.count == 1, "one id per stream (\(mode))")
            #expect((stream["created"] as? [Int])?.count == 1, "one created per stream (\(mode))")
            #expect(stream["objects"] as? [String] == ["chat.completion.chunk"])
            #expect(stream["models"] as? [String] == ["gpt-5.5"])
            #expect(stream["first_role"] as? String == "assistant")
            let reasons = try #require(stream["finish_reasons"] as? [Any])
            #expect(reasons.last as? String == "stop", "the last choice chunk finishes (\(mode))")
            #expect(reasons.dropLast().allSatisfy { $0 is NSNull }, "only the last choice chunk finishes (\(mode))")
        }
        let withUsage = try #require(report["with_usage"] as? [String: Any])
        let usageChunks = try #require(withUsage["usage_chunks"] as? [[String: Int]])
        #expect(usageChunks.count == 1)
        #expect(usageChunks.first?["choices"] == 0)
        #expect(usageChunks.first?["prompt"] == 100 && usageChunks.first?["completion"] == 7 && usageChunks.first?["total"] == 107)
        #expect(withUsage["last_has_usage"] as? Bool == true, "the usage chunk comes last")
        for mode in ["without_usage", "no_options"] {
            let stream = try #require(report[mode] as? [String: Any])
            #expect((stream["usage_chunks"] as? [Any])?.isEmpty == true, "no usage unless asked (\(mode))")
        }
        let complete = try #require(report["complete"] as? [String: Any])
        #expect(complete["object"] as? String == "chat.completion")
        #expect(complete["text"] as? String == Self.answer)
        #expect(complete["role"] as? String == "assistant")
        #expect(complete["finish_reason"] as? String == "stop")
        #expect(complete["total_tokens"] as? Int == 107)
        let raw = try #require(report["raw_complete"] as? [String: Any])
        #expect(raw["status"] as? Int == 200 && raw["object"] as? String == "chat.completion")
        #expect(raw["connection"] as? String == "close", "the answer says the connection closes")
        #expect(raw["closed_after"] as? Bool == true, "and the gateway closes it")
        #expect((report["models"] as? [String])?.isEmpty == false)
    }

    @Test("a wrong key is an AuthenticationError, n=2 and image parts are BadRequestErrors naming the parameter")
    func refusals() async throws {
        let report = try await GatewayHarness.with(defaultTurn: .message(Self.answer)) { gateway in
            try await gateway.runPython("refusals.py")
        }
        let wrongKey = try #require(report["wrong_key"] as? [String: Any])
        #expect(wrongKey["raised"] as? String == "AuthenticationError")
        #expect(wrongKey["code"] as? String == "invalid_api_key")
        let nTwo = try #require(report["n_two"] as? [String: Any])
        #expect(nTwo["raised"] as? String == "BadRequestError")
        #expect(nTwo["param"] as? String == "n")
        let image = try #require(report["image"] as? [String: Any])
        #expect(image["raised"] as? String == "BadRequestError")
        #expect(image["param"] as? String == "messages[0].content[1]")
    }

    @Test("streaming clients that half-close right after their request give their turn slot back; the next request is served")
    func halfClosedClientsReleaseSlots() async throws {
        let long = String(repeating: "word ", count: 40)
        let environment = ["WARDEN_GATEWAY_MAX_CONCURRENT_TURNS": "1", "WARDEN_GATEWAY_QUEUE_TIMEOUT": "5s"]
        try await GatewayHarness.with(defaultTurn: .message(long, deltas: 40).with(delayMs: 50), environment: environment) { gateway in
            let report = try await gateway.runPython("half_close.py")
            let after = try #require(report["after"] as? [String: Any])
            #expect(after["status"] as? Int == 200, "\(report)")
            var active: Double?
            let deadline = ContinuousClock.now + .seconds(10)
            repeat {
                let (_, metrics) = try await gateway.get("/metrics")
                let line = metrics.split(separator: "\n").first { $0.hasPrefix("warden_gateway_active_turns ") }
                active = line.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) }
                if active == 0 { break }
                try await Task.sleep(for: .milliseconds(100))
            } while ContinuousClock.now < deadline
            #expect(active == 0)
        }
    }

    @Test("an answer quoting Codex's auth.json reaches the client with [redacted], streamed (split across deltas) or not")
    func redactsSecrets() async throws {
        let token = "rt_gateway-canary-refresh-9c41e7"
        let answer = "Here it is: {\"refresh_token\": \"\(token)\"} — and the gateway key " + GatewayHarness.apiKey + " too."
        let authFile = #"{"auth_mode":"chatgpt","tokens":{"refresh_token":"\#(token)"}}"#
        try await GatewayHarness.with(defaultTurn: .message(answer, deltas: 40)) { home in
            try authFile.write(toFile: home.codexHome + "/auth.json", atomically: true, encoding: .utf8)
        } _: { gateway in
            let report = try await gateway.runPython("redaction.py")
            for key in ["plain", "streamed"] {
                let content = try #require(report[key] as? String)
                #expect(!content.contains(token) && !content.contains(GatewayHarness.apiKey), "\(key): \(content)")
                #expect(content.contains("[redacted]") && content.hasPrefix("Here it is:") && content.hasSuffix("too."), "\(key): \(content)")
            }
            let (_, metrics) = try await gateway.get("/metrics")
            #expect(metrics.contains("warden_output_redactions_total{surface=\"gateway\"} 4"), "\(metrics)")
        }
    }

    @Test("closing the stream early interrupts the turn, which closes codex's stream at the model server")
    func closingInterrupts() async throws {
        let long = String(repeating: "word ", count: 200)
        try await GatewayHarness.with(defaultTurn: .message(long, deltas: 200).with(delayMs: 100)) { gateway in
            let report = try await gateway.runPython("close_early.py")
            #expect((report["received"] as? String)?.isEmpty == false)
            // The gateway notices the closed stream at its next write and interrupts the turn.
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline, !gateway.log.contains("interrupted a gateway turn") {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(gateway.log.contains("interrupted a gateway turn"))
            // Uninterrupted, the model's stream would run 20 s more; interrupted, codex drops it at once.
            let modelPort = try #require(await gateway.model.port)
            while ContinuousClock.now < deadline, TCPConnections.established(toLocalPort: modelPort) > 0 {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(TCPConnections.established(toLocalPort: modelPort) == 0)
            let (_, metrics) = try await gateway.get("/metrics")
            #expect(metrics.contains("outcome=\"client_closed\""))
        }
    }

    @Test("a client that leaves a non-streamed request interrupts its turn at once, not at the request time limit")
    func leavingNonStreamedInterrupts() async throws {
        let long = String(repeating: "word ", count: 60)
        try await GatewayHarness.with(defaultTurn: .message(long, deltas: 60).with(delayMs: 1000)) { gateway in
            let report = try await gateway.runPython("close_non_streaming.py")
            #expect(report["raised"] as? String == "APITimeoutError")
            let left = ContinuousClock.now
            let deadline = left + .seconds(10)
            while ContinuousClock.now < deadline, !gateway.log.contains("interrupted a gateway turn") {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(gateway.log.contains("interrupted a gateway turn"))
            #expect(left.duration(to: .now) < .seconds(5), "interrupted when the client left, not when a write failed")
            // Uninterrupted, the model's stream would run a minute more; interrupted, codex drops it at once.
            let modelPort = try #require(await gateway.model.port)
            while ContinuousClock.now < deadline, TCPConnections.established(toLocalPort: modelPort) > 0 {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(TCPConnections.established(toLocalPort: modelPort) == 0)
            let (_, metrics) = try await gateway.get("/metrics")
            #expect(metrics.contains("outcome=\"client_closed\",stream=\"false\""))
        }
    }

    @Test("a killed worker fails the stream, then gives a retryable 503, then serves again after the restart")
    func workerRestart() async throws {
        let slow = String(repeating: "chunk ", count: 100)
        let report = try await GatewayHarness.with(defaultTurn: .message(slow, deltas: 100).with(delayMs: 50)) { gateway in
            try await gateway.runPython("worker_restart.py")
        }
        let midStream = try #require(report["mid_stream"] as? [String: Any])
        #expect(midStream["raised"] as? String == "APIError")
        #expect(midStream["code"] as? String == "worker_failed")
        let next = try #require(report["next"] as? [String: Any])
        #expect(next["status"] as? Int == 503)
        #expect(next["should_retry"] as? String == "true")
        let after = try #require(report["after_restart"] as? [String: Any])
        #expect(after["text"] as? String == slow)
        let health = try #require(report["health"] as? [String: Any])
        #expect(health["restarts"] as? Int == 1)
        #expect(health["worker_state"] as? String == "ready")
        #expect(health["sandbox_mode"] as? String == "read-only")
        #expect(health["worker_pid"] as? Int != report["pid_killed"] as? Int)
    }

    @Test("a burst beyond the admission limit queues, then gets 429 with Retry-After")
    func burst() async throws {
        let report = try await GatewayHarness.with(
            defaultTurn: .message("slow answer", deltas: 1).with(firstByteMs: 3000),
            environment: ["WARDEN_GATEWAY_MAX_CONCURRENT_TURNS": "1", "WARDEN_GATEWAY_QUEUE_TIMEOUT": "1s"]
        ) { gateway in
            try await gateway.runPython("burst.py")
        }
        let outcomes = try #require(report["outcomes"] as? [[String: Any]])
        #expect(outcomes.count == 3)
        // One is admitted (normally the first; on a loaded machine the requests may arrive in another order), the
        // other two wait their queue timeout and are refused.
        #expect(outcomes.filter { $0["status"] as? Int == 200 }.count == 1)
        for refused in outcomes where refused["status"] as? Int != 200 {
            #expect(refused["status"] as? Int == 429)
            #expect(refused["raised"] as? String == "RateLimitError")
            #expect(refused["retry_after"] as? String == "1")
            #expect((refused["seconds"] as? Double ?? 0) >= 0.9, "it waited in the queue first")
        }
    }
}

/// Established TCP connections from `/proc/net/tcp` and `/proc/net/tcp6`.
enum TCPConnections {
    /// How many established connections have `port` as their local port (the server side).
    static func established(toLocalPort port: Int) -> Int {
        let hexPort = String(format: ":%04X", port)
        var count = 0
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = try? String(contentsOfFile: table, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                guard fields.count > 3 else { continue }
                if fields[1].hasSuffix(hexPort), fields[3] == "01" { count += 1 }
            }
        }
        return count
    }
}
