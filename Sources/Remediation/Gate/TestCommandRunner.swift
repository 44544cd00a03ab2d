import Codex
import Foundation
import Subprocess
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs the project's test command in a worktree: no shell, a minimal environment, its own process
/// group, a time limit — and, unless the operator allowed otherwise, inside a bubblewrap sandbox.
///
/// The command runs code the model just wrote, so it must not reach what Warden can: under
/// ``TestIsolation/bubblewrap(executable:network:readOnlyPaths:hiddenFiles:)`` it sees the system directories, the worktree
/// and nothing else (see ``BubblewrapArguments``), with no network unless allowed. Either way it gets only
/// `PATH`, `LANG`, `LC_ALL`, `TZ` and `CI=true` from this process — never a token, never a `WARDEN_*` variable.
/// At the time limit the whole process group is stopped, the command itself is killed even when it left its
/// group, and the output is no longer read, so a process that escaped the group and still holds the pipes cannot
/// keep the run waiting; the group is killed once more after
/// every run. In the sandbox, what escaped the group dies with its PID namespace.
public struct TestCommandRunner: Sendable {
    /// The program and its arguments.
    public let command: [String]
    /// How long the command may run.
    public let timeout: Duration
    /// The sandbox, or none.
    public let isolation: TestIsolation
    /// How many bytes of output are kept for the report.
    public let outputTailLimit: Int
    private let parentEnvironment: [String: String]

    /// Creates a runner.
    ///
    /// - Parameters:
    ///   - command: program and arguments; the program is looked up in `PATH` unless it contains a `/`.
    ///   - timeout: the time limit.
    ///   - isolation: the sandbox from ``TestSandbox/decision(for:hiding:)``.
    ///   - parentEnvironment: where ``TestLaunch/passedVariables`` are taken from; this process's environment by default.
    ///   - outputTailLimit: bytes of combined output kept (default 8 KiB).
    public init(
        command: [String],
        timeout: Duration,
        isolation: TestIsolation,
        parentEnvironment: [String: String]? = nil,
        outputTailLimit: Int = 8 * 1024
    ) {
        self.command = command
        self.timeout = timeout
        self.isolation = isolation
        self.parentEnvironment = parentEnvironment ?? ProcessInfo.processInfo.environment
        self.outputTailLimit = outputTailLimit
    }

