import Foundation
import Logging
import WardenCore
import WardenTestSupport

@testable import Codex

/// A supervised real `codex app-server` pointed at a ``ScriptedModelServer``, for the app-server suites.
struct AppServerHarness {
    let model: ScriptedModelServer
    let home: TestCodexHome
    let supervisor: AppServerSupervisor
    private let running: Task<Void, any Error>

    /// Runs `body` with a started harness and stops it afterwards, whether `body` throws or not.
    static func with<T>(
        script: [ModelTurn],
        defaultTurn: ModelTurn = .message("default answer"),
        tools: ToolPolicy = .review,
        rateLimits: RateLimitMonitor? = nil,
        _ body: (AppServerHarness) async throws -> T
    ) async throws -> T {
        let harness = try await start(script: script, defaultTurn: defaultTurn, tools: tools, rateLimits: rateLimits)
        do {
            let result = try await body(harness)
            await harness.stop()
            return result
        } catch {
            await harness.stop()
            throw error
        }
    }

    /// Starts the model server, writes a codex home for it and runs a supervisor over the real codex binary,
    /// offering the model `tools`.
    static func start(
        script: [ModelTurn],
        defaultTurn: ModelTurn = .message("default answer"),
        tools: ToolPolicy = .review,
        restartPolicy: AppServerRestartPolicy = AppServerRestartPolicy(initialBackoff: .milliseconds(100)),
        rateLimits: RateLimitMonitor? = nil,
        experimentalAPI: Bool = false
    ) async throws -> AppServerHarness {
        let model = ScriptedModelServer(script: script, defaultTurn: defaultTurn)
        let port = try await model.start()
        let home = try TestCodexHome(modelServerPort: port)
        let launch = try await AppServerLaunch.make(
            executablePath: try CodexBinary.path(),
            codex: CodexArguments(model: "gpt-5.5", tools: tools),
            environment: ChildEnvironment(fixedValues: home.environment()),
            parentEnvironment: ProcessInfo.processInfo.environment,
            workingDirectory: home.workDirectory,
            catalogueDirectory: home.root
        )
        let configuration = AppServerSupervisorConfiguration(
            launch: launch,
            client: AppServerClientInfo(name: "warden_test", experimentalAPI: experimentalAPI),
            handshakeTimeout: .seconds(30),
            requestTimeout: .seconds(60),
            shutdownGracePeriod: .seconds(2),
            restartPolicy: restartPolicy,
            rateLimits: rateLimits
        )
        let supervisor = AppServerSupervisor(configuration: configuration, logger: Logger(label: "warden.codex.test"))
        let running = Task { try await supervisor.run() }
        return AppServerHarness(model: model, home: home, supervisor: supervisor, running: running)
    }

    /// The ready worker's connection, waiting for the handshake.
    func connection() async throws -> AppServerConnection {
        try await supervisor.readyConnection(within: .seconds(60))
    }

    /// A new thread in the test's work directory.
    func startThread(
        approvalPolicy: AppServerApprovalPolicy = .never,
        sandbox: SandboxMode = .readOnly
    ) async throws -> (AppServerConnection, ThreadID) {
        let connection = try await connection()
        let thread = try await connection.startThread(
            AppServerThreadOptions(workingDirectory: home.workDirectory, approvalPolicy: approvalPolicy, sandbox: sandbox)
        )
        return (connection, thread)
    }

    /// Stops the supervisor (and its worker), the model server, and removes the codex home.
    func stop() async {
        running.cancel()
        _ = await running.result
        await model.stop()
        try? home.remove()
    }
}

/// Collects a turn's events until it completes.
func collect(_ turn: AppServerTurn) async throws -> [AppServerTurnEvent] {
    var events: [AppServerTurnEvent] = []
    for try await event in turn.events { events.append(event) }
    return events
}

extension [AppServerTurnEvent] {
    /// The turn's completion, if it completed.
    var completion: AppServerTurnCompletion? {
        for case .completed(let completion) in self { return completion }
        return nil
    }

    /// The text deltas, in order.
    var deltas: [String] {
        compactMap { event in
            if case .agentMessageDelta(_, let delta) = event { return delta }
            return nil
        }
    }
}
