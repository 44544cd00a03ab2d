import Foundation
import Testing
import WardenTestSupport

/// The gateway's threads (spares, injected history, release) and its limits (keep-alives, the request
/// time limit, models by id), end to end: the built `warden gateway`, the real codex app-server, the
/// scripted model and the official `openai` Python client.
@Suite("Chat gateway threads and limits", .serialized)
struct GatewayThreadsAndLimitsTests {
    static let answer = "Hello from the scripted model."

    @Test("a request of a known shape takes a spare thread, earlier messages reach the model as history, every thread is released")
    func threads() async throws {
        try await GatewayHarness.with(defaultTurn: .message(Self.answer)) { gateway in
            let report = try await gateway.runPython("threads.py")
            #expect(report["answers"] as? [String] == Array(repeating: Self.answer, count: 4))

            let started = gateway.logged("gateway turn started")
            #expect(started.map { $0["spare_thread"] } == ["false", "true", "false", "true"], "the first of each shape starts its own")
            let threads = started.compactMap { $0["thread"] }
            #expect(Set(threads).count == 4, "no thread takes a second turn")

            let request = try #require(await gateway.model.requests.last { $0.path.hasSuffix("/responses") })
            let messages = request.input.filter { $0["type"]?.string == "message" }.map { item in
                "\(item["role"]?.string ?? "?"): \(item["content"]?[0]?["text"]?.string ?? "")"
            }
            #expect(Array(messages.suffix(3)) == ["user: What is 2+2?", "assistant: 4", "user: And 3+3?"])
            #expect(messages.contains("developer: Be brief."), "the system message is the thread's instructions")

            let (_, metrics) = try await gateway.get("/metrics")
            for line in [
                #"warden_gateway_threads_total{source="spare"} 2"#, #"warden_gateway_threads_total{source="started"} 2"#,
                #"warden_gateway_requests_total{outcome="ok",stream="false"} 4"#, "warden_gateway_time_to_first_token_seconds_count 4",
                "warden_gateway_turn_duration_seconds_count 4", "warden_gateway_queue_wait_seconds_count 4", "warden_gateway_active_turns 0.0",
                "warden_gateway_worker_restarts 0.0", "warden_gateway_worker_ready 1.0",
            ] {
                #expect(metrics.split(separator: "\n").contains(Substring(line)), "/metrics has \(line)")
            }

            let deadline = ContinuousClock.now + .seconds(10)
            var released: [String: String] = [:]
            while ContinuousClock.now < deadline {
                released = Dictionary(gateway.logged("released a gateway thread").map { ($0["thread"] ?? "", $0["status"] ?? "") }) { $1 }
                if threads.allSatisfy({ released[$0] != nil }) { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(threads.map { released[$0] } == Array(repeating: "unsubscribed", count: 4), "each thread is unsubscribed after its turn")
        }
    }

    @Test("response_format json_schema becomes the turn's output schema: codex sends it to the model as text.format")
    func structuredOutput() async throws {
        try await GatewayHarness.with(defaultTurn: .structured(#"{"city":"Lagos","population":15000000}"#)) { gateway in
            let report = try await gateway.runPython("structured.py")
            let answer = try #require(report["answer"] as? [String: Any])
            #expect(answer["city"] as? String == "Lagos" && answer["population"] as? Int == 15_000_000)
            let request = try #require(await gateway.model.requests.last { $0.path.hasSuffix("/responses") })
            let format = try #require(request.json?["text"]?["format"])
            #expect(format["type"]?.string == "json_schema")
            #expect(format["schema"]?["required"] == ["city", "population"])
            #expect(format["schema"]?["properties"]?["population"]?["type"]?.string == "integer")
        }
    }

    @Test("a silent stream gets keep-alives; over the time limit a request gets 504 and a stream an error frame; models by id")
    func limits() async throws {
        let silentFirst = ModelTurn.message(Self.answer, deltas: 3).with(firstByteMs: 1200)
        let never = ModelTurn.hang
        try await GatewayHarness.with(
            script: [silentFirst, silentFirst],
            defaultTurn: never,
            environment: ["WARDEN_GATEWAY_KEEPALIVE": "250ms", "WARDEN_GATEWAY_REQUEST_TIMEOUT": "3s"]
        ) { gateway in
            let report = try await gateway.runPython("limits.py")

            let raw = try #require(report["raw_stream"] as? [String: Any])
            #expect(raw["status"] as? Int == 200)
            #expect((raw["keep_alives_before_content"] as? Int ?? 0) >= 2, "a comment every 250 ms of the 1.2 s silence")
            #expect(raw["content"] as? String == Self.answer)
            #expect(raw["ends_with_done"] as? Bool == true)
            #expect((report["client_stream"] as? [String: Any])?["text"] as? String == Self.answer, "the client skips the comments")

            let plain = try #require(report["plain_timeout"] as? [String: Any])
            #expect(plain["raised"] as? String == "InternalServerError")
            #expect(plain["status"] as? Int == 504 && plain["code"] as? String == "timeout")
            #expect((plain["seconds"] as? Double ?? 0) >= 2.9)
            let stream = try #require(report["stream_timeout"] as? [String: Any])
            #expect(stream["raised"] as? String == "APIError" && stream["code"] as? String == "timeout")
            #expect((stream["seconds"] as? Double ?? 0) >= 2.9)
            #expect(gateway.logged("interrupted a gateway turn").count >= 2, "a timed-out turn is interrupted")
            let (_, metrics) = try await gateway.get("/metrics")
            #expect(metrics.contains("outcome=\"timeout\",stream=\"false\"") && metrics.contains("outcome=\"timeout\",stream=\"true\""))

            #expect(report["model"] as? String == "gpt-5.5")
            let unknown = try #require(report["unknown_model"] as? [String: Any])
            #expect(unknown["raised"] as? String == "NotFoundError")
            #expect(unknown["status"] as? Int == 404 && unknown["code"] as? String == "model_not_found")
        }
    }

    @Test("the sandbox mode is logged at startup and shown by /healthz; a weaker one and running as root are warned about")
    func sandboxAtStartup() async throws {
        try await GatewayHarness.with(defaultTurn: .message(Self.answer)) { gateway in
            #expect(gateway.logged("warden gateway starting").first?["sandbox_mode"] == "read-only")
            #expect(gateway.logged("codex sandbox is weaker than read-only").isEmpty)
            #expect(gateway.logged("running as root: the model's commands run as root inside codex's sandbox").count == (getuid() == 0 ? 1 : 0))
            let (status, body) = try await gateway.get("/healthz")
            #expect(status == 200 && body.contains(#""sandbox_mode":"read-only""#))
        }
        try await GatewayHarness.with(defaultTurn: .message(Self.answer), environment: ["WARDEN_SANDBOX_MODE": "workspace-write"]) { gateway in
            #expect(gateway.logged("codex sandbox is weaker than read-only").first?["sandbox_mode"] == "workspace-write")
            let (_, body) = try await gateway.get("/healthz")
            #expect(body.contains(#""sandbox_mode":"workspace-write""#))
        }
    }

    @Test("after WARDEN_GATEWAY_RECYCLE_AFTER turns the idle worker is replaced; requests during the replacement wait, none fails")
    func recyclesWorker() async throws {
        try await GatewayHarness.with(defaultTurn: .message(Self.answer), environment: ["WARDEN_GATEWAY_RECYCLE_AFTER": "2"]) { gateway in
            let report = try await gateway.runPython("recycle.py")
            #expect(report["answers"] as? [String] == Array(repeating: Self.answer, count: 5))
            let health = try #require(report["health"] as? [String: Any])
            #expect(health["recycles"] as? Int == 2, "after turns 2 and 4")
            #expect(health["restarts"] as? Int == 0, "a recycle is not a failure")
            #expect(health["worker_state"] as? String == "ready")
            let pids = Set((report["pids"] as? [Any] ?? []).compactMap { $0 as? Int } + [health["worker_pid"] as? Int].compactMap { $0 })
            #expect(pids.count == 3, "three workers served the five requests")
            #expect(gateway.logged("recycling the gateway's codex worker").map { $0["turns"] } == ["2", "2"])
            let (_, metrics) = try await gateway.get("/metrics")
            #expect(metrics.split(separator: "\n").contains("warden_gateway_worker_recycles 2.0"))
            #expect(metrics.split(separator: "\n").contains(#"warden_gateway_requests_total{outcome="ok",stream="true"} 3"#))
        }
    }
}
