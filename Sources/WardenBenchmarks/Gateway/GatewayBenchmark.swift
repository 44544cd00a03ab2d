import AsyncHTTPClient
import Codex
import Foundation
import Gateway
public import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import WardenCore
import WardenTestSupport

/// `warden bench gateway`: time to first token through the gateway against a direct app-server turn on
/// the same script, and the idle memory of a running `warden gateway`.
///
/// One run, four phases against one stand-in Responses API (WardenTestSupport's `ScriptedModelServer`, every
/// turn the same streamed answer) and one throw-away codex home (its `TestCodexHome`, under the scratch directory):
/// 1. direct: an ``AppServerSupervisor`` of its own; each run starts an ephemeral thread and a turn and
///    times `turn/start` → first `item/agentMessage/delta`;
/// 2. gateway: ``ChatGateway`` in this process with its own worker; each run times a streamed
///    `POST /v1/chat/completions` → first content chunk at the client;
/// 3. recycling: the same through a gateway whose worker is recycled after every turn, so each request
///    arrives while a new worker starts (the price of `WARDEN_GATEWAY_RECYCLE_AFTER`, paid once per N turns);
/// 4. idle memory: the `warden` binary's `gateway` subcommand spawned on loopback; `VmRSS` of it and of
///    its worker after a few idle seconds, then again after a few turns.
///
/// Every phase is time-bounded, and every process it started is killed when it ends.
public struct GatewayBenchmark: Sendable {
    /// What to run and where.
    public struct Parameters: Sendable {
        /// The `warden` binary spawned for the memory phase.
        public var wardenExecutable: String
        /// The codex binary.
        public var codexExecutable: String
        /// Where the run's throw-away folder (codex home, workspace, data) is made; the folder is
        /// deleted afterwards, this directory is left in place.
        public var scratchDirectory: String
        /// Measured runs per latency phase.
        public var runs: Int
        /// Unmeasured runs before each latency phase (codex's first turn loads more).
        public var warmUpRuns: Int
        /// Measured runs of the recycling phase (each one waits for a new worker).
        public var recyclingRuns: Int
        /// Delta events in the stand-in's answer.
        public var deltas: Int
        /// The pause after each run of a latency phase (a client's think time); zero sends back to back.
        public var pause: Duration
        /// Seconds the spawned gateway sits idle before each memory reading.
        public var idleSeconds: Int
        /// Streamed turns the spawned gateway serves before the second memory reading.
        public var turnsBeforeSecondReading: Int
        /// The time any phase may take.
        public var phaseTimeout: Duration

        /// Creates parameters.
        public init(
            wardenExecutable: String,
            codexExecutable: String,
            scratchDirectory: String,
            runs: Int = 20,
            warmUpRuns: Int = 2,
            recyclingRuns: Int = 5,
            deltas: Int = 8,
            pause: Duration = .milliseconds(50),
            idleSeconds: Int = 5,
            turnsBeforeSecondReading: Int = 3,
            phaseTimeout: Duration = .seconds(180)
        ) {
            self.wardenExecutable = wardenExecutable
            self.codexExecutable = codexExecutable
            self.scratchDirectory = scratchDirectory
            self.runs = runs
            self.warmUpRuns = warmUpRuns
            self.recyclingRuns = recyclingRuns
            self.deltas = deltas
            self.pause = pause
            self.idleSeconds = idleSeconds
            self.turnsBeforeSecondReading = turnsBeforeSecondReading
            self.phaseTimeout = phaseTimeout
        }
    }

    /// The model every turn names; the codex home pins it too.
    static let model = "gpt-5.5"
    /// The dummy provider key codex reads from `OPENAI_API_KEY`; the stand-in ignores it.
    static let providerKey = "sk-bench-dummy"
    /// The user message of every turn.
    static let prompt = "Say hello."
    /// The stand-in's answer.
    static let answer = "Hello from the benchmark model, streamed in deltas through codex and the gateway."

    let parameters: Parameters
    let logger: Logger

    /// Creates the benchmark.
    ///
    /// - Parameters:
    ///   - parameters: what to run and where.
    ///   - logger: where Hummingbird and the supervisors log (warnings and errors are enough).
    public init(parameters: Parameters, logger: Logger) {
        self.parameters = parameters
        self.logger = logger
    }

