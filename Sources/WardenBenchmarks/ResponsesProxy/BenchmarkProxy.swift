import Foundation
import Glibc

/// A proxy process under benchmark, started with a dummy key on standard input and found through `--server-info`.
///
/// Its standard input is closed right after the key line, its output goes nowhere (a full pipe would block it), and
/// ``stop()`` kills it with SIGKILL: codex's proxy does not exit on SIGTERM while a request thread is blocked.
struct BenchmarkProxy: Sendable {
    /// The dummy key; the benchmark upstream ignores it.
    static let key = "sk-bench-dummy-KEY_0123"

    /// The command line, for messages.
    let command: String
    private let process: Process
    private let directory: String
    private let serverInfoPath: String

    /// Starts the process and hands it the key; ``port()`` then waits for it to listen.
    /// - Parameters:
    ///   - executable: The `warden` or `codex` binary.
    ///   - arguments: The subcommand.
    ///   - upstreamURL: The benchmark upstream's `/v1/responses` URL.
    /// - Throws: ``ResponsesProxyBenchmarkError`` when the process cannot be started or refuses the key.
    static func launch(executable: String, arguments: [String], upstreamURL: String) throws -> BenchmarkProxy {
        let command = ([executable] + arguments).joined(separator: " ")
        let directory = NSTemporaryDirectory() + "warden-bench-proxy-\(UUID().uuidString.lowercased())"
        let serverInfoPath = directory + "/server-info.json"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + ["--server-info", serverInfoPath, "--upstream-url", upstreamURL]
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try process.run()
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw ResponsesProxyBenchmarkError.proxyDidNotStart(command: command, reason: "\(error)")
        }
        let proxy = BenchmarkProxy(command: command, process: process, directory: directory, serverInfoPath: serverInfoPath)
        do {
            // Both proxies read the key up to the newline; closing the pipe also gives EOF to a reader that wants more.
            try input.fileHandleForWriting.write(contentsOf: Data((key + "\n").utf8))
            try input.fileHandleForWriting.close()
        } catch {
            // A proxy that exits at once closes the pipe before the key is in it: report its exit, not the EPIPE.
            let deadline = ContinuousClock.now + .seconds(1)
            while process.isRunning && ContinuousClock.now < deadline { usleep(10_000) }
            let exited = !process.isRunning
            proxy.stop()
            throw ResponsesProxyBenchmarkError.proxyDidNotStart(
                command: command,
                reason: exited ? "it exited with status \(process.terminationStatus) before reading its key" : "writing the key failed: \(error)"
            )
        }
        return proxy
    }

    /// Waits until the `--server-info` file holds the port (the file may be seen empty or half written first).
    /// - Returns: The port the proxy listens on.
    /// - Throws: ``ResponsesProxyBenchmarkError`` when the process exits first; `CancellationError` when cancelled.
    func port() async throws -> Int {
        while true {
            if let data = FileManager.default.contents(atPath: serverInfoPath), !data.isEmpty,
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let port = object["port"] as? Int
            {
                return port
            }
            guard process.isRunning else {
                throw ResponsesProxyBenchmarkError.proxyDidNotStart(
                    command: command,
                    reason: "it exited with status \(process.terminationStatus) before writing its server-info file"
                )
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Kills the process now, without waiting; safe from any thread and more than once.
    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
    }

    /// Kills the process, waits for it to be gone and removes its scratch directory.
    func stop() {
        kill()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
