import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Subprocess
import SystemPackage
import Testing
import WardenTestSupport

@Suite("ScriptedModelServer")
struct ScriptedModelServerTests {
    // MARK: Over HTTP

    @Test("streams a message turn as created, item added, text deltas, item done and completed with usage")
    func messageTurn() async throws {
        try await withServer([.message("Hello from the scripted model.", deltas: 3)]) { server, port in
            let (status, headers, events) = try await postResponses(port: port)
            #expect(status == .ok)
            #expect(headers.first(name: "content-type") == "text/event-stream")
            #expect(
                events.map(\.name) == [
                    "response.created", "response.output_item.added",
                    "response.output_text.delta", "response.output_text.delta", "response.output_text.delta",
                    "response.output_item.done", "response.completed",
                ]
            )
            #expect(events.map(\.type) == events.map(\.name))
            let deltas = events.filter { $0.name == "response.output_text.delta" }.compactMap { $0.json?["delta"]?.string }
            #expect(deltas.joined() == "Hello from the scripted model.")
            let done = try #require(events.first { $0.name == "response.output_item.done" }?.json?["item"])
            #expect(done["type"] == "message")
            #expect(done["role"] == "assistant")
            #expect(done["content"]?[0]?["text"] == "Hello from the scripted model.")
            let usage = try #require(events.last?.json?["response"]?["usage"])
            #expect(usage["input_tokens"] == 100)
            #expect(usage["input_tokens_details"]?["cached_tokens"] == 20)
            #expect(usage["output_tokens"] == 7)
            #expect(usage["output_tokens_details"]?["reasoning_tokens"] == 3)
            #expect(usage["total_tokens"] == 107)
            #expect(await server.requests.count == 1)
        }
    }

    @Test("puts a reasoning summary before the message when the turn has one")
    func reasoningBeforeMessage() async throws {
        try await withServer([.message("answer", reasoning: "**Thinking** it over")]) { _, port in
            let events = try await postResponses(port: port).events
            let items = events.filter { $0.name == "response.output_item.done" }.compactMap { $0.json?["item"] }
            #expect(items.map { $0["type"] } == ["reasoning", "message"])
            #expect(items.first?["summary"]?[0]?["text"] == "**Thinking** it over")
        }
    }

    @Test("sends an exec turn as an exec_command function call with JSON arguments")
    func execTurn() async throws {
        try await withServer([.exec("echo hi", callID: "call_echo", login: false)]) { _, port in
            let events = try await postResponses(port: port).events
            #expect(events.map(\.name) == ["response.created", "response.output_item.done", "response.completed"])
            let item = try #require(events[1].json?["item"])
            #expect(item["type"] == "function_call")
            #expect(item["name"] == "exec_command")
            #expect(item["call_id"] == "call_echo")
            let arguments = try #require(item["arguments"]?.string)
            #expect(ScriptedJSON.parse(Data(arguments.utf8)) == ["cmd": "echo hi", "login": false])
        }
    }

    @Test("sends function calls with a namespace and apply_patch as a custom tool call")
    func functionAndCustomToolCalls() async throws {
        let turn = ModelTurn.items([
            .functionCall(name: "echo", arguments: #"{"text":"hi"}"#, namespace: "mcp__echo", callID: "call_mcp"),
            .applyPatch("*** Begin Patch\n*** End Patch\n", callID: "call_patch"),
        ])
        try await withServer([turn]) { _, port in
            let items = try await postResponses(port: port).events.filter { $0.name == "response.output_item.done" }
                .compactMap { $0.json?["item"] }
            #expect(items.count == 2)
            #expect(items[0]["namespace"] == "mcp__echo")
            #expect(items[0]["arguments"] == #"{"text":"hi"}"#)
            #expect(items[1]["type"] == "custom_tool_call")
            #expect(items[1]["name"] == "apply_patch")
            #expect(items[1]["input"] == "*** Begin Patch\n*** End Patch\n")
        }
    }

    @Test("sends a structured turn as a message whose text is the JSON document")
    func structuredTurn() async throws {
        try await withServer([.structured(#"{"findings":[]}"#)]) { _, port in
            let done = try await postResponses(port: port).events.first { $0.name == "response.output_item.done" }
            #expect(done?.json?["item"]?["content"]?[0]?["text"] == #"{"findings":[]}"#)
        }
    }

    @Test("fills {{last_tool_output}} and {{request_count}} from the request")
    func placeholders() async throws {
        try await withServer([.message("request {{request_count}} saw: {{last_tool_output}}")]) { server, port in
            let body: ScriptedJSON = [
                "input": [
                    ["type": "function_call_output", "call_id": "a", "output": "first"],
                    ["type": "custom_tool_call_output", "call_id": "b", "output": "second"],
                ]
            ]
            let events = try await postResponses(port: port, body: body).events
            let text = events.first { $0.name == "response.output_item.done" }?.json?["item"]?["content"]?[0]?["text"]
            #expect(text == "request 1 saw: second")
            let recorded = try #require(await server.requests.first)
            #expect(server.toolOutputs(in: recorded) == ["first", "second"])
        }
    }

    @Test("records method, path, headers and the parsed body of every request")
    func recording() async throws {
        try await withServer([.message("one"), .message("two")]) { server, port in
            _ = try await postResponses(port: port, body: ["model": "gpt-5.5"], headers: ["Authorization": "Bearer sk-test"])
            _ = try await postResponses(port: port, body: ["model": "second"])
            let requests = try await server.waitForRequests(count: 2, timeout: .seconds(10))
            #expect(requests.map(\.sequence) == [1, 2])
            #expect(requests.map(\.method) == ["POST", "POST"])
            #expect(requests.map(\.path) == ["/v1/responses", "/v1/responses"])
            #expect(requests.map(\.turnIndex) == [0, 1])
            #expect(requests[0].header("authorization") == "Bearer sk-test")
            #expect(requests[0].headers["authorization"] == "Bearer sk-test")
            #expect(requests[0].json?["model"] == "gpt-5.5")
            #expect(String(decoding: requests[1].body, as: UTF8.self) == #"{"model":"second"}"#)
        }
    }

    @Test("stamps each request with the instant its head arrived")
    func arrival() async throws {
        try await withServer([.message("one")]) { server, port in
            let sent = ContinuousClock.now
            _ = try await postResponses(port: port)
            let received = ContinuousClock.now
            let request = try #require(try await server.waitForRequests(count: 1, timeout: .seconds(10)).first)
            #expect(sent <= request.arrival && request.arrival <= received)
        }
    }

    @Test("a server that keeps no requests still numbers and counts them")
    func keepsNoRequests() async throws {
        let server = ScriptedModelServer(defaultTurn: .message("request {{request_count}}"), keepsRequests: false)
        let port = try await server.start()
        let texts = [try await messageText(port: port), try await messageText(port: port)]
        let kept = try await server.waitForRequests(count: 2, timeout: .seconds(10))
        await server.stop()
        #expect(texts == ["request 1", "request 2"])
        #expect(kept.isEmpty)
    }

    @Test("answers WebSocket upgrade attempts with 426 and unknown paths with 404")
    func upgradeAndUnknownPaths() async throws {
        try await withServer([]) { server, port in
            var upgrade = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/responses")
            upgrade.headers.add(name: "Upgrade", value: "websocket")
            upgrade.headers.add(name: "Connection", value: "Upgrade")
            let upgradeResponse = try await HTTPClient.shared.execute(upgrade, timeout: .seconds(10))
            #expect(upgradeResponse.status.code == 426)
            let unknown = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(port)/elsewhere"),
                timeout: .seconds(10)
            )
            #expect(unknown.status == .notFound)
            #expect(await server.requests.map(\.turnIndex) == [nil, nil])
        }
    }

    @Test("serves an HTTP error turn with its status, headers and body")
    func httpErrorTurn() async throws {
        let turn = ModelTurn.httpError(status: 429, headers: ["retry-after": "2"], body: #"{"error":{"message":"slow down"}}"#)
        try await withServer([turn]) { _, port in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/responses")
            request.method = .POST
            request.body = .bytes(ByteBuffer(string: "{}"))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            #expect(response.status == .tooManyRequests)
            #expect(response.headers.first(name: "retry-after") == "2")
            #expect(response.headers.first(name: "content-type") == "application/json")
            let body = try await response.body.collect(upTo: 1 << 20)
            #expect(String(buffer: body) == #"{"error":{"message":"slow down"}}"#)
        }
    }

    @Test("ends a failed turn with response.failed carrying the code and message")
    func failedTurn() async throws {
        try await withServer([.failed(code: "context_length_exceeded", message: "too long")]) { _, port in
            let events = try await postResponses(port: port).events
            #expect(events.map(\.name) == ["response.created", "response.failed"])
            #expect(events[1].json?["response"]?["error"] == ["code": "context_length_exceeded", "message": "too long"])
        }
    }

    @Test("sends raw events exactly as scripted")
    func rawTurn() async throws {
        let turn = ModelTurn.raw([
            ModelTurn.RawEvent(name: "custom", data: "line one\nline two"),
            ModelTurn.RawEvent(["type": "response.completed", "response": ["id": "r"]]),
        ])
        try await withServer([turn]) { _, port in
            let bytes = try await postResponsesBody(port: port)
            #expect(
                bytes == "event: custom\ndata: line one\ndata: line two\n\n"
                    + "event: response.completed\ndata: {\"response\":{\"id\":\"r\"},\"type\":\"response.completed\"}\n\n"
            )
        }
    }

    @Test("drops the connection before response.completed for a broken turn")
    func brokenTurn() async throws {
        try await withServer([.broken]) { _, port in
            await #expect(throws: (any Error).self) {
                _ = try await postResponsesBody(port: port)
            }
        }
    }

    @Test("keeps a hanging stream open after its first event until the server stops")
    func hangingTurn() async throws {
        try await withServer([.hang]) { server, port in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/responses")
            request.method = .POST
            request.body = .bytes(ByteBuffer(string: "{}"))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            var iterator = response.body.makeAsyncIterator()
            let first = try #require(try await iterator.next())
            #expect(String(buffer: first).hasPrefix("event: response.created\n"))
            await server.stop()
            // The stream ends (or fails) once the server is gone; it never completes the response.
            var rest = ""
            do {
                while let chunk = try await iterator.next() { rest += String(buffer: chunk) }
            } catch {}
            #expect(!rest.contains("response.completed"))
        }
    }

    @Test("trickles a slow stream: the first event arrives before the response is complete")
    func slowStream() async throws {
        try await withServer([ModelTurn.message("slow", deltas: 4).with(delayMs: 200)]) { _, port in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/responses")
            request.method = .POST
            request.body = .bytes(ByteBuffer(string: "{}"))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            var chunks: [String] = []
            for try await chunk in response.body { chunks.append(String(buffer: chunk)) }
            #expect(chunks.count > 1)
            #expect(chunks.first?.contains("response.created") == true)
            #expect(chunks.first?.contains("response.completed") == false)
            #expect(chunks.joined().contains("response.completed"))
        }
    }

    @Test("reports the usage a turn is configured with")
    func configuredUsage() async throws {
        let usage = ModelTurn.Usage(inputTokens: 500, cachedInputTokens: 100, outputTokens: 35, reasoningOutputTokens: 15)
        try await withServer([ModelTurn.message("counted").with(usage: usage)]) { _, port in
            let completed = try await postResponses(port: port).events.last?.json?["response"]?["usage"]
            #expect(completed?["input_tokens"] == 500)
            #expect(completed?["total_tokens"] == 535)
        }
    }

    @Test("answers with the default turn once the script is exhausted, and setScript starts over")
    func defaultTurnAndSetScript() async throws {
        try await withServer([.message("scripted")]) { server, port in
            var texts = [try await messageText(port: port), try await messageText(port: port)]
            await server.setScript([.message("again")], defaultTurn: .message("fallback"))
            texts += [try await messageText(port: port), try await messageText(port: port)]
            #expect(texts == ["scripted", "The scripted model has no more turns.", "again", "fallback"])
            #expect(await server.requests.map(\.turnIndex) == [0, nil, 0, nil])
        }
    }

    @Test("fails a wait for requests that never come")
    func waitTimesOut() async throws {
        try await withServer([]) { server, _ in
            await #expect(throws: TestSupportError.self) {
                _ = try await server.waitForRequests(count: 1, timeout: .milliseconds(100))
            }
        }
    }

    // MARK: With the real codex binary

    @Test("drives the real codex binary to a completed turn with the scripted text", .timeLimit(.minutes(2)))
    func codexSaysHi() async throws {
        try await withServer([.message("Hi from the scripted model.", deltas: 2)]) { server, port in
            let home = try TestCodexHome(modelServerPort: port)
            defer { try? home.remove() }
            let run = try await runCodex(home: home, prompt: "say hi")
            #expect(run.exitCode == 0, "stderr: \(run.standardError)")
            let events = run.events
            #expect(events.contains { $0["type"] == "turn.completed" })
            let message = events.first { $0["type"] == "item.completed" && $0["item"]?["type"] == "agent_message" }
            #expect(message?["item"]?["text"] == "Hi from the scripted model.")
            let request = try #require(await server.requests.first)
            #expect(request.path == "/v1/responses")
            #expect(request.header("authorization") == "Bearer \(home.apiKey)")
            #expect(request.json?["model"] == "gpt-5.5")
        }
    }

    @Test("runs a scripted command and sends its output back in the next request", .timeLimit(.minutes(2)))
    func codexExecRoundTrip() async throws {
        let script: [ModelTurn] = [
            .exec("echo scripted-marker-42", callID: "call_echo"),
            .message("The tool said: {{last_tool_output}}"),
        ]
        try await withServer(script) { server, port in
            let home = try TestCodexHome(modelServerPort: port)
            defer { try? home.remove() }
            let run = try await runCodex(home: home, prompt: "run the command")
            #expect(run.exitCode == 0, "stderr: \(run.standardError)")
            let requests = try await server.waitForRequests(count: 2, timeout: .seconds(10))
            let outputs = server.toolOutputs(in: requests[1])
            #expect(outputs.count == 1)
            #expect(outputs.first?.contains("scripted-marker-42") == true)
            let command = run.events.first { $0["type"] == "item.completed" && $0["item"]?["type"] == "command_execution" }
            #expect(command?["item"]?["exit_code"] == 0)
            let message = run.events.first { $0["type"] == "item.completed" && $0["item"]?["type"] == "agent_message" }
            #expect(message?["item"]?["text"]?.string?.contains("scripted-marker-42") == true)
            #expect(run.events.contains { $0["type"] == "turn.completed" })
        }
    }

    @Test("codex completes the turn for each streamed shape", .timeLimit(.minutes(2)), arguments: CodexSuccessCase.all)
    func codexAcceptsShape(_ row: CodexSuccessCase) async throws {
        try await withServer([row.turn]) { _, port in
            let home = try TestCodexHome(modelServerPort: port)
            defer { try? home.remove() }
            let run = try await runCodex(home: home, prompt: "answer")
            #expect(run.exitCode == 0, "stderr: \(run.standardError)")
            let items = run.events.filter { $0["type"] == "item.completed" }.compactMap { $0["item"] }
            for (type, text) in row.expectedItems {
                #expect(items.contains { $0["type"] == .string(type) && $0["text"] == .string(text) }, "items: \(items)")
            }
            #expect(run.events.contains { $0["type"] == "turn.completed" })
        }
    }

    @Test("codex fails the turn with the scripted error", .timeLimit(.minutes(2)), arguments: CodexFailureCase.all)
    func codexReportsFailure(_ row: CodexFailureCase) async throws {
        try await withServer([row.turn]) { server, port in
            let home = try TestCodexHome(modelServerPort: port, streamIdleTimeoutMs: row.streamIdleTimeoutMs)
            defer { try? home.remove() }
            let run = try await runCodex(home: home, prompt: "answer")
            #expect(run.exitCode == 1, "stderr: \(run.standardError)")
            let failure = run.events.first { $0["type"] == "turn.failed" }?["error"]?["message"]?.string
            #expect(failure?.contains(row.messageFragment) == true, "turn.failed message: \(failure ?? "none")")
            #expect(await server.requests.count == 1)
        }
    }

    @Test("applies a scripted patch in the work directory and reports the result to the model", .timeLimit(.minutes(2)))
    func codexAppliesPatch() async throws {
        let patch = "*** Begin Patch\n*** Add File: hello.txt\n+hello from the patch\n*** End Patch\n"
        try await withServer([.applyPatch(patch, callID: "call_patch"), .message("patched: {{last_tool_output}}")]) { server, port in
            let home = try TestCodexHome(modelServerPort: port, extraConfig: [#"sandbox_mode = "workspace-write""#])
            defer { try? home.remove() }
            let run = try await runCodex(home: home, prompt: "add the file")
            #expect(run.exitCode == 0, "stderr: \(run.standardError)")
            let written = try String(contentsOfFile: home.workDirectory + "/hello.txt", encoding: .utf8)
            #expect(written == "hello from the patch\n")
            let requests = try await server.waitForRequests(count: 2, timeout: .seconds(10))
            #expect(server.toolOutputs(in: requests[1]).first?.contains("hello.txt") == true)
            let change = run.events.first { $0["type"] == "item.completed" && $0["item"]?["type"] == "file_change" }
            #expect(change?["item"]?["status"] == "completed")
        }
    }
}

/// A turn codex must complete, and the items (`type`, `text`) it must report for it.
struct CodexSuccessCase: Sendable, CustomTestStringConvertible {
    var name: String
    var turn: ModelTurn
    var expectedItems: [(String, String)]
    var testDescription: String { name }

    static let all: [CodexSuccessCase] = [
        CodexSuccessCase(
            name: "message with a reasoning summary",
            turn: .message("Reasoned answer.", reasoning: "**Planning** the work", deltas: 2),
            expectedItems: [("reasoning", "**Planning** the work"), ("agent_message", "Reasoned answer.")]
        ),
        CodexSuccessCase(
            name: "structured output",
            turn: .structured(#"{"summary":"ok","findings":[]}"#),
            expectedItems: [("agent_message", #"{"summary":"ok","findings":[]}"#)]
        ),
        CodexSuccessCase(
            name: "slow stream",
            turn: ModelTurn.message("Slowly but surely.", deltas: 3).with(delayMs: 100, firstByteMs: 100),
            expectedItems: [("agent_message", "Slowly but surely.")]
        ),
    ]
}

/// A turn codex must fail on, and part of the message its `turn.failed` event must carry.
struct CodexFailureCase: Sendable, CustomTestStringConvertible {
    var name: String
    var turn: ModelTurn
    var streamIdleTimeoutMs: Int?
    var messageFragment: String
    var testDescription: String { name }

    static let all: [CodexFailureCase] = [
        CodexFailureCase(
            name: "context window exceeded",
            turn: .failed(code: "context_length_exceeded", message: "too long"),
            messageFragment: "context window"
        ),
        CodexFailureCase(
            name: "HTTP 401",
            turn: .httpError(status: 401, body: #"{"error":{"message":"Incorrect API key provided"}}"#),
            messageFragment: "401"
        ),
        CodexFailureCase(name: "connection dropped mid-stream", turn: .broken, messageFragment: "stream disconnected"),
        CodexFailureCase(name: "stalled stream", turn: .hang, streamIdleTimeoutMs: 1000, messageFragment: "idle timeout"),
    ]
}

// MARK: - Helpers

/// Runs `body` with a started server and stops it afterwards, also when `body` throws.
private func withServer(
    _ script: [ModelTurn],
    _ body: (ScriptedModelServer, Int) async throws -> Void
) async throws {
    let server = ScriptedModelServer(script: script)
    let port = try await server.start()
    do {
        try await body(server, port)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

/// One parsed server-sent event.
private struct ParsedEvent {
    var name: String?
    var data: String
    var json: ScriptedJSON? { ScriptedJSON.parse(Data(data.utf8)) }
    var type: String? { json?["type"]?.string }
}

private func parseEvents(_ text: String) -> [ParsedEvent] {
    text.components(separatedBy: "\n\n").compactMap { block in
        var name: String?
        var data: [String] = []
        for line in block.split(separator: "\n") {
            if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
            if line.hasPrefix("data: ") { data.append(String(line.dropFirst(6))) }
        }
        return name == nil && data.isEmpty ? nil : ParsedEvent(name: name, data: data.joined(separator: "\n"))
    }
}

private func postResponses(
    port: Int,
    body: ScriptedJSON = [:],
    headers: [String: String] = [:]
) async throws -> (status: HTTPResponseStatus, headers: HTTPHeaders, events: [ParsedEvent]) {
    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/responses")
    request.method = .POST
    request.headers.add(name: "content-type", value: "application/json")
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    request.body = .bytes(ByteBuffer(string: body.serialized))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let bytes = try await response.body.collect(upTo: 1 << 24)
    return (response.status, response.headers, parseEvents(String(buffer: bytes)))
}

private func postResponsesBody(port: Int) async throws -> String {
    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/responses")
    request.method = .POST
    request.body = .bytes(ByteBuffer(string: "{}"))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    return String(buffer: try await response.body.collect(upTo: 1 << 24))
}

private func messageText(port: Int) async throws -> String? {
    let done = try await postResponses(port: port).events.first { $0.name == "response.output_item.done" }
    return done?.json?["item"]?["content"]?[0]?["text"]?.string
}

/// What one `codex exec --json` run printed.
private struct CodexRun {
    var exitCode: Int32?
    var standardOutput: String
    var standardError: String
    var events: [ScriptedJSON] {
        standardOutput.split(separator: "\n").compactMap { ScriptedJSON.parse(Data($0.utf8)) }
    }
}

/// Runs `codex exec --json --skip-git-repo-check -C <work> <prompt>` with stdin from /dev/null and only the
/// environment `TestCodexHome` gives.
private func runCodex(home: TestCodexHome, prompt: String) async throws -> CodexRun {
    let binary = try CodexBinary.path()
    var environment: [Subprocess.Environment.Key: String] = [:]
    for (name, value) in home.environment() {
        environment[try #require(Subprocess.Environment.Key(rawValue: name))] = value
    }
    let result = try await Subprocess.run(
        .path(FilePath(binary)),
        arguments: ["exec", "--json", "--skip-git-repo-check", "-C", home.workDirectory, prompt],
        environment: .custom(environment),
        workingDirectory: FilePath(home.workDirectory),
        input: .none,
        output: .string(limit: 1 << 22),
        error: .string(limit: 1 << 22)
    )
    let exitCode: Int32? = if case .exited(let code) = result.terminationStatus { code } else { nil }
    return CodexRun(
        exitCode: exitCode,
        standardOutput: result.standardOutput,
        standardError: result.standardError
    )
}
