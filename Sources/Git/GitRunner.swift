import Foundation
import Logging
import WardenCore
import Subprocess
import Synchronization
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs git as a child process with a minimal environment, never through a shell.
///
/// Every command gets: `PATH`; `HOME` set to a private empty directory (so no user configuration or
/// stored credential is read); `LANG=C`/`LC_ALL=C` (so messages can be classified);
/// `GIT_TERMINAL_PROMPT=0` (fail instead of asking for a password); `GIT_CONFIG_NOSYSTEM=1` and
/// `GIT_CONFIG_GLOBAL=/dev/null` (only the repository's own configuration counts); with a proxy configured,
/// `http.proxy` (as `GIT_CONFIG_*` pairs) and `NO_PROXY`. Nothing else
/// of the parent's environment — in particular no `WARDEN_*` variable — is passed. Options on
/// every command: an empty `credential.helper` (nothing is ever stored), hooks disabled, no
/// detached background maintenance (nothing outlives the command). git leads its own process
/// group; on timeout the whole group gets SIGTERM, then SIGKILL.
struct GitRunner: Sendable {
    /// Options placed before every command's own arguments.
    static let hygieneOptions = [
        "-c", "credential.helper=",
        "-c", "core.hooksPath=/dev/null",
        "-c", "core.fsmonitor=false",
        "-c", "gc.autoDetach=false",
    ]

    /// The private, empty `HOME`.
    let home: String
    /// The `PATH` git is looked up in and runs with.
    let searchPath: String
    /// The longest a command may run.
    let timeout: Duration
    /// Time between SIGTERM and SIGKILL when a command is stopped.
    let gracePeriod: Duration
    /// The proxy git's HTTP traffic goes through (`proxy.url`, `proxy.no_proxy`).
    var proxy = ProxySettings(endpoint: nil)
    let logger: Logger

    /// The complete environment of `command`'s git process.
    func environment(for command: GitCommand) -> [String: String] {
        var environment = command.environment.filter { !$0.key.hasPrefix("WARDEN_") }
        environment["PATH"] = searchPath
        environment["HOME"] = home
        environment["LANG"] = "C"
        environment["LC_ALL"] = "C"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        var configuration: [(key: String, value: String)] = []
        if let credential = command.credential {
            configuration.append(("http.extraHeader", credential.headerValue))
        }
        if let endpoint = proxy.endpoint {
            // Through the environment, never a file: nothing in the clone or the worktree names the proxy.
            configuration.append(("http.proxy", endpoint.url))
            environment["NO_PROXY"] = proxy.noProxy.environmentValue
            environment["no_proxy"] = proxy.noProxy.environmentValue
        }
        if !configuration.isEmpty {
            environment["GIT_CONFIG_COUNT"] = String(configuration.count)
            for (index, entry) in configuration.enumerated() {
                environment["GIT_CONFIG_KEY_\(index)"] = entry.key
                environment["GIT_CONFIG_VALUE_\(index)"] = entry.value
            }
        }
        return environment
    }

    /// Runs `command` and fails with a classified ``GitError`` unless git exits with status 0.
    @discardableResult
    func check(_ command: GitCommand) async throws(GitError) -> GitOutput {
        let output = try await run(command)
        guard output.succeeded else { throw Self.classify(output, command: command) }
        return output
    }

