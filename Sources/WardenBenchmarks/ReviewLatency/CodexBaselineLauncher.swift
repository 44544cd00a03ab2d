import Codex
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The benchmark's baseline: `codex exec --json` spawned directly, without Warden in between.
///
/// It uses what Warden's runner would use — the same binary, argument vector (provider, overrides, model, sandbox,
/// `--output-schema`), allowlisted environment (so the same `CODEX_HOME`) and the same prompt on standard input —
/// in a worktree of the same commit. The prompt and schema files are written once, before anything is timed; each
/// spawn opens the prompt afresh, discards codex's output and waits for codex to exit.
struct CodexBaselineLauncher {
    private let executable: String
    private let arguments: [String]
    private let environment: [String: String]
    private let workingDirectory: String
    private let promptPath: String

    /// Writes the request's prompt and schema under `directory` and prepares the invocation.
    /// - Throws: when a file cannot be written.
    init(runner: ExecRunner, request: ExecRequest, workingDirectory: String, directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        promptPath = directory + "/prompt.txt"
        try Data(request.prompt.utf8).write(to: URL(fileURLWithPath: promptPath))
        var schemaPath: String?
        if let schema = request.outputSchema {
            let path = directory + "/output-schema.json"
            try Data(schema.utf8).write(to: URL(fileURLWithPath: path))
            schemaPath = path
        }
        executable = runner.executable
        arguments = runner.arguments.exec(workingDirectory: workingDirectory, outputSchemaPath: schemaPath)
        environment = runner.environment.build(from: runner.parentEnvironment, codexExecutable: runner.executable)
        self.workingDirectory = workingDirectory
    }

    /// Spawns codex once and waits for it to exit.
    /// - Parameter timeout: how long codex may run before it is killed and the spawn fails.
    /// - Returns: the instant just before the spawn.
    /// - Throws: `BenchmarkFailure` when codex cannot be started or does not exit in time.
    func spawn(timeout: Duration) async throws -> ContinuousClock.Instant {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
        guard let prompt = FileHandle(forReadingAtPath: promptPath) else {
            throw BenchmarkFailure(message: "the baseline cannot open its prompt file \(promptPath)")
        }
        defer { try? prompt.close() }
        process.standardInput = prompt
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let (exits, exitSink) = AsyncStream<Int32>.makeStream(bufferingPolicy: .bufferingNewest(1))
        process.terminationHandler = { finished in
            exitSink.yield(finished.terminationStatus)
            exitSink.finish()
        }
        let spawned = ContinuousClock.now
        do {
            try process.run()
        } catch {
            throw BenchmarkFailure(message: "the baseline cannot start codex: \(error)")
        }
        let pid = process.processIdentifier
        let exited = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                var iterator = exits.makeAsyncIterator()
                return await iterator.next() != nil
            }
            group.addTask {
                do {
                    try await Task.sleep(for: timeout)
                } catch {
                    return true
                }
                kill(pid, SIGKILL)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        guard exited else { throw BenchmarkFailure(message: "the baseline's codex did not exit within \(timeout)") }
        return spawned
    }
}
