import Foundation

/// The figures of one `warden bench gateway` run.
public struct GatewayBenchmarkReport: Sendable, Codable, Equatable {
    /// The aim for the gateway's added time to first token at the median, in milliseconds.
    public static let addedLatencyAimMs = 5.0
    /// The aim for the gateway's idle resident set size (without its worker), in MiB.
    public static let idleMemoryAimMiB = 40.0

    /// Resident set sizes of the spawned `warden gateway` and of its app-server worker.
    public struct Memory: Sendable, Codable, Equatable {
        /// The gateway process alone, in KiB.
        public var gatewayKiB: Int
        /// The codex app-server worker with its descendants, in KiB (`nil` when it could not be found).
        public var workerKiB: Int?

        /// Creates figures.
        public init(gatewayKiB: Int, workerKiB: Int?) {
            self.gatewayKiB = gatewayKiB
            self.workerKiB = workerKiB
        }
    }

    /// Measured runs per latency phase.
    public var runs: Int
    /// Unmeasured runs before each latency phase.
    public var warmUpRuns: Int
    /// Delta events in the stand-in's answer.
    public var deltas: Int
    /// Milliseconds of pause after each run of a latency phase.
    public var pauseMs: Int
    /// Seconds the spawned gateway sat idle before each memory reading.
    public var idleSeconds: Int
    /// Direct: `turn/start` sent → first `item/agentMessage/delta` seen by the app-server client.
    public var direct: LatencySummary
    /// Direct, counted from `thread/start` (the gateway starts a fresh thread for every request).
    public var directFromThreadStart: LatencySummary
    /// Gateway: `POST /v1/chat/completions` (stream) sent → first content chunk at the client.
    public var gateway: LatencySummary
    /// The same through a gateway that recycles its worker after every turn: each request waits for a new worker.
    public var recycling: LatencySummary
    /// The spawned gateway once ready and idle.
    public var idle: Memory
    /// The spawned gateway idle again after a few streamed turns.
    public var idleAfterTurns: Memory
    /// How many streamed turns the spawned gateway served before ``idleAfterTurns``.
    public var turnsBeforeSecondReading: Int

    /// Creates a report.
    public init(
        runs: Int,
        warmUpRuns: Int,
        deltas: Int,
        pauseMs: Int,
        idleSeconds: Int,
        direct: LatencySummary,
        directFromThreadStart: LatencySummary,
        gateway: LatencySummary,
        recycling: LatencySummary,
        idle: Memory,
        idleAfterTurns: Memory,
        turnsBeforeSecondReading: Int
    ) {
        self.runs = runs
        self.warmUpRuns = warmUpRuns
        self.deltas = deltas
        self.pauseMs = pauseMs
        self.idleSeconds = idleSeconds
        self.direct = direct
        self.directFromThreadStart = directFromThreadStart
        self.gateway = gateway
        self.recycling = recycling
        self.idle = idle
        self.idleAfterTurns = idleAfterTurns
        self.turnsBeforeSecondReading = turnsBeforeSecondReading
    }

    /// Gateway p50 − direct p50 (from `turn/start`), in milliseconds.
    public var addedP50Ms: Double { gateway.p50Milliseconds - direct.p50Milliseconds }
    /// Gateway p50 − direct p50 counted from `thread/start`, in milliseconds.
    public var addedP50FromThreadStartMs: Double { gateway.p50Milliseconds - directFromThreadStart.p50Milliseconds }
    /// Gateway p50 ÷ direct p50 (from `turn/start`); 0 when the direct median is 0.
    public var ratioP50: Double { direct.p50Milliseconds > 0 ? gateway.p50Milliseconds / direct.p50Milliseconds : 0 }
    /// Whether the added median is below ``addedLatencyAimMs``.
    public var meetsLatencyAim: Bool { addedP50Ms < Self.addedLatencyAimMs }
    /// Whether the idle gateway (without its worker) is below ``idleMemoryAimMiB``.
    public var meetsMemoryAim: Bool { Double(idle.gatewayKiB) / 1024 < Self.idleMemoryAimMiB }

    /// The report as the Markdown tables of BENCHMARKS.md.
    public var markdown: String {
        func ms(_ value: Double) -> String { String(format: "%.2f", value) }
        func mib(_ kib: Int?) -> String { kib.map { String(format: "%.1f", Double($0) / 1024) } ?? "n/a" }
        func row(_ name: String, _ summary: LatencySummary) -> String {
            "| \(name) | \(summary.count) | \(ms(summary.p50Milliseconds)) | \(ms(summary.p99Milliseconds)) | \(ms(summary.minMilliseconds)) | \(ms(summary.maxMilliseconds)) |"
        }
        let verdict = { (met: Bool) in met ? "met" : "missed" }
        return """
            ### Gateway: time to first token (\(runs) runs each after \(warmUpRuns) warm-up, \(deltas) deltas per answer, \(pauseMs) ms pause after each run)

            | Path | Runs | p50 ms | p99 ms | min ms | max ms |
            |---|---:|---:|---:|---:|---:|
            \(row("direct: `turn/start` → first `item/agentMessage/delta`", direct))
            \(row("direct: `thread/start` + `turn/start` → first delta", directFromThreadStart))
            \(row("gateway: `POST /v1/chat/completions` (stream) → first content chunk", gateway))
            \(row("gateway, each request right after a worker recycle (`WARDEN_GATEWAY_RECYCLE_AFTER=1`)", recycling))

            Added by the gateway at p50: **\(ms(addedP50Ms)) ms** over `turn/start` (ratio \(String(format: "%.2f", ratioP50))×), \
            \(ms(addedP50FromThreadStartMs)) ms over `thread/start` + `turn/start`; aim < \(ms(Self.addedLatencyAimMs)) ms: \(verdict(meetsLatencyAim)).

            ### Gateway: idle memory (`warden gateway`, VmRSS after \(idleSeconds) s idle)

            | Process | Idle after start MiB | Idle after \(turnsBeforeSecondReading) turns MiB |
            |---|---:|---:|
            | `warden gateway` | \(mib(idle.gatewayKiB)) | \(mib(idleAfterTurns.gatewayKiB)) |
            | `codex app-server` worker (and its children) | \(mib(idle.workerKiB)) | \(mib(idleAfterTurns.workerKiB)) |

            Gateway idle RSS aim < \(String(format: "%.0f", Self.idleMemoryAimMiB)) MiB (worker excluded): \(verdict(meetsMemoryAim)).

            """
    }
}
