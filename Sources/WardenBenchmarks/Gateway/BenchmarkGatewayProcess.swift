import AsyncHTTPClient
import Foundation
import Glibc
import NIOCore
import NIOHTTP1
import WardenTestSupport

/// A `warden gateway` child of ``GatewayBenchmark``: loopback on a free port, a random key, the
/// benchmark's codex home; its output goes to files in the data directory (a full pipe would block it).
struct BenchmarkGatewayProcess: Sendable {
    /// The command line, for messages.
    let command: String
    /// The port it listens on.
    let port: Int
    private let process: Process
    private let logPath: String

    /// Starts the binary and waits until it listens and its worker finished the handshake.
    ///
    /// - Parameters:
    ///   - executable: the `warden` binary.
    ///   - codexPath: the codex binary.
    ///   - home: the benchmark's codex home.
    ///   - dataDirectory: `WARDEN_DATA_DIR` of the gateway, created here; its output and log go there too.
    ///   - apiKey: the key clients present.
    ///   - timeout: how long it may take to become ready.
    /// - Returns: the ready gateway.
    /// - Throws: ``GatewayBenchmarkError/gatewayDidNotStart(command:reason:)``; `CancellationError`.
    static func start(
        executable: String,
        codexPath: String,
        home: TestCodexHome,
        dataDirectory: String,
        apiKey: String,
        timeout: Duration
    ) async throws
        -> BenchmarkGatewayProcess
    {
        let command = executable + " gateway"
        let outputPath = dataDirectory + "/gateway.out"
        let logPath = dataDirectory + "/gateway.log"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["gateway"]
        let parent = ProcessInfo.processInfo.environment
        process.environment = [
            "PATH": parent["PATH"] ?? "/usr/bin:/bin",
            "HOME": parent["HOME"] ?? "/",
            "OPENAI_API_KEY": home.apiKey,
            "WARDEN_LISTEN": "127.0.0.1:0",
            "WARDEN_CODEX_BIN": codexPath,
            "WARDEN_CODEX_HOME": home.codexHome,
            "WARDEN_CODEX_MODEL": GatewayBenchmark.model,
            "WARDEN_DATA_DIR": dataDirectory,
            "WARDEN_GATEWAY_API_KEY": apiKey,
            "WARDEN_LOG_LEVEL": "warning",
        ]
        process.standardInput = FileHandle.nullDevice
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            try process.run()
        } catch {
            throw GatewayBenchmarkError.gatewayDidNotStart(command: command, reason: "\(error)")
        }

        let deadline = ContinuousClock.now + timeout
        var port: Int?
        while port == nil, ContinuousClock.now < deadline, process.isRunning {
            let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            if let line = output.split(separator: "\n").first(where: { $0.hasPrefix("warden gateway listening on port ") }) {
                port = Int(line.split(separator: " ").last ?? "")
            } else {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        guard let port else {
            let started = BenchmarkGatewayProcess(command: command, port: 0, process: process, logPath: logPath)
            let log = started.log
            await started.stop()
            throw GatewayBenchmarkError.gatewayDidNotStart(command: command, reason: "it never listened; its log ends: \(log.suffix(600))")
        }
        let gateway = BenchmarkGatewayProcess(command: command, port: port, process: process, logPath: logPath)
        while ContinuousClock.now < deadline, process.isRunning {
            if (try? await gateway.get("/readyz").status) == 200 { return gateway }
            try await Task.sleep(for: .milliseconds(50))
        }
        let log = gateway.log
        await gateway.stop()
        throw GatewayBenchmarkError.gatewayDidNotStart(command: command, reason: "its worker never became ready; its log ends: \(log.suffix(600))")
    }

    /// The gateway's pid.
    var processID: Int32 { process.processIdentifier }

    /// What it logged so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The worker's pid from `/healthz`.
    func workerProcessID() async throws -> Int32? {
        let (_, body) = try await get("/healthz")
        let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return (object?["worker_pid"] as? Int).map(Int32.init)
    }

    /// A plain GET: the status and the body.
    func get(_ path: String) async throws -> (status: Int, body: String) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1024 * 1024)
        return (Int(response.status.code), String(buffer: body))
    }

    /// Kills the gateway now, without waiting; safe from any thread and more than once.
    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
    }

    /// Asks the gateway to shut down (it stops its worker), then kills it after ten seconds.
    func stop() async {
        if process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        kill()
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
    }
}