    /// Runs `command` to the end; a non-zero exit is a result, not an error.
    /// - Throws: ``GitError`` when git cannot start, times out, is cancelled or writes too much.
    func run(_ command: GitCommand) async throws(GitError) -> GitOutput {
        let environment = environment(for: command)
        let executable = Self.locate("git", in: searchPath).map { Executable.path(FilePath($0)) } ?? .name("git")
        let leader = ProcessLeader()
        let limit = timeout
        let grace = gracePeriod
        logger.debug("running git", metadata: ["command": "\(command.display)"])
        let part = await withTaskGroup(of: RunPart.self) { group in
            group.addTask {
                await Self.spawn(command, executable: executable, environment: environment, leader: leader, gracePeriod: grace)
            }
            group.addTask {
                do {
                    try await Task.sleep(for: limit)
                } catch {
                    return .timerStopped
                }
                leader.signalGroup(SIGTERM)
                try? await Task.sleep(for: grace)
                leader.signalGroup(SIGKILL)
                return .timedOut
            }
            var finished: RunPart = .timerStopped
            var timedOut = false
            while let next = await group.next() {
                switch next {
                case .timedOut: timedOut = true
                case .timerStopped: break
                case .finished, .failed:
                    finished = next
                    group.cancelAll()
                }
            }
            return timedOut ? .timedOut : finished
        }
        // git waits for its helpers, but a timeout or cancellation may leave some behind.
        leader.signalGroup(SIGKILL)

        switch part {
        case .finished(let status, let stdout, let stderr):
            if Task.isCancelled { throw .cancelled(command: command.display) }
            let tail = String(decoding: stderr.suffix(4096), as: UTF8.self)
            return GitOutput(exitStatus: status, standardOutput: stdout, standardError: GitError.redacting(tail, secrets: command.secrets))
        case .failed(let reason):
            if Task.isCancelled { throw .cancelled(command: command.display) }
            throw .spawnFailed(command: command.display, reason: GitError.redacting(reason, secrets: command.secrets))
        case .timedOut:
            throw .timedOut(command: command.display, after: limit)
        case .timerStopped:
            throw .cancelled(command: command.display)
        }
    }

    private enum RunPart: Sendable {
        case finished(status: Int32?, stdout: [UInt8], stderr: [UInt8])
        case failed(String)
        case timedOut
        case timerStopped
    }

    /// The first executable file named `name` in the directories of `path`, or `nil`.
    ///
    /// Looked up here rather than by the spawner, which tries `execve` in a forked child for every
    /// directory before the right one (about 0.7 ms each, for every git command).
    static func locate(_ name: String, in path: String) -> String? {
        for directory in path.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = directory + "/" + name
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    private static func spawn(
        _ command: GitCommand,
        executable: Executable,
        environment: [String: String],
        leader: ProcessLeader,
        gracePeriod: Duration
    ) async -> RunPart {
        var options = PlatformOptions()
        // setpgid(0, 0) in the child: git and its helpers form a group that is signalled as a whole.
        options.processGroupID = 0
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: gracePeriod)]
        do {
            let result = try await Subprocess.run(
                executable,
                arguments: Arguments(hygieneOptions + command.arguments),
                environment: .custom(Dictionary(uniqueKeysWithValues: environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) })),
                workingDirectory: command.workingDirectory.map { FilePath($0) },
                platformOptions: options,
                input: .array(command.input),
                output: .bytes(limit: command.outputLimit),
                error: .bytes(limit: 16 * 1024 * 1024)
            ) { execution in
                leader.record(execution.processIdentifier.value)
            }
            let status: Int32?
            switch result.terminationStatus {
            case .exited(let code): status = code
            case .signaled: status = nil
            }
            return .finished(status: status, stdout: result.standardOutput, stderr: result.standardError)
        } catch {
            return .failed("\(error)")
        }
    }

    /// Turns a failed command into the error a caller can act on.
    static func classify(_ output: GitOutput, command: GitCommand) -> GitError {
        let stderr = output.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        let authenticationMarkers = [
            "Authentication failed", "could not read Username", "could not read Password", "terminal prompts disabled",
            "returned error: 401", "returned error: 403", "HTTP Basic: Access denied",
        ]
        if authenticationMarkers.contains(where: { stderr.contains($0) }) {
            return .authenticationFailed(command: command.display, stderr: stderr, exitStatus: output.exitStatus)
        }
        return .commandFailed(command: command.display, exitStatus: output.exitStatus, stderr: stderr)
    }
}

/// The process id of a running git, shared between the task that runs it and its timer.
private final class ProcessLeader: Sendable {
    private let pid = Mutex<Int32?>(nil)

    func record(_ value: Int32) {
        pid.withLock { $0 = value }
    }

    /// Signals git's whole process group; nothing when git has not started.
    func signalGroup(_ signal: Int32) {
        guard let value = pid.withLock({ $0 }), value > 1 else { return }
        _ = kill(-value, signal)
    }
}