    /// Runs the four phases and returns the figures.
    ///
    /// - Returns: the report.
    /// - Throws: ``GatewayBenchmarkError``; `CancellationError` when cancelled.
    public func run() async throws -> GatewayBenchmarkReport {
        let workers = ProcessLedger()
        defer { workers.killSurvivors() }
        // Requests are not kept: a long run would hold every codex request body in memory.
        let modelServer = ScriptedModelServer(defaultTurn: .message(Self.answer, deltas: parameters.deltas), logger: logger, keepsRequests: false)
        let port = try await GatewayBenchmarkPhase.modelServerStart.run(limit: parameters.phaseTimeout) {
            do {
                return try await modelServer.start()
            } catch {
                throw GatewayBenchmarkError.setupFailed("the stand-in model server did not start: \(error)")
            }
        }
        do {
            let report = try await measure(modelServerPort: port, workers: workers)
            await modelServer.stop()
            return report
        } catch {
            await modelServer.stop()
            throw error
        }
    }

    /// Runs the latency and memory phases against the stand-in listening on `modelServerPort`.
    private func measure(modelServerPort: Int, workers: ProcessLedger) async throws -> GatewayBenchmarkReport {
        let parameters = self.parameters
        let home: TestCodexHome
        do {
            home = try TestCodexHome(
                modelServerPort: modelServerPort,
                apiKey: Self.providerKey,
                root: parameters.scratchDirectory + "/gateway-" + UUID().uuidString.lowercased()
            )
        } catch {
            throw GatewayBenchmarkError.setupFailed("the codex home under \(parameters.scratchDirectory) could not be written: \(error)")
        }
        defer { try? home.remove() }

        let direct = try await GatewayBenchmarkPhase.direct.run(limit: parameters.phaseTimeout, onTimeout: workers.killSurvivors) {
            try await measureDirect(home: home, workers: workers)
        }
        workers.killSurvivors()
        let gateway = try await GatewayBenchmarkPhase.gateway.run(limit: parameters.phaseTimeout, onTimeout: workers.killSurvivors) {
            try await measureGateway(home: home, workers: workers, phase: .gateway, chat: ChatGatewaySettings(), runs: parameters.runs)
        }
        workers.killSurvivors()
        let recycling = try await GatewayBenchmarkPhase.recycling.run(limit: parameters.phaseTimeout, onTimeout: workers.killSurvivors) {
            try await measureGateway(
                home: home, workers: workers, phase: .recycling, chat: ChatGatewaySettings(recycleAfterTurns: 1), runs: parameters.recyclingRuns
            )
        }
        workers.killSurvivors()
        let memory = try await GatewayBenchmarkPhase.idleMemory.run(
            limit: parameters.phaseTimeout + .seconds(2 * parameters.idleSeconds),
            onTimeout: workers.killSurvivors
        ) {
            try await measureIdleMemory(home: home, workers: workers)
        }
        return GatewayBenchmarkReport(
            runs: parameters.runs,
            warmUpRuns: parameters.warmUpRuns,
            deltas: parameters.deltas,
            pauseMs: Int((parameters.pause / .milliseconds(1)).rounded()),
            idleSeconds: parameters.idleSeconds,
            direct: LatencySummary(direct.map(\.fromTurnStart)),
            directFromThreadStart: LatencySummary(direct.map(\.fromThreadStart)),
            gateway: LatencySummary(gateway),
            recycling: LatencySummary(recycling),
            idle: memory.idle,
            idleAfterTurns: memory.afterTurns,
            turnsBeforeSecondReading: parameters.turnsBeforeSecondReading
        )
    }

    // MARK: - Direct

    /// One direct turn's timings.
    private struct DirectSample: Sendable {
        var fromThreadStart: Duration
        var fromTurnStart: Duration
    }

    private func measureDirect(home: TestCodexHome, workers: ProcessLedger) async throws -> [DirectSample] {
        let supervisor = try await makeSupervisor(home: home, clientName: "warden_bench")
        return try await Self.whileRunning(supervisor, logger: logger) {
            let connection = try await supervisor.readyConnection(within: parameters.phaseTimeout)
            if let pid = await supervisor.status.processID { workers.record(pid) }
            var samples: [DirectSample] = []
            for index in 0..<(parameters.warmUpRuns + parameters.runs) {
                let threadStart = ContinuousClock.now
                let thread = try await connection.startThread(threadOptions(home: home))
                let turnStart = ContinuousClock.now
                let turn = try await connection.startTurn(thread: thread, input: Self.prompt, options: AppServerTurnOptions(model: Self.model))
                var firstDelta: ContinuousClock.Instant?
                var text = ""
                for try await event in turn.events {
                    switch event {
                    case .agentMessageDelta(_, let delta):
                        if firstDelta == nil { firstDelta = .now }
                        text += delta
                    case .completed(let completion):
                        guard completion.status == .completed else {
                            throw GatewayBenchmarkError.unexpectedAnswer(
                                phase: .direct,
                                "a turn ended \(completion.status): \(completion.error?.message ?? "")"
                            )
                        }
                    default:
                        break
                    }
                }
                guard let firstDelta, text == Self.answer else {
                    throw GatewayBenchmarkError.unexpectedAnswer(phase: .direct, "a turn streamed \"\(text.prefix(200))\" instead of the answer")
                }
                if index >= parameters.warmUpRuns {
                    samples.append(
                        DirectSample(fromThreadStart: threadStart.duration(to: firstDelta), fromTurnStart: turnStart.duration(to: firstDelta))
                    )
                }
                try await Task.sleep(for: parameters.pause)
            }
            return samples
        }
    }