    /// Runs the command in `directory` and waits for it, at most until the time limit (plus the grace period).
    ///
    /// - Parameter directory: the worktree.
    /// - Returns: how it ended; a command that cannot start is a failed run, not an error.
    public func run(in directory: String) async -> TestRun {
        let started = ContinuousClock.now
        guard let launch = TestLaunch.plan(command: command, isolation: isolation, worktree: directory, parentEnvironment: parentEnvironment) else {
            return TestRun(exitStatus: nil, timedOut: false, outputTail: "no test command", duration: .zero)
        }
        let executable: Executable = launch.executable.contains("/") ? .path(FilePath(launch.executable)) : .name(launch.executable)
        let limit = timeout
        let tailLimit = outputTailLimit
        let grace = Duration.seconds(2)
        do {
            let result = try await Subprocess.run(
                executable,
                arguments: Arguments(launch.arguments),
                environment: .custom(Dictionary(uniqueKeysWithValues: launch.environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) })),
                workingDirectory: FilePath(directory),
                platformOptions: ProcessGroup.platformOptions(gracePeriod: grace),
                input: .none,
                output: .sequence,
                error: .sequence
            ) { execution in
                let group = ProcessGroup(leader: execution.processIdentifier)
                let leader = execution.processIdentifier.value
                let outcome = await withTaskGroup(of: Part.self) { tasks in
                    tasks.addTask { .standardOutput(await Self.tail(of: execution.standardOutput, limit: tailLimit)) }
                    tasks.addTask { .standardError(await Self.tail(of: execution.standardError, limit: tailLimit)) }
                    tasks.addTask {
                        do {
                            try await Task.sleep(for: limit)
                        } catch {
                            return .timerStopped
                        }
                        await group.terminate(gracePeriod: grace)
                        // The command may have moved itself into another group (setpgid), out of reach of the
                        // group signal; until it exits, swift-subprocess keeps waiting and the pipes stay open. It is
                        // not reaped before this closure returns, so its pid cannot belong to anyone else yet.
                        killProcess(leader, SIGKILL)
                        return .timedOut
                    }
                    var standardOutput: [UInt8] = []
                    var standardError: [UInt8] = []
                    var timedOut = false
                    var readers = 2
                    while let part = await tasks.next() {
                        switch part {
                        case .standardOutput(let bytes), .standardError(let bytes):
                            if case .standardOutput = part { standardOutput = bytes } else { standardError = bytes }
                            readers -= 1
                            if readers == 0 { tasks.cancelAll() }
                        case .timedOut:
                            timedOut = true
                            // Whatever still holds the pipes (a `setsid` child outside the group) is not waited for.
                            tasks.cancelAll()
                        case .timerStopped: break
                        }
                    }
                    return (standardOutput + standardError, timedOut)
                }
                await group.killAll()
                return outcome
            }
            let (output, timedOut) = result.closureResult
            let status: Int32? = if case .exited(let code) = result.terminationStatus { code } else { nil }
            let text = String(decoding: output.suffix(tailLimit), as: UTF8.self)
            return TestRun(exitStatus: status, timedOut: timedOut, outputTail: text, duration: ContinuousClock.now - started)
        } catch {
            return TestRun(
                exitStatus: nil, timedOut: false, outputTail: "cannot start \(launch.executable): \(error)", duration: ContinuousClock.now - started
            )
        }
    }

    private enum Part: Sendable {
        case standardOutput([UInt8])
        case standardError([UInt8])
        case timedOut
        case timerStopped
    }

    /// The last `limit` bytes of a stream, read until it ends or the task is cancelled.
    ///
    /// Once swift-subprocess has seen the command exit, every read returns what is in the pipe without waiting, so a
    /// process that escaped the group and keeps writing would keep this loop busy forever; the check for cancellation
    /// (at the time limit) ends it.
    private static func tail(of sequence: SubprocessOutputSequence, limit: Int) async -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            for try await chunk in sequence {
                if Task.isCancelled { break }
                chunk.withUnsafeBytes { bytes += $0 }
                if bytes.count > 2 * limit { bytes.removeFirst(bytes.count - limit) }
            }
        } catch {
            // The stream ends with the process; what was read is the tail.
        }
        return Array(bytes.suffix(limit))
    }
}

/// How one run of the test command ended.
public struct TestRun: Sendable, Equatable {
    /// The exit status, or `nil` when a signal ended it or it never started.
    public let exitStatus: Int32?
    /// Whether the time limit stopped it.
    public let timedOut: Bool
    /// The end of its output (standard output, then standard error).
    public let outputTail: String
    /// How long it ran.
    public let duration: Duration

    /// Whether the tests passed: exit status 0 within the time limit.
    public var passed: Bool { exitStatus == 0 && !timedOut }

    /// Creates a result.
    public init(exitStatus: Int32?, timedOut: Bool, outputTail: String, duration: Duration) {
        self.exitStatus = exitStatus
        self.timedOut = timedOut
        self.outputTail = outputTail
        self.duration = duration
    }

    /// `passed in 3 s`, `failed with exit status 1`, `timed out after 10 min`.
    public var summary: String {
        if timedOut { return "timed out" }
        if passed { return "passed" }
        if let exitStatus { return "failed with exit status \(exitStatus)" }
        return "did not run to the end (\(outputTail.prefix(120)))"
    }
}

/// `kill(2)` of one process, outside the type so nothing of it shadows the C function.
private func killProcess(_ pid: Int32, _ signal: Int32) {
    guard pid > 1 else { return }
    _ = kill(pid, signal)
}
