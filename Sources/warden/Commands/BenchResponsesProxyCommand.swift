import ArgumentParser
import Foundation
import Glibc
import WardenBenchmarks

/// `warden bench responses-proxy`: Warden's proxy against `codex responses-api-proxy`, same upstream, one run.
struct BenchResponsesProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "responses-proxy",
        abstract: "Latency, throughput and time to first event: warden responses-proxy vs codex responses-api-proxy."
    )

    @Option(help: "The codex binary (default: $WARDEN_CODEX_BIN, else ./.tools/codex-0.163.0/codex_cli_bin/bin/codex).") var codex: String?
    @Option(help: "Sequential requests per target (latency).") var requests = 500
    @Option(help: "Requests per target for throughput.") var throughputRequests = 4_000
    @Option(help: "Concurrent clients for throughput.") var concurrency = 16
    @Option(help: "Events in the slow stream.") var slowEvents = 6
    @Option(help: "Milliseconds between slow events.") var slowDelayMs = 300
    @Option(help: "Seconds any phase may take before the benchmark fails (the slow stream gets its own length on top).")
    var phaseTimeoutSeconds = 120
    @Flag(help: "Print the figures as JSON.") var json = false

    func validate() throws {
        guard requests > 0, throughputRequests > 0 else { throw ValidationError("request counts must be positive") }
        guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be 1…256") }
        guard slowEvents > 1, slowDelayMs > 0 else { throw ValidationError("the slow stream needs 2+ events and a positive delay") }
        guard phaseTimeoutSeconds > 0 else { throw ValidationError("--phase-timeout-seconds must be positive") }
    }

    func run() async throws {
        // A proxy that exits before reading its key must fail the benchmark, not kill it with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let codexPath = try LoadedConfiguration.codexBinary(codex)
        let wardenPath = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let parameters = ResponsesProxyBenchmark.Parameters(
            wardenPath: wardenPath,
            codexPath: codexPath,
            sequentialRequests: requests,
            throughputRequests: throughputRequests,
            concurrency: concurrency,
            slowEvents: slowEvents,
            slowDelay: .milliseconds(slowDelayMs),
            phaseTimeout: .seconds(phaseTimeoutSeconds)
        )
        let figures = try await ResponsesProxyBenchmark(parameters: parameters).run()
        try BenchOutput.print(figures, json: json, markdown: ResponsesProxyBenchmark.markdown(figures, parameters: parameters))
    }
}
