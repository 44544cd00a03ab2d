import Foundation
import Testing
import WardenCore
import WardenTestSupport

@testable import Codex

@Suite("App-server turns against the real codex", .serialized)
struct AppServerTurnTests {
    @Test("a turn streams message deltas and completes with token usage")
    func streamsDeltas() async throws {
        let text = "Hello from the mock via app-server, streamed in deltas."
        try await AppServerHarness.with(script: [.message(text, deltas: 4)]) { harness in
            let (connection, thread) = try await harness.startThread()
            let turn = try await connection.startTurn(thread: thread, input: "say hi")
            let events = try await collect(turn)

            #expect(events.deltas.count >= 2)
            #expect(events.deltas.joined() == text)
            let message = events.compactMap { event -> AppServerItem? in
                if case .itemCompleted(let item) = event, item.type == "agentMessage" { return item }
                return nil
            }
            #expect(message.first?.text == text)
            let usage = events.compactMap { event -> AppServerTokenUsage? in
                if case .tokenUsage(let usage) = event { return usage }
                return nil
            }
            #expect(usage.last?.total.totalTokens == 107)
            #expect(usage.last?.last.outputTokens == 7)
            #expect(events.completion?.status == .completed)
            #expect(events.last.map { if case .completed = $0 { true } else { false } } == true)
        }
    }

    @Test("injected items reach the model as history before the turn's message; unsubscribing ends the subscription")
    func injectsHistoryAndUnsubscribes() async throws {
        try await AppServerHarness.with(script: [.message("six")]) { harness in
            let (connection, thread) = try await harness.startThread()
            try await connection.injectItems(
                [message("user", "input_text", "What is 2+2?"), message("assistant", "output_text", "4")],
                into: thread
            )
            let events = try await collect(try await connection.startTurn(thread: thread, input: "And 3+3?"))
            #expect(events.completion?.status == .completed)

            let request = try #require(await harness.model.requests.last { $0.path.hasSuffix("/responses") })
            let messages = request.input.filter { $0["type"]?.string == "message" }.map { item in
                "\(item["role"]?.string ?? "?"): \(item["content"]?[0]?["text"]?.string ?? "")"
            }
            #expect(Array(messages.suffix(3)) == ["user: What is 2+2?", "assistant: 4", "user: And 3+3?"])

            #expect(try await connection.unsubscribe(from: thread) == "unsubscribed")
            #expect(try await connection.unsubscribe(from: thread) == "notSubscribed")
        }
    }

    /// A Responses API message item of one text part.
    private func message(_ role: String, _ partType: String, _ text: String) -> JSONValue {
        .object(["type": .string("message"), "role": .string(role), "content": .array([.object(["type": .string(partType), "text": .string(text)])])])
    }

    @Test("injecting into a thread the worker does not have is an RPC error; the connection stays usable")
    func injectIntoUnknownThread() async throws {
        try await AppServerHarness.with(script: []) { harness in
            let (connection, _) = try await harness.startThread()
            let unknown = try #require(ThreadID("01a20000-0000-7000-8000-000000000000"))
            await #expect {
                try await connection.injectItems([message("user", "input_text", "hello")], into: unknown)
            } throws: { error in
                let error = error as? AppServerError
                return error?.method == "thread/inject_items" && error?.rpcError != nil
            }
            #expect(await !connection.isClosed)
            _ = try await harness.startThread()
        }
    }

    @Test("the model's shell finds the wheel's ripgrep")
    func bundledRipgrep() async throws {
        try await AppServerHarness.with(script: [.exec("command -v rg"), .message("rg is at {{last_tool_output}}")]) { harness in
            let (connection, thread) = try await harness.startThread()
            let events = try await collect(try await connection.startTurn(thread: thread, input: "where is rg?"))
            #expect(events.completion?.status == .completed)
            #expect(events.deltas.joined().contains("codex_cli_bin/codex-path/rg"), "\(events.deltas.joined())")
        }
    }

    @Test("turn/interrupt stops a slow turn, which completes as interrupted")
    func interruptsSlowTurn() async throws {
        // The turn is slow because the model's command runs for a minute; the model stream itself has ended,
        // so interrupting does not cut an HTTP stream of the scripted server short.
        try await AppServerHarness.with(script: [.exec("sleep 60", callID: "call_sleep"), .message("slept")]) { harness in
            let (connection, thread) = try await harness.startThread(sandbox: .dangerFullAccess)
            let turn = try await connection.startTurn(thread: thread, input: "take your time")
            var events: [AppServerTurnEvent] = []
            for try await event in turn.events {
                events.append(event)
                if case .itemStarted(let item) = event, item.type == "commandExecution" {
                    try await connection.interruptTurn(turn.id, thread: thread)
                }
            }

            #expect(events.completion?.status == .interrupted)
            #expect(!events.contains { if case .agentMessageDelta = $0 { true } else { false } })
            let modelRequests = await harness.model.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/responses") }
            #expect(modelRequests.count == 1)
        }
    }

    @Test("an approval request is declined by default and the turn still completes")
    func declinesApprovals() async throws {
        let harness = try await AppServerHarness.start(script: [
            .exec("touch approved.txt && echo created", callID: "call_touch"),
            .message("the command said: {{last_tool_output}}"),
        ])
        defer { Task { await harness.stop() } }
        let (connection, thread) = try await harness.startThread(approvalPolicy: .untrusted, sandbox: .workspaceWrite)
        let turn = try await connection.startTurn(thread: thread, input: "create a file")
        let events = try await collect(turn)

        #expect(
            events.contains(
                .serverRequest(
                    method: "item/commandExecution/requestApproval",
                    itemID: "call_touch",
                    answer: .result(.object(["decision": .string("decline")]))
                )
            )
        )
        let command = events.compactMap { event -> AppServerItem? in
            if case .itemCompleted(let item) = event, item.type == "commandExecution" { return item }
            return nil
        }
        #expect(command.first?.status == "declined")
        #expect(events.completion?.status == .completed)
        #expect(!FileManager.default.fileExists(atPath: harness.home.workDirectory + "/approved.txt"))
    }
}
