public import Codex
import Foundation
import HTTPTypes
public import Hummingbird
public import Logging
import NIOCore
import Prometheus
public import WardenCore
import WardenHTTP

/// The OpenAI-compatible chat gateway over a supervised `codex app-server`: its routes, admission
/// gate and model catalogue.
///
/// `warden gateway` mounts everything with ``addAPIRoutes(to:)`` and ``addOperationalRoutes(to:)``;
/// `warden serve --with-gateway` mounts only the API routes beside its own health routes, and runs
/// the supervisor as one of its services.
public struct ChatGateway: Sendable {
    /// What the gateway needs, resolved from configuration by the caller.
    public struct Settings: Sendable {
        /// The key clients present; `nil` allows any client (loopback only, checked at startup).
        public var apiKey: Secret?
        /// Admission, timeouts, keep-alives, model table.
        public var chat: ChatGatewaySettings
        /// The codex model when a request names none.
        public var defaultModel: String
        /// The sandbox of the model's commands.
        public var sandboxMode: SandboxMode
        /// The threads' working directory.
        public var workingDirectory: String
        /// Applied to every answer before it leaves, streamed or not.
        public var outputFilter: OutputFilter

        /// Creates settings.
        public init(
            apiKey: Secret?,
            chat: ChatGatewaySettings,
            defaultModel: String,
            sandboxMode: SandboxMode,
            workingDirectory: String,
            outputFilter: OutputFilter = .none
        ) {
            self.apiKey = apiKey
            self.chat = chat
            self.defaultModel = defaultModel
            self.sandboxMode = sandboxMode
            self.workingDirectory = workingDirectory
            self.outputFilter = outputFilter
        }
    }

    /// The largest request body read.
    static let maximumBodySize = 8 * 1024 * 1024
    /// How often a silent stream is probed for a client that left.
    static let probeInterval: Duration = .seconds(1)
    /// The age after which a spare thread is released rather than used.
    static let spareThreadMaximumAge: Duration = .seconds(300)

    private let settings: Settings
    private let supervisor: AppServerSupervisor
    private let gate: AdmissionGate
    private let catalog: ModelCatalog
    private let spares: SpareThreads
    private let waitingTurns = WaitingTurns()
    private let recycler: WorkerRecycler
    private let metrics: GatewayMetrics
    private let outputFilter: OutputFilter
    private let runLedger: (any CodexRunLedger)?
    private let budget: (any MonthlyBudget)?
    private let logger: Logger

    /// Creates the gateway.
    ///
    /// - Parameters:
    ///   - settings: resolved settings.
    ///   - supervisor: the worker's supervisor (run it as a service beside the HTTP server).
    ///   - metrics: where the figures go.
    ///   - runLedger: where every request's part of a turn is recorded as a Codex run of the gateway.
    ///   - budget: the gateway's monthly budget; while it is spent new requests get 429.
    ///   - logger: the `warden.gateway` logger.
    public init(
        settings: Settings,
        supervisor: AppServerSupervisor,
        metrics: GatewayMetrics,
        runLedger: (any CodexRunLedger)? = nil,
        budget: (any MonthlyBudget)? = nil,
        logger: Logger
    ) {
        self.settings = settings
        self.supervisor = supervisor
        self.gate = AdmissionGate(
            limit: settings.chat.maxConcurrentTurns,
            maximumQueued: settings.chat.maxQueuedRequests,
            queueTimeout: settings.chat.queueTimeout
        )
        self.catalog = ModelCatalog(
            configured: settings.chat.models.isEmpty ? [settings.defaultModel] : settings.chat.models,
            aliases: settings.chat.modelAliases
        )
        self.spares = SpareThreads(capacity: settings.chat.spareThreadShapes, maximumAge: Self.spareThreadMaximumAge, logger: logger)
        self.recycler = WorkerRecycler(limit: settings.chat.recycleAfterTurns)
        self.metrics = metrics
        self.outputFilter = settings.outputFilter.reporting { [metrics, logger] count in
            metrics.redacted(count)
            logger.warning("secrets redacted from a gateway answer", metadata: ["count": "\(count)"])
        }
        self.runLedger = runLedger
        self.budget = budget
        self.logger = logger
    }

