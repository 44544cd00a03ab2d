import Foundation
import Glibc
import Subprocess
import SystemPackage
import Testing
import WardenTestSupport

/// A running `warden exec-server` (the built binary) with its own socket folder and workspace, plus a folder
/// holding the shim as `bash` and `sh` the way a container image installs it.
struct ExecServerHarness: Sendable {
    let data: TestDataDirectory
    let warden: String
    let socketPath: String
    let workspace: String
    let shimFolder: String
    let logPath: String
    let serverPID: pid_t

    /// What one shim run printed and how it ended.
    struct Run: Sendable {
        var status: TerminationStatus
        var standardOutput: String
        var standardError: String

        /// The status a shell would report: the exit code, or 128 + signal.
        var shellStatus: Int32 {
            switch status {
            case .exited(let code): code
            case .signaled(let signal): 128 + signal
            }
        }
    }

    /// Starts a server, runs `body`, and stops the server (SIGTERM) afterwards, also when `body` throws.
    ///
    /// The server allows this process's uid (`WARDEN_EXEC_ALLOWED_UIDS`) unless `environment` says otherwise.
    /// - Parameters:
    ///   - environment: Extra `WARDEN_EXEC_*` settings (`WARDEN_EXEC_TIMEOUT`, …).
    ///   - workspaceName: The workspace's folder in the test's data directory (`worktrees`, to serve a
    ///     `RepositoryCache`'s worktrees); created after `prepare` when `prepare` did not create it.
    ///   - serverPrefix: A program and arguments to start the server through (`setpriv …`, to run it as another uid).
    ///   - prepare: Runs before the server starts, with the harness (to set up the socket folder).
    static func with(
        environment: [String: String] = [:],
        workspaceName: String = "workspace",
        serverPrefix: [String] = [],
        prepare: (ExecServerHarness) async throws -> Void = { _ in },
        _ body: (ExecServerHarness) async throws -> Void
    ) async throws {
        let data = try TestDataDirectory()
        let socketFolder = data.path + "/run"
        let workspace = data.path + "/" + workspaceName
        let shimFolder = data.path + "/shim-bin"
        try FileManager.default.createDirectory(atPath: shimFolder, withIntermediateDirectories: true)
        let warden = try BuiltProducts.path("warden")
        for name in ["bash", "sh"] {
            try FileManager.default.createSymbolicLink(atPath: shimFolder + "/" + name, withDestinationPath: warden)
        }
        var harness = ExecServerHarness(
            data: data,
            warden: warden,
            socketPath: socketFolder + "/exec.sock",
            workspace: workspace,
            shimFolder: shimFolder,
            logPath: data.path + "/server.log",
            serverPID: 0
        )
        try await prepare(harness)
        if !FileManager.default.fileExists(atPath: workspace) {
            try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        }

        var serverEnvironment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("WARDEN_") }
        serverEnvironment["WARDEN_EXEC_SOCKET"] = harness.socketPath
        serverEnvironment["WARDEN_EXEC_WORKSPACE"] = workspace
        serverEnvironment["WARDEN_EXEC_ALLOWED_UIDS"] = "\(getuid())"
        serverEnvironment.merge(environment) { $1 }
        _ = FileManager.default.createFile(atPath: harness.logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: harness.logPath))
        let server = Process()
        let command = serverPrefix + [warden, "exec-server"]
        server.executableURL = URL(fileURLWithPath: command[0])
        server.arguments = Array(command.dropFirst())
        server.environment = serverEnvironment
        server.standardInput = FileHandle.nullDevice
        server.standardOutput = log
        server.standardError = log
        try server.run()
        try? log.close()
        harness = ExecServerHarness(
            data: data,
            warden: warden,
            socketPath: harness.socketPath,
            workspace: workspace,
            shimFolder: shimFolder,
            logPath: harness.logPath,
            serverPID: server.processIdentifier
        )
        do {
            try await harness.waitUntilListening()
            try await body(harness)
        } catch {
            await harness.stop(server)
            throw error
        }
        await harness.stop(server)
        data.remove()
    }

    /// Runs the shim (as `bash`, from the shim folder) with `arguments` in `directory` (the workspace by default).
    /// - Parameters:
    ///   - prefix: A program and arguments to run the shim through (`setpriv …`).
    ///   - environment: Extra environment variables for the shim.
    func shim(
        _ arguments: [String],
        in directory: String? = nil,
        through prefix: [String] = [],
        environment: [String: String] = [:]
    ) async throws -> Run {
        var variables: [Subprocess.Environment.Key: String] = [
            "WARDEN_EXEC_SOCKET": socketPath,
            "PATH": shimFolder + ":/usr/bin:/bin",
        ]
        for (name, value) in environment {
            variables[try #require(Subprocess.Environment.Key(rawValue: name))] = value
        }
        let argv = prefix + [shimFolder + "/bash"] + arguments
        let result = try await Subprocess.run(
            .path(FilePath(argv[0])),
            arguments: Arguments(Array(argv.dropFirst())),
            environment: .custom(variables),
            workingDirectory: FilePath(directory ?? workspace),
            input: .none,
            output: .string(limit: 1 << 22),
            error: .string(limit: 1 << 22)
        )
        return Run(status: result.terminationStatus, standardOutput: result.standardOutput, standardError: result.standardError)
    }

    /// Runs `bash -c script` through the shim.
    func shell(_ script: String, in directory: String? = nil) async throws -> Run {
        try await shim(["-c", script], in: directory)
    }

    /// The server's log so far.
    var log: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// The pids of live (not zombie) processes in process group `group`.
    static func liveMembers(of group: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8) else { return nil }
            // Fields after the parenthesised command name: state, ppid, pgrp, …
            guard let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, fields[0] != "Z", pid_t(fields[2]) == group else { return nil }
            return pid
        }
    }

    /// Waits until no live process is left in `group`; returns the ones still there after `timeout`.
    static func waitForEmptyGroup(_ group: pid_t, timeout: Duration = .seconds(10)) async -> [pid_t] {
        let deadline = ContinuousClock.now + timeout
        var members = liveMembers(of: group)
        while !members.isEmpty, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
            members = liveMembers(of: group)
        }
        return members
    }

    private func waitUntilListening() async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !log.contains("exec server listening") {
            guard ContinuousClock.now < deadline else {
                throw TestSupportError.timedOut(waitingFor: "the exec server to listen", observed: log, timeout: .seconds(30))
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    private func stop(_ server: Process) async {
        kill(serverPID, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(10)
        while server.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if server.isRunning { kill(serverPID, SIGKILL) }
    }
}
