import Foundation
import Testing
import WardenBenchmarks
import WardenTestSupport

/// `warden bench responses-proxy`: one run against both proxies ends, and a stuck proxy fails it instead of hanging it.
@Suite("responses proxy benchmark")
struct ResponsesProxyBenchmarkTests {
    private static func parameters(warden: String, codex: String, phaseTimeout: Duration = .seconds(60)) -> ResponsesProxyBenchmark.Parameters {
        ResponsesProxyBenchmark.Parameters(
            wardenPath: warden,
            codexPath: codex,
            sequentialRequests: 5,
            throughputRequests: 16,
            concurrency: 2,
            slowEvents: 2,
            slowDelay: .milliseconds(50),
            phaseTimeout: phaseTimeout
        )
    }

    @Test("a run measures the upstream, warden's proxy and codex's proxy and prints the comparison")
    func measuresAllThreeTargets() async throws {
        let parameters = Self.parameters(warden: try BuiltProducts.path("warden"), codex: try CodexBinary.path())
        let figures = try await ResponsesProxyBenchmark(parameters: parameters).run()

        #expect(figures.map(\.target) == ["direct", "warden", "codex"])
        for figure in figures {
            #expect(figure.requestsPerSecond > 0)
            #expect(figure.p50Milliseconds > 0)
            #expect(figure.firstEventMilliseconds <= figure.lastEventMilliseconds)
        }
        let table = ResponsesProxyBenchmark.markdown(figures, parameters: parameters)
        #expect(table.contains("| codex |"))
        #expect(table.contains("throughput ratio (warden / codex)"))
    }

    @Test("a proxy that never writes its server-info file fails the start phase and is killed")
    func stuckProxyFailsAndIsKilled() async throws {
        let directory = NSTemporaryDirectory() + "warden-bench-test-\(UUID().uuidString.lowercased())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pidFile = directory + "/pid"
        let script = directory + "/stuck-proxy"
        try "#!/bin/sh\necho $$ > '\(pidFile)'\nexec sleep 3600\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        // Long enough for the direct and warm-up phases on a loaded machine, short enough to keep the test quick.
        let parameters = Self.parameters(warden: script, codex: try CodexBinary.path(), phaseTimeout: .seconds(5))

        let error = try await #require(throws: ResponsesProxyBenchmarkError.self) {
            try await ResponsesProxyBenchmark(parameters: parameters).run()
        }

        #expect(error.metricLabel == "phase_timed_out")
        #expect(error.description.contains("proxy start phase"))
        #expect(error.description.contains(script))
        let pidText = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(Int32(pidText))
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "the stuck proxy \(pid) is still alive")
    }

    @Test("a proxy that exits before listening fails the start with its exit status")
    func exitingProxyFails() async throws {
        let parameters = Self.parameters(warden: "/bin/false", codex: try CodexBinary.path())

        let error = try await #require(throws: ResponsesProxyBenchmarkError.self) {
            try await ResponsesProxyBenchmark(parameters: parameters).run()
        }

        #expect(error.metricLabel == "proxy_did_not_start")
        #expect(error.description.contains("exited with status 1"))
    }
}