    /// Adds `POST /v1/chat/completions`, `GET /v1/models` and `GET /v1/models/{id}`, all behind the bearer key
    /// (`SharedSecretMiddleware`, refusing with the OpenAI 401) and timed per route (`HTTPRequestMetrics`); a refused
    /// chat request is also counted by its outcome (``GatewayRequestMetricsMiddleware``).
    public func addAPIRoutes<Context: RequestContext>(to router: Router<Context>) {
        let authentication = SharedSecretMiddleware<Context>(secret: settings.apiKey, carrier: .bearer) { _ in GatewayError.invalidAPIKey }
        let http = HTTPRequestMetrics(registry: metrics.registry)
        router.group()
            .add(middleware: http.middleware(route: "chat_completions"))
            .add(middleware: GatewayRequestMetricsMiddleware(metrics: metrics))
            .add(middleware: authentication)
            .post("/v1/chat/completions") { request, _ -> Response in
                await chatCompletions(request)
            }
        let models = router.group().add(middleware: http.middleware(route: "models")).add(middleware: authentication)
        models.get("/v1/models") { _, _ -> Response in
            let models = await catalog.models(connection: try? await supervisor.connection())
            return Self.json(ModelList(data: models.map(ModelList.Model.init)))
        }
        models.get("/v1/models/:id") { _, context -> Response in
            let id = context.parameters.get("id") ?? ""
            let models = await catalog.models(connection: try? await supervisor.connection())
            guard models.contains(id) else { throw GatewayError.modelNotFound(id) }
            return Self.json(ModelList.Model(id: id))
        }
    }

