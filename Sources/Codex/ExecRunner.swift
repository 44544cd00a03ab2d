import Foundation
public import Logging
import Subprocess
import SystemPackage
import WardenCore

/// Runs `codex exec --json` turns as child processes.
///
/// Each run: the prompt goes in on standard input from an unlinked private file (codex reads stdin
/// to EOF before it starts, and a file cannot block or raise SIGPIPE the way a pipe can); codex runs
/// with an allowlisted environment as the leader of its own process group; standard output is
/// decoded line by line into ``ExecEvent``s while standard error is kept as a bounded tail; on
/// timeout or cancellation the whole group gets SIGTERM, then SIGKILL after the grace period; and
/// after every run the group is killed once more, since the model's commands may outlive codex.
public struct ExecRunner: CodexExecuting {
    /// The codex binary (inside its wheel layout, so the bundled bubblewrap is found).
    public let executable: String
    /// The fixed part of every invocation: model, sandbox, provider, overrides.
    public let arguments: CodexArguments
    /// The allowlist for codex's environment.
    public let environment: ChildEnvironment
    /// The environment the allowlist picks from; this process's own by default.
    public let parentEnvironment: [String: String]
    /// How long the process group gets between SIGTERM and SIGKILL.
    public let gracePeriod: Duration
    /// How many bytes of standard error are kept.
    public let stderrTailLimit: Int
    /// Where private run directories are created.
    public let temporaryDirectory: String
    /// Where a run without `apply_patch` gets its patch-less model catalogue.
    public let catalogues: ModelCatalogSource
    /// Told the seat's usage windows after every run (from the session's rollout file); `nil` reads none.
    public let rateLimits: RateLimitMonitor?
    private let logger: Logger

    /// Creates a runner.
    ///
    /// - Parameters:
    ///   - executable: the absolute path of the codex binary.
    ///   - arguments: model, sandbox and provider settings.
    ///   - environment: the environment allowlist.
    ///   - parentEnvironment: the environment to pick from (injectable for tests); this process's
    ///     own when `nil`.
    ///   - gracePeriod: time between SIGTERM and SIGKILL (default 2 s).
    ///   - stderrTailLimit: bytes of standard error kept (default 64 KiB).
    ///   - temporaryDirectory: parent of the private run directories (default: the system's).
    ///   - catalogues: the source of patch-less model catalogues (the process-wide one by default).
    ///   - rateLimits: told the seat's usage windows after every run; none by default.
    ///   - logger: the `warden.codex` logger.
    public init(
        executable: String,
        arguments: CodexArguments,
        environment: ChildEnvironment = ChildEnvironment(),
        parentEnvironment: [String: String]? = nil,
        gracePeriod: Duration = .seconds(2),
        stderrTailLimit: Int = 64 * 1024,
        temporaryDirectory: String? = nil,
        catalogues: ModelCatalogSource = .shared,
        rateLimits: RateLimitMonitor? = nil,
        logger: Logger = Logger(label: "warden.codex")
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.parentEnvironment = parentEnvironment ?? ProcessInfo.processInfo.environment
        self.gracePeriod = gracePeriod
        self.stderrTailLimit = stderrTailLimit
        self.temporaryDirectory = temporaryDirectory ?? NSTemporaryDirectory()
        self.catalogues = catalogues
        self.rateLimits = rateLimits
        self.logger = logger
    }

