import AsyncHTTPClient
import Codex
import Foundation
import Gateway
import NIOCore
import NIOHTTP1
import WardenCore
import WardenTestSupport

extension GatewayBenchmark {
    /// The function every tools run offers and the stand-in calls.
    static let toolName = "get_weather"
    /// The function's output the client sends back.
    static let toolOutput = "sunny, 21 C"

    /// `warden bench gateway --tools`: the two ways a function's result reaches the model, timed from the client's
    /// request carrying the result to the first content chunk of the answer.
    ///
    /// Each run asks (non-streamed) a question with one function; the stand-in calls it, and the gateway answers
    /// `tool_calls` with the turn kept waiting. Then, streamed:
    /// 1. waiting: the request with the result, which answers the waiting turn's `item/tool/call`: codex sends the
    ///    model its next request on the thread it has;
    /// 2. fresh: the same request again; no turn waits on that call any more, so the gateway starts a thread with
    ///    the dynamic tool, injects the history (the call and its output as items) and starts a turn.
    /// Both answers are the same streamed text, so the difference is the gateway's and codex's path alone.
    ///
    /// - Returns: the report.
    /// - Throws: ``GatewayBenchmarkError``; `CancellationError` when cancelled.
    public func runTools() async throws -> GatewayToolsBenchmarkReport {
        let workers = ProcessLedger()
        defer { workers.killSurvivors() }
        let modelServer = ScriptedModelServer(defaultTurn: .message(Self.answer, deltas: parameters.deltas), logger: logger, keepsRequests: false)
        let port = try await GatewayBenchmarkPhase.modelServerStart.run(limit: parameters.phaseTimeout) {
            do {
                return try await modelServer.start()
            } catch {
                throw GatewayBenchmarkError.setupFailed("the stand-in model server did not start: \(error)")
            }
        }
        do {
            let home: TestCodexHome
            do {
                home = try TestCodexHome(
                    modelServerPort: port,
                    apiKey: Self.providerKey,
                    root: parameters.scratchDirectory + "/gateway-tools-" + UUID().uuidString.lowercased()
                )
            } catch {
                throw GatewayBenchmarkError.setupFailed("the codex home under \(parameters.scratchDirectory) could not be written: \(error)")
            }
            defer { try? home.remove() }
            let samples = try await GatewayBenchmarkPhase.tools.run(limit: parameters.phaseTimeout, onTimeout: workers.killSurvivors) {
                try await measureTools(home: home, modelServer: modelServer, workers: workers)
            }
            await modelServer.stop()
            return GatewayToolsBenchmarkReport(
                runs: parameters.runs,
                warmUpRuns: parameters.warmUpRuns,
                deltas: parameters.deltas,
                pauseMs: Int((parameters.pause / .milliseconds(1)).rounded()),
                waiting: LatencySummary(samples.map(\.waiting)),
                fresh: LatencySummary(samples.map(\.fresh))
            )
        } catch {
            await modelServer.stop()
            throw error
        }
    }

    /// One run's two timings.
    private struct ToolSample: Sendable {
        var waiting: Duration
        var fresh: Duration
    }

    private func measureTools(home: TestCodexHome, modelServer: ScriptedModelServer, workers: ProcessLedger) async throws -> [ToolSample] {
        let parameters = self.parameters
        return try await withGateway(home: home, workers: workers, chat: ChatGatewaySettings()) { port, key in
            var samples: [ToolSample] = []
            for index in 0..<(parameters.warmUpRuns + parameters.runs) {
                let callID = "call_bench_\(index)"
                await modelServer.setScript([
                    .functionCall(name: Self.toolName, arguments: #"{"city":"Paris"}"#, callID: callID),
                    .message(Self.answer, deltas: parameters.deltas),
                    .message(Self.answer, deltas: parameters.deltas),
                ])
                try await Self.toolCall(port: port, key: key, expecting: callID)
                let withResult = Self.toolsBody(callID: callID, stream: true)
                let waiting = try await Self.streamedRequest(port: port, key: key, body: withResult, phase: .tools)
                let fresh = try await Self.streamedRequest(port: port, key: key, body: withResult, phase: .tools)
                if index >= parameters.warmUpRuns { samples.append(ToolSample(waiting: waiting, fresh: fresh)) }
                try await Task.sleep(for: parameters.pause)
            }
            return samples
        }
    }

    /// The request body of a tools run: the question and the function, and with `callID` the call and its result.
    static func toolsBody(callID: String?, stream: Bool) -> String {
        let tool = #"{"type":"function","function":{"name":"\#(toolName)","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}"#
        var messages = [#"{"role":"user","content":"\#(prompt)"}"#]
        if let callID {
            let call = #"{"id":"\#(callID)","type":"function","function":{"name":"\#(toolName)","arguments":"{\"city\":\"Paris\"}"}}"#
            messages.append(#"{"role":"assistant","content":null,"tool_calls":[\#(call)]}"#)
            messages.append(#"{"role":"tool","tool_call_id":"\#(callID)","content":"\#(toolOutput)"}"#)
        }
        return #"{"model":"\#(model)","stream":\#(stream),"tools":[\#(tool)],"messages":[\#(messages.joined(separator: ","))]}"#
    }

    /// Sends the question (non-streamed) and checks that the answer is the stand-in's call `callID`.
    private static func toolCall(port: Int, key: String, expecting callID: String) async throws {
        let request = chatRequest(port: port, key: key, body: toolsBody(callID: nil, stream: false))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        let body = String(buffer: try await response.body.collect(upTo: 1024 * 1024))
        guard response.status.code == 200 else { throw GatewayBenchmarkError.unexpectedStatus(Int(response.status.code), body: body) }
        guard
            let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
            let choice = (object["choices"] as? [[String: Any]])?.first, choice["finish_reason"] as? String == "tool_calls",
            let call = ((choice["message"] as? [String: Any])?["tool_calls"] as? [[String: Any]])?.first, call["id"] as? String == callID
        else {
            throw GatewayBenchmarkError.unexpectedAnswer(phase: .tools, "the question got \"\(body.prefix(300))\" instead of the call \(callID)")
        }
    }
}
