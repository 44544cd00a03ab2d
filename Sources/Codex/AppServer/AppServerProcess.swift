import Logging
import Subprocess

#if canImport(System)
import System
#else
import SystemPackage
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one `codex app-server` worker: spawns it in its own process group, pumps lines between
/// its pipes and an ``AppServerConnection``, and returns when it has exited.
///
/// The worker's stdout carries the protocol; its stderr (tracing, warnings) is drained and only a
/// short tail is kept for the error report, never parsed. Cancelling the calling task stops the
/// worker: SIGTERM to the group, SIGKILL after the grace period, then one more SIGKILL to the group
/// for anything left behind.
enum AppServerProcess {
    /// How many bytes of the worker's stderr are kept for the error report.
    static let stderrTailLimit = 512

    /// Spawns the worker and runs until it exits.
    ///
    /// - Parameters:
    ///   - launch: what to run.
    ///   - requestPolicy: answers the worker's requests.
    ///   - requestTimeout: the connection's default request timeout.
    ///   - gracePeriod: SIGTERM to SIGKILL, when stopping.
    ///   - logger: the module's logger.
    ///   - onStart: called once the worker runs, with the connection and its pid; return `false`
    ///     to stop the worker (a failed handshake).
    ///   - onOutputClosed: called when the worker's output ends, before the connection fails what
    ///     is in flight, so readiness has dropped by the time a caller sees the failure.
    /// - Returns: a sentence saying how the worker ended, for status and logs.
    /// - Throws: ``AppServerError/spawnFailed(_:)`` when the executable cannot be started.
    static func run(
        _ launch: AppServerLaunch,
        requestPolicy: any AppServerRequestPolicy,
        requestTimeout: Duration,
        gracePeriod: Duration,
        logger: Logger,
        onStart: @escaping @Sendable (AppServerConnection, Int32) async -> Bool,
        onOutputClosed: @escaping @Sendable () async -> Void
    ) async throws -> String {
        // A worker that dies between two messages makes the next write to its stdin raise SIGPIPE,
        // whose default action ends Warden itself; ignored, the write fails with EPIPE instead.
        _ = signal(SIGPIPE, SIG_IGN)
        var environment: [Environment.Key: String] = [:]
        for (name, value) in launch.environment {
            if let key = Environment.Key(rawValue: name) { environment[key] = value }
        }
        let configuration = Configuration(
            executable: .path(FilePath(launch.executablePath)),
            arguments: Arguments(launch.arguments),
            environment: .custom(environment),
            workingDirectory: launch.workingDirectory.map { FilePath($0) },
            platformOptions: ProcessGroup.platformOptions(gracePeriod: gracePeriod)
        )
        var group: ProcessGroup?
        defer { group?.kill() }
        let result: ExecutionResult<String, SequenceOutput, SequenceOutput>
        do {
            result = try await Subprocess.run(configuration, input: .inputWriter, output: .sequence, error: .sequence) {
                execution in
                group = ProcessGroup(leader: execution.processIdentifier)
                return await pump(
                    execution,
                    requestPolicy: requestPolicy,
                    requestTimeout: requestTimeout,
                    gracePeriod: gracePeriod,
                    logger: logger,
                    onStart: onStart,
                    onOutputClosed: onOutputClosed
                )
            }
        } catch let error as SubprocessError {
            throw AppServerError.spawnFailed("cannot run \(launch.executablePath): \(error)")
        }
        return "the app-server exited (\(result.terminationStatus))\(result.closureResult)"
    }

    private static func pump(
        _ execution: Execution<CustomWriteInput, SequenceOutput, SequenceOutput>,
        requestPolicy: any AppServerRequestPolicy,
        requestTimeout: Duration,
        gracePeriod: Duration,
        logger: Logger,
        onStart: @escaping @Sendable (AppServerConnection, Int32) async -> Bool,
        onOutputClosed: @escaping @Sendable () async -> Void
    ) async -> String {
        let (outbox, outboxContinuation) = AsyncStream<[UInt8]>.makeStream()
        let connection = AppServerConnection(
            outbox: outboxContinuation,
            requestPolicy: requestPolicy,
            requestTimeout: requestTimeout,
            logger: logger
        )
        let pid = execution.processIdentifier.value
        let writer = execution.standardInputWriter
        let standardOutput = execution.standardOutput
        let standardError = execution.standardError
        return await withTaskGroup(of: String?.self) { tasks in
            tasks.addTask {
                for await line in outbox {
                    do { _ = try await writer.write(line) } catch { break }
                }
                try? await writer.finish()
                return nil
            }
            tasks.addTask {
                var tail = StderrTail(limit: stderrTailLimit)
                do {
                    for try await buffer in standardError {
                        tail.append(buffer.withUnsafeBytes { Array($0) })
                    }
                } catch {
                    // The worker is gone; whatever was read is the tail.
                }
                let text = tail.text.trimmingWhitespace
                return text.isEmpty ? nil : "; stderr: \(text)"
            }
            tasks.addTask {
                if await onStart(connection, pid) == false {
                    await execution.teardown(using: [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: gracePeriod)])
                }
                return nil
            }
            var framer = JSONLineFramer()
            var ending = "the app-server closed its output"
            do {
                for try await buffer in standardOutput {
                    for line in try framer.append(buffer.withUnsafeBytes { Array($0) }) {
                        await connection.receive(line: line)
                    }
                }
            } catch {
                ending = "reading the app-server's output failed: \(error)"
            }
            await onOutputClosed()
            await connection.close(.workerExited(ending))
            var stderrTail = ""
            for await result in tasks {
                if let result { stderrTail = result }
            }
            return stderrTail
        }
    }
}

extension String {
    /// The string without leading and trailing whitespace and newlines.
    fileprivate var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