    /// Runs one turn.
    ///
    /// - Parameters:
    ///   - request: prompt, directory, thread to resume, limits.
    ///   - onEvent: called with every event as it arrives.
    /// - Returns: the completed turn.
    /// - Throws: ``CodexError``: ``CodexError/invalidThreadID(_:)`` before spawning for a thread id
    ///   that is not a UUID; otherwise the classified failure.
    public func run(
        _ request: ExecRequest,
        onEvent: @escaping @Sendable (ExecEvent) async -> Void
    ) async throws(CodexError) -> ExecResult {
        var resuming: ThreadID?
        if let text = request.resumeThread {
            guard let id = ThreadID(text) else { throw .invalidThreadID(text) }
            resuming = id
        }
        guard !Task.isCancelled else { throw .cancelled }

        let directory = try RunDirectory(under: temporaryDirectory)
        defer { directory.remove() }
        let schemaPath = try request.outputSchema.map { schema throws(CodexError) in
            try directory.write("output-schema.json", contents: schema)
        }
        let promptPath = try directory.write("prompt.txt", contents: request.prompt)
        let prompt: FileDescriptor
        do {
            prompt = try FileDescriptor.open(FilePath(promptPath), .readOnly)
        } catch {
            throw .spawnFailed(reason: "cannot open the prompt file: \(error)")
        }
        defer { try? prompt.close() }
        try? FileManager.default.removeItem(atPath: promptPath)

        let childEnvironment = environment.build(from: parentEnvironment, codexExecutable: executable)
        let secrets = environment.providerKeyVariables.compactMap { childEnvironment[$0] }
        var invocation = arguments
        if let tools = request.tools { invocation.tools = tools }
        if invocation.effectiveTools.needsModelCatalog, invocation.modelCatalogPath == nil {
            invocation.modelCatalogPath = try await catalogues.write(
                to: directory.path + "/model-catalog.json", executable: executable, environment: childEnvironment
            )
        }
        // The real path: codex looks the project up by it to decide whether the directory is trusted.
        let workingDirectory = URL(fileURLWithPath: request.workingDirectory).resolvingSymlinksInPath().path
        let argv = invocation.exec(workingDirectory: workingDirectory, outputSchemaPath: schemaPath, resuming: resuming)
        logger.debug(
            "starting codex exec",
            metadata: [
                "cwd": "\(request.workingDirectory)", "resume": "\(resuming?.rawValue ?? "-")", "sandbox": "\(arguments.sandbox.rawValue)",
                "tools": "\(invocation.effectiveTools)",
            ]
        )

        let supervision: Supervision
        let termination: ExecTranscript.Termination
        do {
            let result = try await Subprocess.run(
                .path(FilePath(executable)),
                arguments: Arguments(argv),
                environment: .custom(Dictionary(uniqueKeysWithValues: childEnvironment.map { (Environment.Key(stringLiteral: $0.key), $0.value) })),
                workingDirectory: FilePath(request.workingDirectory),
                platformOptions: ProcessGroup.platformOptions(gracePeriod: gracePeriod),
                input: .fileDescriptor(prompt, closeAfterSpawningProcess: false),
                output: .sequence,
                error: .sequence
            ) { execution in
                await Self.supervise(
                    stdout: execution.standardOutput,
                    stderr: execution.standardError,
                    group: ProcessGroup(leader: execution.processIdentifier),
                    request: request,
                    resuming: resuming,
                    gracePeriod: gracePeriod,
                    stderrTailLimit: stderrTailLimit,
                    onEvent: onEvent
                )
            }
            supervision = result.closureResult
            switch result.terminationStatus {
            case .exited(let status): termination = .exited(status)
            case .signaled(let signal): termination = .signaled(signal)
            }
        } catch {
            if Task.isCancelled { throw .cancelled }
            throw .spawnFailed(reason: "\(error)")
        }
        // The model's commands may have outlived codex (or ignored SIGTERM): end them all.
        await supervision.group.killAll()
        await recordRateLimits(thread: supervision.transcript.threadID, childEnvironment: childEnvironment)

        let interruption: ExecTranscript.Interruption? = Task.isCancelled ? .cancelled : supervision.interruption
        let outcome = supervision.transcript.outcome(
            termination: termination,
            interruption: interruption,
            previousTotal: request.previousTotal,
            stderrTail: supervision.stderrTail.text,
            secrets: secrets,
            timeZone: Self.timeZone(of: childEnvironment)
        )
        switch outcome {
        case .success(let result):
            logger.debug("codex exec completed", metadata: ["thread": "\(result.threadID)", "tokens": "\(result.turnUsage.totalTokens)"])
            return result
        case .failure(let error):
            logger.warning("codex exec failed", metadata: ["reason": "\(error.metricLabel)", "error": "\(error)"])
            throw error
        }
    }

