import Foundation
import Logging
import Testing
import WardenTestSupport

@testable import Codex

#if canImport(Glibc)
import Glibc
#endif

@Suite("App-server supervisor", .serialized)
struct AppServerSupervisorTests {
    @Test("kill -9 of the worker fails the turn in flight retryably, drops readiness, and a restarted worker serves a new turn")
    func recoversFromKill() async throws {
        let slow = ModelTurn.message(String(repeating: "slow words ", count: 30), deltas: 30).with(delayMs: 2_000)
        try await AppServerHarness.with(script: [slow], defaultTurn: .message("back again", deltas: 2)) { harness in
            let (connection, thread) = try await harness.startThread()
            let firstPID = try #require(await harness.supervisor.status.processID)
            let turn = try await connection.startTurn(thread: thread, input: "take your time")
            _ = try await harness.model.waitForRequests(count: 1)

            #expect(kill(firstPID, SIGKILL) == 0)
            do {
                _ = try await collect(turn)
                Issue.record("the turn completed although its worker was killed")
            } catch let error as AppServerError {
                #expect(error.isRetryable)
                #expect(error.metricLabel == "worker_exited")
            }
            #expect(await harness.supervisor.status.isReady == false)
            await #expect(throws: AppServerError.self) { try await connection.startThread() }

            let (newConnection, newThread) = try await harness.startThread()
            let status = await harness.supervisor.status
            #expect(status.isReady)
            #expect(status.restartCount == 1)
            #expect(status.processID != firstPID)
            #expect(status.lastError != nil)
            let events = try await collect(try await newConnection.startTurn(thread: newThread, input: "again"))
            #expect(events.completion?.status == .completed)
            #expect(events.deltas.joined() == "back again")
        }
    }

    @Test("recycling replaces a ready worker at once, without spending the restart budget, and the new one serves")
    func recycles() async throws {
        try await AppServerHarness.with(script: [], defaultTurn: .message("fresh worker", deltas: 2)) { harness in
            _ = try await harness.connection()
            let firstPID = try #require(await harness.supervisor.status.processID)
            #expect(await harness.supervisor.recycle(reason: "test"))
            let during = await harness.supervisor.status
            #expect(during.state == .recycling && !during.isReady && during.isLive)
            await #expect(throws: AppServerError.self) { try await harness.supervisor.connection() }
            #expect(await !harness.supervisor.recycle(reason: "again"), "only a ready worker is recycled")

            let (connection, thread) = try await harness.startThread()
            let status = await harness.supervisor.status
            #expect(status.isReady && status.processID != firstPID)
            #expect(status.recycleCount == 1 && status.restartCount == 0 && status.lastError == nil)
            #expect(kill(firstPID, 0) == -1, "the recycled worker is gone")
            let events = try await collect(try await connection.startTurn(thread: thread, input: "hello"))
            #expect(events.deltas.joined() == "fresh worker")
        }
    }

    /// A supervisor over a fake "codex": a shell script in a scratch directory.
    private static func fakeSupervisor(
        script: String,
        in directory: TestDataDirectory,
        handshakeTimeout: Duration
    ) throws -> AppServerSupervisor {
        let fake = directory.path + "/codex"
        try Data(script.utf8).write(to: URL(fileURLWithPath: fake))
        #expect(chmod(fake, 0o755) == 0)
        let configuration = AppServerSupervisorConfiguration(
            launch: AppServerLaunch(executablePath: fake, arguments: ["app-server"], environment: [:]),
            handshakeTimeout: handshakeTimeout,
            shutdownGracePeriod: .milliseconds(200),
            restartPolicy: AppServerRestartPolicy(
                initialBackoff: .milliseconds(10),
                maximumBackoff: .milliseconds(40),
                window: .seconds(60),
                maximumFailuresInWindow: 5
            )
        )
        return AppServerSupervisor(configuration: configuration, logger: Logger(label: "warden.codex.test"))
    }

    @Test("a worker that exits at once exhausts the restart budget and the supervisor reports not live")
    func crashLoopExhaustsBudget() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let supervisor = try Self.fakeSupervisor(script: "#!/bin/sh\nexit 1\n", in: directory, handshakeTimeout: .seconds(10))
        let running = Task { try await supervisor.run() }
        defer { running.cancel() }

        await #expect(throws: AppServerError.self) { try await supervisor.readyConnection(within: .seconds(30)) }
        let status = await supervisor.status
        #expect(status.state == .failed)
        #expect(!status.isLive)
        #expect(!status.isReady)
        #expect(status.restartCount == 4)
        #expect(status.lastError?.contains("exited") == true)
        await #expect(throws: AppServerError.notReady("failed")) { try await supervisor.connection() }

        running.cancel()
        _ = await running.result
        #expect(await supervisor.status.state == .stopped)
    }

    @Test("a worker that never answers initialize is killed and restarted until the budget runs out")
    func handshakeTimeoutRestarts() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let supervisor = try Self.fakeSupervisor(script: "#!/bin/sh\nexec sleep 30\n", in: directory, handshakeTimeout: .milliseconds(200))
        let running = Task { try await supervisor.run() }
        defer { running.cancel() }

        await #expect(throws: AppServerError.self) { try await supervisor.readyConnection(within: .seconds(30)) }
        let status = await supervisor.status
        #expect(status.state == .failed)
        #expect(status.restartCount == 4)
        #expect(status.lastError?.contains("handshake") == true)
    }

    @Test("graceful stop ends the worker's whole process group")
    func stopsWorker() async throws {
        let harness = try await AppServerHarness.start(script: [])
        _ = try await harness.connection()
        let pid = try #require(await harness.supervisor.status.processID)
        await harness.stop()
        #expect(await harness.supervisor.status.state == .stopped)
        #expect(!ProcessGroup(id: pid).hasRunningMembers)
    }
}