    /// The thread the gateway would start for a chat request without system messages.
    private func threadOptions(home: TestCodexHome) -> AppServerThreadOptions {
        AppServerThreadOptions(workingDirectory: home.workDirectory, model: Self.model, approvalPolicy: .never, sandbox: .readOnly, ephemeral: true)
    }

    // MARK: - Gateway

    private func measureGateway(
        home: TestCodexHome,
        workers: ProcessLedger,
        phase: GatewayBenchmarkPhase,
        chat: ChatGatewaySettings,
        runs: Int
    ) async throws -> [Duration] {
        try await withGateway(home: home, workers: workers, chat: chat) { port, key in
            var samples: [Duration] = []
            for index in 0..<(parameters.warmUpRuns + runs) {
                let firstToken = try await Self.streamedTurn(port: port, key: key, phase: phase)
                if index >= parameters.warmUpRuns { samples.append(firstToken) }
                try await Task.sleep(for: parameters.pause)
            }
            return samples
        }
    }

    /// Runs `body` against a `warden gateway` application built as the command builds it, on a loopback port, once its
    /// worker answers; the worker's pid goes to `workers`.
    /// - Parameter body: gets the port and the gateway's API key.
    func withGateway<T: Sendable>(
        home: TestCodexHome,
        workers: ProcessLedger,
        chat: ChatGatewaySettings,
        _ body: @escaping @Sendable (_ port: Int, _ key: String) async throws -> T
    ) async throws -> T {
        let supervisor = try await makeSupervisor(home: home, clientName: "warden_gateway", experimentalAPI: true)
        let key = Self.makeKey()
        let settings = ChatGateway.Settings(
            apiKey: Secret(key),
            chat: chat,
            defaultModel: Self.model,
            sandboxMode: .readOnly,
            workingDirectory: home.workDirectory
        )
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let app = GatewayServer.buildApplication(
            settings: settings,
            supervisor: supervisor,
            host: "127.0.0.1",
            port: 0,
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger
        )
        let timeout = parameters.phaseTimeout
        return try await Self.whileRunning(app, logger: logger) {
            var port = 0
            for await bound in ports {
                port = bound
                break
            }
            _ = try await supervisor.readyConnection(within: timeout)
            if let pid = await supervisor.status.processID { workers.record(pid) }
            return try await body(port, key)
        }
    }

    /// Sends one streamed chat completion and reads it to the end.
    ///
    /// - Returns: the time from sending the request to the arrival of the first content chunk.
    /// - Throws: ``GatewayBenchmarkError`` when the status is not 200 or the answer is not the stand-in's.
    static func streamedTurn(port: Int, key: String, phase: GatewayBenchmarkPhase) async throws -> Duration {
        try await streamedRequest(
            port: port, key: key, body: #"{"model":"\#(model)","stream":true,"messages":[{"role":"user","content":"\#(prompt)"}]}"#, phase: phase
        )
    }