    /// Tells ``rateLimits`` the windows codex wrote into the thread's rollout file during the run, if it wrote any.
    private func recordRateLimits(thread: String?, childEnvironment: [String: String]) async {
        guard let rateLimits, let thread, let home = childEnvironment["CODEX_HOME"] ?? childEnvironment["HOME"].map({ $0 + "/.codex" }) else {
            return
        }
        guard let snapshot = RolloutRateLimits.latest(thread: thread, codexHome: home) else { return }
        await rateLimits.update(snapshot)
    }

    /// The time zone codex writes wall-clock times in (a usage limit's reset): the child's `TZ`, which the environment
    /// allowlist takes from this process, else the system's, which is this process's too.
    static func timeZone(of childEnvironment: [String: String]) -> TimeZone {
        guard let name = childEnvironment["TZ"], !name.isEmpty else { return .current }
        return TimeZone(identifier: name.hasPrefix(":") ? String(name.dropFirst()) : name) ?? .current
    }

    /// What the closure around the running process found.
    private struct Supervision: Sendable {
        let group: ProcessGroup
        let transcript: ExecTranscript
        let stderrTail: StderrTail
        let interruption: ExecTranscript.Interruption?
    }

    private enum Part: Sendable {
        case events(ExecTranscript, ExecTranscript.Interruption?)
        case stderr(StderrTail)
        case timedOut
        case timerStopped
    }

    /// Reads both streams concurrently while a timer watches the wall clock.
    private static func supervise(
        stdout: SubprocessOutputSequence,
        stderr: SubprocessOutputSequence,
        group: ProcessGroup,
        request: ExecRequest,
        resuming: ThreadID?,
        gracePeriod: Duration,
        stderrTailLimit: Int,
        onEvent: @escaping @Sendable (ExecEvent) async -> Void
    ) async -> Supervision {
        await withTaskGroup(of: Part.self) { tasks in
            tasks.addTask {
                await readEvents(stdout, group: group, resuming: resuming, gracePeriod: gracePeriod, onEvent: onEvent)
            }
            tasks.addTask {
                var tail = StderrTail(limit: stderrTailLimit)
                do {
                    for try await chunk in stderr {
                        chunk.withUnsafeBytes { tail.append($0) }
                    }
                } catch {
                    // The stream ends with the process; a read error leaves the tail as it is.
                }
                return .stderr(tail)
            }
            tasks.addTask {
                do {
                    try await Task.sleep(for: request.timeout)
                } catch {
                    return .timerStopped
                }
                await group.terminate(gracePeriod: gracePeriod)
                return .timedOut
            }
            var transcript = ExecTranscript()
            var tail = StderrTail(limit: stderrTailLimit)
            var interruption: ExecTranscript.Interruption?
            var readersLeft = 2
            while let part = await tasks.next() {
                switch part {
                case .events(let events, let stop):
                    transcript = events
                    interruption = interruption ?? stop
                    readersLeft -= 1
                case .stderr(let text):
                    tail = text
                    readersLeft -= 1
                case .timedOut:
                    interruption = .timedOut(request.timeout)
                case .timerStopped:
                    break
                }
                if readersLeft == 0 { tasks.cancelAll() }
            }
            return Supervision(group: group, transcript: transcript, stderrTail: tail, interruption: interruption)
        }
    }

    /// Decodes standard output into events until it ends; stops the group early when codex resumed
    /// another thread than the one asked for.
    private static func readEvents(
        _ stdout: SubprocessOutputSequence,
        group: ProcessGroup,
        resuming: ThreadID?,
        gracePeriod: Duration,
        onEvent: @escaping @Sendable (ExecEvent) async -> Void
    ) async -> Part {
        var transcript = ExecTranscript()
        do {
            // Items carry whole command outputs and messages in one line: allow large lines.
            for try await line in stdout.strings(bufferingPolicy: .maxLineLength(64 * 1024 * 1024)) {
                guard let event = ExecEvent.decode(line: line) else { continue }
                transcript.record(event)
                await onEvent(event)
                if case .threadStarted(let reported) = event, let resuming, ThreadID(reported) != resuming {
                    await group.terminate(gracePeriod: gracePeriod)
                    return .events(transcript, .threadMismatch(requested: resuming, reported: reported))
                }
            }
        } catch {
            // A read error (or cancellation) ends the stream; the verdict comes from what was read.
        }
        return .events(transcript, nil)
    }
}
