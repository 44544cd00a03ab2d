import Foundation
import Testing
import WardenTestSupport

/// The tools `warden gateway` lets the chat model use, read from the request the scripted model server receives
/// through the real `codex app-server`: the review set by default, exactly what `gateway.tools` adds otherwise.
@Suite("Gateway tools", .serialized)
struct GatewayToolsTests {
    /// What codex 0.163 offers with only the shell allowed.
    static let readAndRun: Set<String> = ["exec_command", "write_stdin"]

    @Test(
        "the chat model is offered exactly the configured tools",
        arguments: [
            (nil as String?, readAndRun),
            ("shell,web_search", readAndRun.union(["web_search"])),
            ("shell,apply_patch", readAndRun.union(["apply_patch"])),
        ]
    )
    func offeredTools(setting: String?, expected: Set<String>) async throws {
        let environment = setting.map { ["WARDEN_GATEWAY_TOOLS": $0] } ?? [:]
        try await GatewayHarness.with(defaultTurn: .message("hello"), environment: environment) { gateway in
            let (status, body) = try await gateway.complete("hi")
            #expect(status == 200, "\(body)")
            let requests = await gateway.model.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/responses") }
            try #require(!requests.isEmpty)
            #expect(requests.allSatisfy { $0.toolNames == expected }, "\(requests.map(\.toolNames))")
        }
    }
}
