import Foundation
import Glibc
import Logging
import NIOCore
import Subprocess
import SystemPackage

/// One connection of the exec server: read the request, run the command, stream its output, report its end.
struct ExecSession: Sendable {
    /// What the client sent after its request.
    enum Control: Sendable {
        /// Deliver this signal to the command's process group.
        case signal(Int32)
        /// The client hung up (or broke the protocol): cancel.
        case disconnected
    }

    /// How one task of a running command ended.
    private enum Part: Sendable {
        case outputClosed
        case leaderExited
        case timedOut
        case stopped
    }

    let workspaceRoot: String
    let launcherPath: String
    let timeout: Duration
    let killGracePeriod: Duration
    /// How long a connected client has to send its request.
    let requestTimeout: Duration
    let logger: Logger

    /// Serves one command on the connection.
    func serve(inbound: NIOAsyncChannelInboundStream<ByteBuffer>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async {
        let (requests, requestContinuation) = AsyncStream<Result<ExecCommandRequest, ExecSidecarError>>.makeStream()
        let (controls, controlContinuation) = AsyncStream<Control>.makeStream()
        await withTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                await Self.read(inbound, requests: requestContinuation, controls: controlContinuation)
            }
            // A client that connects and never sends would hold its connection for good.
            let requestTimeout = self.requestTimeout
            tasks.addTask {
                guard (try? await Task.sleep(for: requestTimeout)) != nil else { return }
                requestContinuation.yield(.failure(.requestTimedOut(after: requestTimeout)))
                requestContinuation.finish()
            }
            var iterator = requests.makeAsyncIterator()
            if let first = await iterator.next() {
                switch first {
                case .success(let request):
                    await run(request, controls: controls, outbound: outbound)
                case .failure(let error):
                    logger.warning("request refused", metadata: ["reason": "\(error.metricLabel)"])
                    await Self.send(ExecFrame(.failure, text: error.description), outbound)
                }
            }
            tasks.cancelAll()
        }
    }

    /// Decodes the client's frames: the first must be the request; after it only signals are accepted.
    private static func read(
        _ inbound: NIOAsyncChannelInboundStream<ByteBuffer>,
        requests: AsyncStream<Result<ExecCommandRequest, ExecSidecarError>>.Continuation,
        controls: AsyncStream<Control>.Continuation
    ) async {
        var decoder = ExecFrameDecoder(maximumPayloadSize: ExecServer.maximumRequestSize)
        var sawRequest = false
        defer {
            requests.finish()
            controls.yield(.disconnected)
            controls.finish()
        }
        do {
            for try await buffer in inbound {
                decoder.append(buffer.readableBytesView)
                while let frame = try decoder.next() {
                    switch (frame.kind, sawRequest) {
                    case (.request, false):
                        sawRequest = true
                        requests.yield(.success(try ExecCommandRequest.decode(frame.payload)))
                        requests.finish()
                    case (.signal, true):
                        if let number = frame.payload.first { controls.yield(.signal(Int32(number))) }
                    default:
                        throw ExecSidecarError.malformedFrame(reason: "unexpected \(Character(Unicode.Scalar(frame.kind.rawValue))) frame")
                    }
                }
            }
        } catch let error as ExecSidecarError {
            if !sawRequest { requests.yield(.failure(error)) }
        } catch {
            // The connection failed: the deferred `.disconnected` cancels the command.
        }
    }

    /// Validates and runs the request, streaming output frames and ending with `X` or `F`.
    private func run(_ request: ExecCommandRequest, controls: AsyncStream<Control>, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async {
        let plan: ExecPlan
        do {
            plan = try ExecPlan(request: request, workspaceRoot: workspaceRoot, serverEnvironment: ProcessInfo.processInfo.environment)
        } catch {
            logger.warning("request refused", metadata: ["reason": "\(error.metricLabel)", "error": "\(error)"])
            await Self.send(ExecFrame(.failure, text: error.description), outbound)
            return
        }
        var environment: [Subprocess.Environment.Key: String] = [:]
        for (name, value) in plan.environment {
            if let key = Subprocess.Environment.Key(rawValue: name) { environment[key] = value }
        }
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: killGracePeriod)]
        let started = ContinuousClock.now
        do {
            let result = try await Subprocess.run(
                .path(FilePath(launcherPath)),
                arguments: Arguments(["exec-shim", "--seccomp-exec", "--"] + plan.argv),
                environment: .custom(environment),
                workingDirectory: FilePath(plan.workingDirectory),
                platformOptions: options,
                input: .none,
                output: .sequence,
                error: .sequence
            ) { execution in
                await supervise(
                    leader: execution.processIdentifier.value,
                    standardOutput: execution.standardOutput,
                    standardError: execution.standardError,
                    controls: controls,
                    outbound: outbound
                )
            }
            var outcome = ExecCommandOutcome(timedOut: result.closureResult)
            switch result.terminationStatus {
            case .exited(let code): outcome.exitCode = code
            case .signaled(let signal): outcome.signal = signal
            }
            logger.info(
                "command finished",
                metadata: [
                    "status": "\(outcome.shellStatus)", "timed_out": "\(outcome.timedOut)",
                    "seconds": "\((ContinuousClock.now - started).components.seconds)",
                ]
            )
            await Self.send(ExecFrame(.exit, payload: outcome.encoded()), outbound)
        } catch {
            let failure = ExecSidecarError.spawnFailed(reason: "\(error)")
            logger.error("spawn failed", metadata: ["error": "\(failure)"])
            await Self.send(ExecFrame(.failure, text: failure.description), outbound)
        }
    }

    /// Streams both outputs while watching the leader, the client and the clock.
    /// - Returns: Whether the command was killed for running past its time limit.
    private func supervise(
        leader: pid_t,
        standardOutput: SubprocessOutputSequence,
        standardError: SubprocessOutputSequence,
        controls: AsyncStream<Control>,
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    ) async -> Bool {
        let group = ProcessGroupSignal(leader: leader)
        let timeout = self.timeout
        let grace = killGracePeriod
        return await withTaskGroup(of: Part.self) { tasks in
            tasks.addTask { await Self.pump(standardOutput, as: ExecFrame.Kind.standardOutput, to: outbound) }
            tasks.addTask { await Self.pump(standardError, as: ExecFrame.Kind.standardError, to: outbound) }
            tasks.addTask {
                await group.waitForLeaderExit()
                // Background jobs must not outlive the command: the group goes with its leader.
                group.send(SIGKILL)
                return .leaderExited
            }
            tasks.addTask {
                for await control in controls {
                    switch control {
                    case .signal(let number): group.send(number)
                    case .disconnected: group.send(SIGKILL)
                    }
                }
                return .stopped
            }
            tasks.addTask {
                do {
                    try await Task.sleep(for: timeout)
                } catch {
                    return .stopped
                }
                group.send(SIGTERM)
                try? await Task.sleep(for: grace)
                group.send(SIGKILL)
                return .timedOut
            }
            var open = 3  // two outputs and the leader
            var timedOut = false
            for await part in tasks {
                switch part {
                case .outputClosed, .leaderExited:
                    open -= 1
                    if open == 0 { tasks.cancelAll() }
                case .timedOut:
                    timedOut = true
                case .stopped:
                    break
                }
            }
            return timedOut
        }
    }

    /// Forwards one output stream as frames of at most 64 KiB; keeps draining after the client is gone so
    /// the command never blocks on a full pipe.
    private static func pump(_ stream: SubprocessOutputSequence, as kind: ExecFrame.Kind, to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async -> Part {
        var clientGone = false
        do {
            for try await buffer in stream {
                guard !clientGone else { continue }
                let bytes = buffer.withUnsafeBytes { Array($0) }
                var offset = 0
                while offset < bytes.count, !clientGone {
                    let end = min(offset + ExecFrame.maximumChunkSize, bytes.count)
                    do {
                        try await outbound.write(ByteBuffer(bytes: ExecFrame(kind, payload: Array(bytes[offset..<end])).encoded))
                    } catch {
                        clientGone = true
                    }
                    offset = end
                }
            }
        } catch {
            // The pipe failed; the leader watcher still ends the command.
        }
        return .outputClosed
    }

    private static func send(_ frame: ExecFrame, _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async {
        try? await outbound.write(ByteBuffer(bytes: frame.encoded))
    }
}
