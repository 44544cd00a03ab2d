import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Testing
import WardenTestSupport

/// `warden serve --with-gateway`: one process answers webhooks and chat completions on one port.
@Suite("warden serve --with-gateway")
struct ServeWithGatewayTests {
    @Test("the built binary takes webhooks and chat completions on one port and exports both sets of metrics")
    func webhooksAndChatOnOnePort() async throws {
        let model = ScriptedModelServer(defaultTurn: .message("hello from serve"))
        let modelPort = try await model.start()
        let home = try TestCodexHome(modelServerPort: modelPort)
        let data = try TestDataDirectory()
        let outputPath = data.path + "/serve.out"
        let logPath = data.path + "/serve.log"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try BuiltProducts.path("warden"))
        process.arguments = ["serve", "--with-gateway"]
        var environment = home.environment()
        environment.merge([
            "WARDEN_LISTEN": "127.0.0.1:0",
            "WARDEN_DATA_DIR": data.path,
            "WARDEN_CODEX_BIN": try CodexBinary.path(),
            "WARDEN_CODEX_HOME": home.codexHome,
            "WARDEN_GITLAB_WEBHOOK_SECRET": "hook-secret-of-16-chars",
            "WARDEN_GATEWAY_API_KEY": "serve-gateway-key-0123456789",
        ]) { $1 }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        // Files, not pipes: nothing in this process has to keep draining the child's output.
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try process.run()
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            data.remove()
            try? home.remove()
        }

        let port = try await Self.waitForPort(outputPath: outputPath, process: process)
        let base = "http://127.0.0.1:\(port)"

        var hook = HTTPClientRequest(url: base + "/webhooks/gitlab")
        hook.method = .POST
        hook.headers.add(name: "X-Gitlab-Event", value: "Merge Request Hook")
        hook.headers.add(name: "X-Gitlab-Token", value: "hook-secret-of-16-chars")
        hook.body = .bytes(ByteBuffer(data: try SharedFixtures.data("gitlab/mr_open_docs_derived.json")))
        #expect(try await HTTPClient.shared.execute(hook, timeout: .seconds(30)).status.code == 202)

        // The app-server may still be starting: 503 with x-should-retry until it is ready.
        let deadline = ContinuousClock.now + .seconds(60)
        var answer: [String: Any]?
        while ContinuousClock.now < deadline {
            var chat = HTTPClientRequest(url: base + "/v1/chat/completions")
            chat.method = .POST
            chat.headers.add(name: "Authorization", value: "Bearer serve-gateway-key-0123456789")
            chat.headers.add(name: "Content-Type", value: "application/json")
            chat.body = .bytes(ByteBuffer(string: #"{"model":"gpt-5.5","messages":[{"role":"user","content":"hi"}]}"#))
            let response = try await HTTPClient.shared.execute(chat, timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 1 << 20)
            if response.status.code == 200 {
                answer = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
                break
            }
            #expect(response.status.code == 503, "\(String(buffer: body))")
            try await Task.sleep(for: .milliseconds(200))
        }
        let choices = try #require(answer?["choices"] as? [[String: Any]])
        #expect((choices.first?["message"] as? [String: Any])?["content"] as? String == "hello from serve")

        let metrics = try await HTTPClient.shared.execute(HTTPClientRequest(url: base + "/metrics"), timeout: .seconds(30))
        let text = String(buffer: try await metrics.body.collect(upTo: 1 << 20))
        #expect(text.contains(#"warden_webhook_deliveries_total{event="merge_request",outcome="enqueued",forge="gitlab"} 1"#))
        #expect(text.contains("warden_gateway"))

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        await model.stop()
    }

    static func waitForPort(outputPath: String, process: Process) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, process.isRunning {
            let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            if let line = output.split(separator: "\n").first(where: { $0.hasPrefix("warden serve listening on port ") }),
                let port = Int(line.split(separator: " ").last ?? "")
            {
                return port
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestSupportError.timedOut(waitingFor: "warden serve to listen", observed: "no port line on stdout", timeout: .seconds(60))
    }
}
