import Codex
import Foundation
import Subprocess
import SystemPackage

/// Runs the project's test command in a worktree: no shell, a minimal environment, its own process
/// group, a time limit.
///
/// The command runs code the model just wrote, so it gets only `PATH`, `HOME`, `LANG`, `LC_ALL` and
/// `TZ` from this process — never a token, never a `WARDEN_*` variable — and the whole process group
/// is stopped when the time limit is reached, and killed once more after every run.
public struct TestCommandRunner: Sendable {
    /// The program and its arguments.
    public let command: [String]
    /// How long the command may run.
    public let timeout: Duration
    /// The command's complete environment.
    public let environment: [String: String]
    /// How many bytes of output are kept for the report.
    public let outputTailLimit: Int

    /// The variables passed on from this process.
    public static let passedVariables = ["PATH", "HOME", "LANG", "LC_ALL", "TZ"]

    /// Creates a runner.
    ///
    /// - Parameters:
    ///   - command: program and arguments; the program is looked up in `PATH` unless it contains a `/`.
    ///   - timeout: the time limit.
    ///   - parentEnvironment: where ``passedVariables`` are taken from; this process's environment by default.
    ///   - outputTailLimit: bytes of combined output kept (default 8 KiB).
    public init(command: [String], timeout: Duration, parentEnvironment: [String: String]? = nil, outputTailLimit: Int = 8 * 1024) {
        self.command = command
        self.timeout = timeout
        let parent = parentEnvironment ?? ProcessInfo.processInfo.environment
        var environment: [String: String] = [:]
        for name in Self.passedVariables {
            if let value = parent[name] { environment[name] = value }
        }
        environment["CI"] = "true"
        self.environment = environment
        self.outputTailLimit = outputTailLimit
    }

    /// Runs the command in `directory` and waits for it.
    ///
    /// - Parameter directory: the worktree.
    /// - Returns: how it ended; a command that cannot start is a failed run, not an error.
    public func run(in directory: String) async -> TestRun {
        let started = ContinuousClock.now
        guard let program = command.first else {
            return TestRun(exitStatus: nil, timedOut: false, outputTail: "no test command", duration: .zero)
        }
        let executable: Executable = program.contains("/") ? .path(FilePath(program)) : .name(program)
        let limit = timeout
        let tailLimit = outputTailLimit
        let grace = Duration.seconds(2)
        do {
            let result = try await Subprocess.run(
                executable,
                arguments: Arguments(Array(command.dropFirst())),
                environment: .custom(Dictionary(uniqueKeysWithValues: environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) })),
                workingDirectory: FilePath(directory),
                platformOptions: ProcessGroup.platformOptions(gracePeriod: grace),
                input: .none,
                output: .sequence,
                error: .sequence
            ) { execution in
                let group = ProcessGroup(leader: execution.processIdentifier)
                let outcome = await withTaskGroup(of: Part.self) { tasks in
                    tasks.addTask { .output(await Self.tail(of: execution.standardOutput, limit: tailLimit)) }
                    tasks.addTask { .output(await Self.tail(of: execution.standardError, limit: tailLimit)) }
                    tasks.addTask {
                        do {
                            try await Task.sleep(for: limit)
                        } catch {
                            return .timerStopped
                        }
                        await group.terminate(gracePeriod: grace)
                        return .timedOut
                    }
                    var output: [UInt8] = []
                    var timedOut = false
                    var readers = 2
                    while let part = await tasks.next() {
                        switch part {
                        case .output(let bytes):
                            output += bytes
                            readers -= 1
                            if readers == 0 { tasks.cancelAll() }
                        case .timedOut: timedOut = true
                        case .timerStopped: break
                        }
                    }
                    return (output, timedOut)
                }
                await group.killAll()
                return outcome
            }
            let (output, timedOut) = result.closureResult
            let status: Int32? = if case .exited(let code) = result.terminationStatus { code } else { nil }
            let text = String(decoding: output.suffix(tailLimit), as: UTF8.self)
            return TestRun(exitStatus: status, timedOut: timedOut, outputTail: text, duration: ContinuousClock.now - started)
        } catch {
            return TestRun(exitStatus: nil, timedOut: false, outputTail: "cannot start \(program): \(error)", duration: ContinuousClock.now - started)
        }
    }

    private enum Part: Sendable {
        case output([UInt8])
        case timedOut
        case timerStopped
    }

    private static func tail(of sequence: SubprocessOutputSequence, limit: Int) async -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            for try await chunk in sequence {
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