    /// Adds `/healthz`, `/readyz`, `/livez` and `/metrics`.
    public func addOperationalRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/healthz") { _, _ -> Response in
            let status = await supervisor.status
            let health = WorkerHealth(
                status: status, sandboxMode: settings.sandboxMode, activeTurns: await gate.active, queuedRequests: await gate.queued,
                rateLimits: await supervisor.rateLimits?.snapshot
            )
            return Self.json(health, status: status.isLive ? .ok : .serviceUnavailable)
        }
        router.get("/readyz") { _, _ -> Response in
            // A worker being recycled is replaced within seconds, and requests wait for it.
            let status = await supervisor.status
            let ready = status.isReady || status.state == .recycling
            return Self.json(["ready": ready], status: ready ? .ok : .serviceUnavailable)
        }
        router.get("/livez") { _, _ -> Response in
            let live = await supervisor.status.isLive
            return Self.json(["live": live], status: live ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ -> Response in
            let status = await supervisor.status
            metrics.setWorker(restarts: status.restartCount, recycles: status.recycleCount, ready: status.isReady)
            metrics.setActiveTurns(await gate.active)
            if let snapshot = await supervisor.rateLimits?.snapshot {
                RateLimitGauges.set(snapshot.windows.map { ($0.name, $0.usedPercent, $0.resetsAt) }, in: metrics.registry)
            }
            var buffer: [UInt8] = []
            metrics.registry.emit(into: &buffer)
            return Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: buffer))
            )
        }
    }

    // MARK: - Chat completions

    private func chatCompletions(_ request: Request) async -> Response {
        let received = ContinuousClock.now
        // The body is read inside Hummingbird's inbound-close scope, and a non-streamed turn runs
        // there too: a client that closes its side of the connection (a close or a half-close)
        // cancels the scope, which interrupts the turn at once. A streamed answer leaves the scope
        // as its response starts and notices a client that left through its next write (a delta,
        // a keep-alive or a probe). Leaving the scope stops reading from the connection, so every
        // answer here closes it.
        var response: Response
        do {
            response = try await request.body.consumeWithCancellationOnInboundClose { body in
                await respond(to: body, received: received)
            }
        } catch {
            response = GatewayError.upstreamFailed("the client closed the connection").response
        }
        response.headers[.connection] = "close"
        return response
    }

    private func respond(to body: RequestBody, received: ContinuousClock.Instant) async -> Response {
        let plan: TurnPlan
        do {
            let buffer = try await body.collect(upTo: Self.maximumBodySize)
            let decoded: ChatCompletionRequest
            do {
                decoded = try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(buffer.readableBytesView))
            } catch {
                throw GatewayError.invalidRequest("The body is not a chat completion request: \(Self.decodingProblem(error))")
            }
            plan = try TurnPlan.make(
                from: decoded,
                aliases: settings.chat.modelAliases,
                defaultModel: settings.defaultModel,
                allowed: AllowedChoices(settings: settings.chat, defaultModel: settings.defaultModel)
            )
        } catch {
            let failure = (error as? GatewayError) ?? .invalidRequest("The request body could not be read.")
            metrics.request(outcome: failure.metricLabel, stream: false)
            return failure.response
        }

        // A request bringing the result of the call a waiting turn is blocked on drives that turn on, in the slot and
        // on the thread it kept.
        if let waiting = await waitingTurns.take(answering: plan.toolResults.map(\.callID)) {
            var results = Dictionary(plan.toolResults.map { ($0.callID, $0.output) }, uniquingKeysWith: { first, _ in first })
            let output = results.removeValue(forKey: waiting.call.callID) ?? ""
            await waiting.turn.connection.answerToolCall(waiting.call, output: output)
            logger.debug("a gateway turn goes on with a function's result", metadata: ["turn": "\(waiting.turn.turn.id)"])
            return await answer(plan, started: waiting.turn, usage: waiting.usage, knownResults: results, received: received)
        }

        // New work waits while the gateway's budget is spent (a turn driven on with a function's result is not new).
        if let refusal = await budgetRefusal() {
            metrics.request(outcome: refusal.metricLabel, stream: plan.stream)
            return refusal.response
        }

        // Fail fast while the worker restarts, before taking a queue place.
        do {
            _ = try await workerConnection()
            try await gate.admit()
        } catch {
            let failure = GatewayError.classify(error)
            metrics.request(outcome: (Task.isCancelled ? TurnOutcome.cancelled : .failed(failure)).metricLabel, stream: plan.stream)
            return failure.response
        }
        metrics.admitted(after: received.duration(to: .now))
        metrics.setActiveTurns(await gate.active)

        let started: StartedTurn
        do {
            // Out of reach of the client's leaving: a `turn/start` cut off mid-request would leave
            // a turn running that nobody interrupts; the driver below interrupts it instead.
            let plan = plan
            started = try await Task { try await startTurn(plan) }.value
        } catch {
            await gate.release()
            let failure = GatewayError.classify(error)
            metrics.request(outcome: failure.metricLabel, stream: plan.stream)
            return failure.response
        }
        metrics.thread(spare: started.spare)
        logger.debug(
            "gateway turn started",
            metadata: [
                "turn": "\(started.turn.id)", "thread": "\(started.turn.threadID)", "spare_thread": "\(started.spare)",
                "stream": "\(plan.stream)", "client_tools": "\(plan.dynamicTools.count)",
            ]
        )
        return await answer(plan, started: started, usage: .zero, received: received)
    }

    /// Drives `started` for this request and answers with what it produced: text, function calls, or an error.
    private func answer(
        _ plan: TurnPlan,
        started: StartedTurn,
        usage: ChatUsage,
        knownResults: [String: String] = [:],
        received: ContinuousClock.Instant
    ) async -> Response {
        let driver = TurnDriver(
            connection: started.connection,
            turn: started.turn,
            relay: started.relay,
            usage: usage,
            deadline: received + settings.chat.requestTimeout,
            requestTimeout: settings.chat.requestTimeout,
            keepAliveInterval: plan.stream ? settings.chat.keepAliveInterval : nil,
            probeInterval: plan.stream ? Self.probeInterval : nil,
            clientTools: Set((started.options.dynamicTools ?? []).compactMap { $0["name"]?.stringValue }),
            knownResults: knownResults,
            logger: logger
        )
        let created = Int(Date().timeIntervalSince1970)
        let id = ChatStreamEncoder.makeID()
        if plan.stream {
            return stream(plan, started: started, driver: driver, id: id, created: created, received: received)
        }
        var text = ""
        var firstToken = true
        let outcome = await driver.run { piece in
            if firstToken {
                metrics.firstToken(after: received.duration(to: .now))
                firstToken = false
                await prepareSpare(like: started)
            }
            text += piece
        } onSilence: { _ in }
        await finished(outcome, started: started, stream: false, received: received, baseline: usage)
        switch outcome {
        case .completed(let finishReason, let usage):
            let content = outputFilter.redact(text)
            return Self.json(
                ChatCompletion(id: id, created: created, model: plan.requestedModel, content: content, finishReason: finishReason, usage: usage)
            )
        case .toolCalls(let batch, let usage):
            return Self.json(
                ChatCompletion(
                    id: id, created: created, model: plan.requestedModel, content: outputFilter.redact(text),
                    toolCalls: batch.calls.map(redactedCall), finishReason: "tool_calls", usage: usage
                )
            )
        case .failed(let failure):
            return failure.response
        case .cancelled:
            return GatewayError.upstreamFailed("the client closed the connection").response
        }
    }

    /// The call as the client gets it, its arguments through the output filter like any text of the answer.
    private func redactedCall(_ call: ChatToolCall) -> ChatToolCall {
        var chatCall = call
        chatCall.function.arguments = outputFilter.redact(chatCall.function.arguments)
        return chatCall
    }

    private func stream(
        _ plan: TurnPlan,
        started: StartedTurn,
        driver: TurnDriver,
        id: String,
        created: Int,
        received: ContinuousClock.Instant
    ) -> Response {
        let encoder = ChatStreamEncoder(id: id, created: created, model: plan.requestedModel, includeUsage: plan.includeUsage)
        let ending = StreamedTurnEnding { [self] in
            logger.info("a streamed response was dropped before it started; interrupting its turn", metadata: ["turn": "\(started.turn.id)"])
            do {
                try await started.connection.interruptTurn(started.turn.id, thread: started.turn.threadID)
            } catch {
                logger.debug("turn/interrupt failed", metadata: ["error": "\(error)"])
            }
            await finished(.cancelled, started: started, stream: true, received: received, baseline: driver.usage)
        }
        let body = ResponseBody { [outputFilter] writer in
            guard ending.claim() else { return }
            var firstToken = true
            var redactor = StreamingRedactor(filter: outputFilter)
            var outcome = TurnOutcome.cancelled
            do {
                try await writer.write(ByteBuffer(string: encoder.roleFrame()))
                // A client that left shows as a failed write (a delta, a keep-alive or a probe),
                // which cancels the driver and interrupts the turn.
                outcome = await driver.run { piece in
                    if firstToken {
                        metrics.firstToken(after: received.duration(to: .now))
                        firstToken = false
                        await prepareSpare(like: started)
                    }
                    let released = redactor.feed(piece)
                    if !released.isEmpty { try await writer.write(ByteBuffer(string: encoder.contentFrame(released))) }
                } onSilence: { frame in
                    try await writer.write(ByteBuffer(string: frame))
                }
            } catch {
                outcome = .cancelled
            }
            await finished(outcome, started: started, stream: true, received: received, baseline: driver.usage)
            switch outcome {
            case .completed(let finishReason, let usage):
                let rest = redactor.finish()
                if !rest.isEmpty { try await writer.write(ByteBuffer(string: encoder.contentFrame(rest))) }
                for frame in encoder.endFrames(finishReason: finishReason, usage: usage) {
                    try await writer.write(ByteBuffer(string: frame))
                }
            case .toolCalls(let batch, let usage):
                let rest = redactor.finish()
                if !rest.isEmpty { try await writer.write(ByteBuffer(string: encoder.contentFrame(rest))) }
                for frame in encoder.toolCallFrames(batch.calls.map(redactedCall)) + encoder.endFrames(finishReason: "tool_calls", usage: usage) {
                    try await writer.write(ByteBuffer(string: frame))
                }
            case .failed(let failure):
                try await writer.write(ByteBuffer(string: ChatStreamEncoder.errorFrame(failure)))
            case .cancelled:
                return
            }
            try await writer.finish(nil)
        }
        var headers: HTTPFields = [
            .contentType: "text/event-stream; charset=utf-8",
            .cacheControl: "no-cache",
            .connection: "close",
        ]
        if let buffering = HTTPField.Name("x-accel-buffering") { headers[buffering] = "no" }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Starts the plan's turn on a new thread (a spare when one is ready and the request offers no functions, which a
    /// thread must be started with), with the earlier conversation injected first. A thread whose turn could not
    /// start is released.
    private func startTurn(_ plan: TurnPlan) async throws -> StartedTurn {
        let connection = try await workerConnection()
        let options = AppServerThreadOptions(
            workingDirectory: settings.workingDirectory,
            model: plan.model,
            approvalPolicy: .never,
            sandbox: settings.sandboxMode,
            developerInstructions: plan.instructions,
            ephemeral: true,
            dynamicTools: plan.dynamicTools.isEmpty ? nil : plan.dynamicTools,
            // The raw response items name every function call of a response before codex asks for the first.
            experimentalRawEvents: plan.dynamicTools.isEmpty ? nil : true
        )
        let (thread, spare) =
            plan.dynamicTools.isEmpty ? try await spares.thread(options, on: connection) : (try await connection.startThread(options), false)
        do {
            if !plan.history.isEmpty { try await connection.injectItems(plan.history, into: thread) }
            let turn = try await connection.startTurn(
                thread: thread,
                input: plan.input,
                options: AppServerTurnOptions(model: plan.model, outputSchema: plan.outputSchema, effort: plan.effort)
            )
            return StartedTurn(connection: connection, options: options, turn: turn, spare: spare, relay: TurnEventRelay(turn), started: .now)
        } catch {
            connection.release(thread, logger: logger)
            throw error
        }
    }

    /// Keeps a spare thread of `started`'s shape, unless its thread carries a client's functions (a shape of one).
    private func prepareSpare(like started: StartedTurn) async {
        guard started.options.dynamicTools == nil else { return }
        await spares.prepare(started.options, on: started.connection)
    }

    /// Ends this request's part of a turn: a turn that called a client function waits for the result (see
    /// ``WaitingTurns``); any other outcome ends the turn and gives its thread and admission slot back.
    private func finished(_ outcome: TurnOutcome, started: StartedTurn, stream: Bool, received: ContinuousClock.Instant, baseline: ChatUsage) async {
        metrics.request(outcome: outcome.metricLabel, stream: stream)
        await recordRun(outcome, started: started, received: received, baseline: baseline)
        if case .toolCalls(let batch, let usage) = outcome {
            for _ in batch.calls { metrics.toolCall() }
            await waitingTurns.park(
                WaitingTurns.Waiting(turn: started, call: batch.pending, usage: usage), timeout: settings.chat.toolResultTimeout
            ) { [self] expired in
                logger.info(
                    "no function result came for a waiting gateway turn; interrupting it",
                    metadata: ["turn": "\(expired.turn.turn.id)", "call": "\(expired.call.callID)"]
                )
                metrics.toolCallAbandoned()
                do {
                    try await expired.turn.connection.interruptTurn(expired.turn.turn.id, thread: expired.turn.turn.threadID)
                } catch {
                    logger.debug("turn/interrupt failed", metadata: ["error": "\(error)"])
                }
                await release(expired.turn)
            }
            return
        }
        await release(started)
    }

    /// Records this request's part of a turn in the run ledger: the tokens since `baseline` (the thread's totals when
    /// the request took the turn over), from `received` to now.
    private func recordRun(_ outcome: TurnOutcome, started: StartedTurn, received: ContinuousClock.Instant, baseline: ChatUsage) async {
        guard let runLedger else { return }
        let usage: ChatUsage
        switch outcome {
        case .completed(_, let reported), .toolCalls(_, let reported): usage = reported
        case .failed, .cancelled: usage = baseline
        }
        let run = CodexRun(
            system: .gateway,
            threadID: started.turn.threadID.rawValue,
            model: started.options.model ?? settings.defaultModel,
            tokens: usage.runTokens(since: baseline),
            durationSeconds: received.duration(to: .now).inSeconds,
            outcome: outcome.ledgerLabel,
            finishedAt: Date()
        )
        do {
            try await runLedger.record(run)
        } catch {
            logger.warning("a gateway turn could not be recorded", metadata: ["turn": "\(started.turn.id)", "error": "\(error)"])
        }
    }

    /// The 429 for a request while the gateway's budget is spent, or `nil`. A ledger that cannot be read does not
    /// refuse: the store's trouble shows in its own health, and the gateway keeps answering.
    private func budgetRefusal() async -> GatewayError? {
        guard let budget else { return nil }
        do {
            guard let hold = try await budget.hold(for: .gateway) else { return nil }
            logger.warning("gateway request refused: the budget is spent", metadata: ["reason": "\(hold.reason)"])
            return .budgetExceeded(hold, now: Date())
        } catch {
            logger.warning("the gateway budget could not be checked", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Gives an ended turn's thread and admission slot back.
    private func release(_ started: StartedTurn) async {
        started.connection.release(started.turn.threadID, logger: logger)
        await prepareSpare(like: started)
        await gate.release()
        if let turns = await recycler.turnEnded(on: started.connection) { await recycleIfIdle(after: turns) }
        metrics.setActiveTurns(await gate.active)
        metrics.turnEnded(after: started.started.duration(to: .now))
    }

    /// The ready worker's connection; while the worker is being recycled (a planned replacement),
    /// waits for its successor up to the queue timeout instead of failing.
    private func workerConnection() async throws -> AppServerConnection {
        if await supervisor.status.state == .recycling {
            return try await supervisor.readyConnection(within: settings.chat.queueTimeout)
        }
        return try await supervisor.connection()
    }

    /// Replaces the worker when no turn runs and no request waits; the gate stays closed while the
    /// supervisor stops it, so no request is admitted onto the worker being stopped.
    private func recycleIfIdle(after turns: Int) async {
        guard await gate.closeIfIdle() else { return }
        if await supervisor.recycle(reason: "served \(turns) turns (WARDEN_GATEWAY_RECYCLE_AFTER)") {
            logger.info("recycling the gateway's codex worker", metadata: ["turns": "\(turns)"])
        }
        await gate.reopen()
    }

    // MARK: - Helpers

    /// `nil` when the request carries the key (or none is configured), else the 401 response.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: ChatStreamEncoder.encode(value)))
        )
    }

    private static func decodingProblem(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "`\(key.stringValue)` is missing."
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "`\(context.codingPath.map(\.stringValue).joined(separator: "."))` has the wrong type."
        default: "it is not valid JSON."
        }
    }
}

/// The `/v1/models` body.
struct ModelList: Encodable {
    struct Model: Encodable {
        var id: String
        var object = "model"
        var created = 0
        var ownedBy = "codex"

        init(id: String) { self.id = id }

        enum CodingKeys: String, CodingKey {
            case id, object, created
            case ownedBy = "owned_by"
        }
    }

    var object = "list"
    var data: [Model]
}