    /// A chat completion request to the gateway on `port` with `body`.
    static func chatRequest(port: Int, key: String, body: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "authorization", value: "Bearer \(key)")
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }

    /// Sends one streamed chat completion with `body` and reads it to the end.
    ///
    /// - Returns: the time from sending the request to the arrival of the first content chunk.
    /// - Throws: ``GatewayBenchmarkError`` when the status is not 200 or the answer is not the stand-in's.
    static func streamedRequest(port: Int, key: String, body: String, phase: GatewayBenchmarkPhase) async throws -> Duration {
        let request = chatRequest(port: port, key: key, body: body)
        let sent = ContinuousClock.now
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        guard response.status.code == 200 else {
            let body = try? await response.body.collect(upTo: 64 * 1024)
            throw GatewayBenchmarkError.unexpectedStatus(Int(response.status.code), body: body.map { String(buffer: $0) } ?? "")
        }
        var firstContent: ContinuousClock.Instant?
        var pending = ""
        var text = ""
        for try await buffer in response.body {
            let arrived = ContinuousClock.now
            pending += String(buffer: buffer)
            while let end = pending.range(of: "\n\n") {
                let frame = pending[..<end.lowerBound]
                pending.removeSubrange(..<end.upperBound)
                if let piece = contentPiece(of: frame), !piece.isEmpty {
                    if firstContent == nil { firstContent = arrived }
                    text += piece
                }
            }
        }
        guard let firstContent, text == answer else {
            throw GatewayBenchmarkError.unexpectedAnswer(phase: phase, "a stream carried \"\(text.prefix(200))\" instead of the answer")
        }
        return sent.duration(to: firstContent)
    }

    /// The `choices[0].delta.content` of one SSE frame, or `nil` for comments, `[DONE]` and other chunks.
    static func contentPiece(of frame: Substring) -> String? {
        for line in frame.split(separator: "\n") where line.hasPrefix("data: ") {
            let payload = line.dropFirst(6)
            guard payload != "[DONE]",
                let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any],
                let choices = object["choices"] as? [[String: Any]],
                let delta = choices.first?["delta"] as? [String: Any]
            else { continue }
            return delta["content"] as? String
        }
        return nil
    }

    // MARK: - Idle memory

    private func measureIdleMemory(
        home: TestCodexHome,
        workers: ProcessLedger
    ) async throws -> (idle: GatewayBenchmarkReport.Memory, afterTurns: GatewayBenchmarkReport.Memory) {
        let key = Self.makeKey()
        let gateway = try await BenchmarkGatewayProcess.start(
            executable: parameters.wardenExecutable,
            codexPath: parameters.codexExecutable,
            home: home,
            dataDirectory: home.root + "/data",
            apiKey: key,
            timeout: parameters.phaseTimeout
        )
        workers.record(gateway.processID)
        do {
            let worker = try await gateway.workerProcessID()
            if let worker { workers.record(worker) }
            let idle = try await reading(gateway: gateway, worker: worker)
            for _ in 0..<parameters.turnsBeforeSecondReading {
                _ = try await Self.streamedTurn(port: gateway.port, key: key, phase: .idleMemory)
            }
            let afterTurns = try await reading(gateway: gateway, worker: worker)
            await gateway.stop()
            return (idle, afterTurns)
        } catch {
            await gateway.stop()
            throw error
        }
    }

    /// Waits the idle seconds, then reads both resident set sizes.
    private func reading(gateway: BenchmarkGatewayProcess, worker: Int32?) async throws -> GatewayBenchmarkReport.Memory {
        try await Task.sleep(for: .seconds(parameters.idleSeconds))
        guard let gatewayKiB = ProcessMemory.residentKiB(of: gateway.processID) else {
            throw GatewayBenchmarkError.memoryUnreadable(pid: gateway.processID)
        }
        return GatewayBenchmarkReport.Memory(gatewayKiB: gatewayKiB, workerKiB: worker.flatMap(ProcessMemory.treeResidentKiB))
    }

    // MARK: - Helpers

    /// Runs `service` in a service group while `body` runs, then shuts it down gracefully (cancelled,
    /// Hummingbird logs every open connection as an error).
    ///
    /// - Parameters:
    ///   - service: the service (a Hummingbird application).
    ///   - logger: the service group's logger.
    ///   - body: the work that needs the service.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` or the service throws.
    static func whileRunning<Value: Sendable>(
        _ service: some Service,
        logger: Logger,
        _ body: @Sendable () async throws -> Value
    ) async throws -> Value {
        let serviceGroup = ServiceGroup(configuration: .init(services: [service], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self, returning: Value.self) { group in
            group.addTask { try await serviceGroup.run() }
            let value: Value
            do {
                value = try await body()
            } catch {
                await serviceGroup.triggerGracefulShutdown()
                throw error
            }
            await serviceGroup.triggerGracefulShutdown()
            try await group.waitForAll()
            return value
        }
    }

    /// A supervisor of a worker on the benchmark's codex home, as `warden gateway` builds it.
    func makeSupervisor(home: TestCodexHome, clientName: String, experimentalAPI: Bool = false) async throws -> AppServerSupervisor {
        let launch = try await AppServerLaunch.make(
            executablePath: parameters.codexExecutable,
            codex: CodexArguments(model: Self.model, sandbox: .readOnly),
            environment: ChildEnvironment(providerKeyVariables: ["OPENAI_API_KEY"], proxyVariables: [], fixedValues: ["CODEX_HOME": home.codexHome]),
            parentEnvironment: home.environment(),
            workingDirectory: home.workDirectory,
            catalogueDirectory: home.root
        )
        return AppServerSupervisor(
            configuration: AppServerSupervisorConfiguration(
                launch: launch,
                client: AppServerClientInfo(name: clientName, experimentalAPI: experimentalAPI),
                shutdownGracePeriod: .seconds(2)
            ),
            logger: logger
        )
    }

    /// A random gateway key for one phase; it only ever travels to the gateway.
    static func makeKey() -> String {
        "bench-" + UUID().uuidString.lowercased()
    }
}
