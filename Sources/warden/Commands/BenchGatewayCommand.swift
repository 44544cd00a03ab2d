import ArgumentParser
import Foundation
import Glibc
import Logging
import WardenBenchmarks

/// `warden bench gateway`: time to first token through the chat gateway against a direct app-server
/// turn on the same script, and the idle memory of a running `warden gateway`; with `--tools`, the time from a
/// function's result to the answer, through the waiting turn against a fresh request with the same history.
struct BenchGatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Time to first token: chat gateway vs a direct app-server turn (same stand-in model); idle RSS of warden gateway."
    )

    @Option(help: "The codex binary (default: $WARDEN_CODEX_BIN, else ./.tools/codex-0.163.0/codex_cli_bin/bin/codex).") var codex: String?
    @Option(help: "Measured runs per path.") var runs = 20
    @Option(help: "Unmeasured runs before each path.") var warmUpRuns = 2
    @Option(help: "Measured runs through a gateway that recycles its worker after every turn.") var recyclingRuns = 5
    @Option(help: "Delta events in the stand-in model's answer.") var deltas = 8
    @Option(help: "Milliseconds of pause after each run, in both paths (a client's think time); 0 sends back to back.") var pauseMs = 50
    @Option(help: "Seconds warden gateway sits idle before each memory reading.") var idleSeconds = 5
    @Option(help: "Seconds any phase may take before the benchmark fails.") var phaseTimeoutSeconds = 180
    @Option(help: "Where the run's throw-away folder (codex home, workspace) is made; not under /tmp.") var scratchDir = "./.warden/bench"
    @Flag(help: "Instead: time a function's result → first content chunk, answering the waiting turn vs a fresh request with the same history.")
    var tools = false
    @Flag(help: "Print the report as JSON.") var json = false

    func validate() throws {
        guard (1...10_000).contains(runs) else { throw ValidationError("--runs must be 1…10000") }
        guard (0...100).contains(warmUpRuns) else { throw ValidationError("--warm-up-runs must be 0…100") }
        guard (1...1_000).contains(recyclingRuns) else { throw ValidationError("--recycling-runs must be 1…1000") }
        guard (1...1_000).contains(deltas) else { throw ValidationError("--deltas must be 1…1000") }
        guard (0...60_000).contains(pauseMs) else { throw ValidationError("--pause-ms must be 0…60000") }
        guard (0...600).contains(idleSeconds) else { throw ValidationError("--idle-seconds must be 0…600") }
        guard phaseTimeoutSeconds > 0 else { throw ValidationError("--phase-timeout-seconds must be positive") }
    }

    func run() async throws {
        // A child that exits early must fail the benchmark, not kill it with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let codexPath = try LoadedConfiguration.codexBinary(codex)
        var logger = Logger(label: "warden.bench")
        logger.logLevel = .warning
        let parameters = GatewayBenchmark.Parameters(
            wardenExecutable: Self.wardenExecutable(),
            codexExecutable: codexPath,
            scratchDirectory: URL(fileURLWithPath: scratchDir).standardizedFileURL.path,
            runs: runs,
            warmUpRuns: warmUpRuns,
            recyclingRuns: recyclingRuns,
            deltas: deltas,
            pause: .milliseconds(pauseMs),
            idleSeconds: idleSeconds,
            phaseTimeout: .seconds(phaseTimeoutSeconds)
        )
        let benchmark = GatewayBenchmark(parameters: parameters, logger: logger)
        if tools {
            let report = try await benchmark.runTools()
            try BenchOutput.print(report, json: json, markdown: report.markdown)
        } else {
            let report = try await benchmark.run()
            try BenchOutput.print(report, json: json, markdown: report.markdown)
        }
    }

    /// The `warden` binary beside the running one: `CommandLine.arguments[0]` resolved against the
    /// working directory and symlinks, or `/proc/self/exe` when it was found through `PATH`.
    static func wardenExecutable() -> String {
        let invoked = CommandLine.arguments.first ?? ""
        let running = invoked.contains("/") ? URL(fileURLWithPath: invoked) : URL(fileURLWithPath: "/proc/self/exe")
        return running.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("warden").path
    }
}
