import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import WardenTestSupport

/// A `warden gateway` child started from the built binary, backed by the real codex app-server and a
/// ``ScriptedModelServer``, and the official `openai` Python client to drive it.
final class GatewayHarness {
    /// The key clients must present.
    static let apiKey = "gateway-test-key-0123456789"
    /// This test target's folder (the Python scripts live in `python/`).
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    /// The repository root.
    static let repositoryRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

    let model: ScriptedModelServer
    let home: TestCodexHome
    let data: TestDataDirectory
    let process: Process
    let port: Int
    private let logPath: String

    private init(model: ScriptedModelServer, home: TestCodexHome, data: TestDataDirectory, process: Process, port: Int, logPath: String) {
        self.model = model
        self.home = home
        self.data = data
        self.process = process
        self.port = port
        self.logPath = logPath
    }

    /// Runs `body` with a started gateway and stops everything afterwards.
    static func with<T>(
        script: [ModelTurn] = [],
        defaultTurn: ModelTurn,
        environment: [String: String] = [:],
        beforeStart: (TestCodexHome) throws -> Void = { _ in },
        _ body: (GatewayHarness) async throws -> T
    ) async throws -> T {
        let harness = try await start(script: script, defaultTurn: defaultTurn, environment: environment, beforeStart: beforeStart)
        do {
            let result = try await body(harness)
            await harness.stop()
            return result
        } catch {
            Issue.record("gateway log:\n\(harness.log.suffix(6000))")
            await harness.stop()
            throw error
        }
    }

    /// Starts the model server (`script`'s turns in order, then `defaultTurn`), a codex home for it,
    /// and `warden gateway` on a free loopback port, and waits until the worker is ready.
    static func start(
        script: [ModelTurn],
        defaultTurn: ModelTurn,
        environment: [String: String],
        beforeStart: (TestCodexHome) throws -> Void = { _ in }
    ) async throws -> GatewayHarness {
        let model = ScriptedModelServer(script: script, defaultTurn: defaultTurn)
        let modelPort = try await model.start()
        let home = try TestCodexHome(modelServerPort: modelPort)
        try beforeStart(home)
        let data = try TestDataDirectory()
        let outputPath = data.path + "/gateway.out"
        let logPath = data.path + "/gateway.log"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try BuiltProducts.path("warden"))
        process.arguments = ["gateway"]
        var childEnvironment = home.environment()
        childEnvironment.merge([
            "WARDEN_LISTEN": "127.0.0.1:0",
            "WARDEN_CODEX_BIN": try CodexBinary.path(),
            "WARDEN_CODEX_HOME": home.codexHome,
            "WARDEN_CODEX_MODEL": "gpt-5.5",
            "WARDEN_DATA_DIR": data.path,
            "WARDEN_GATEWAY_API_KEY": apiKey,
            "WARDEN_LOG_LEVEL": "debug",
        ]) { $1 }
        childEnvironment.merge(environment) { $1 }
        process.environment = childEnvironment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try process.run()

        let deadline = ContinuousClock.now + .seconds(60)
        var port: Int?
        while ContinuousClock.now < deadline, process.isRunning {
            let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            if let line = output.split(separator: "\n").first(where: { $0.hasPrefix("warden gateway listening on port ") }) {
                port = Int(line.split(separator: " ").last ?? "")
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        guard let port else {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            await model.stop()
            Issue.record("the gateway did not start; its log:\n\(log.suffix(4000))")
            throw CancellationError()
        }
        let harness = GatewayHarness(model: model, home: home, data: data, process: process, port: port, logPath: logPath)
        try await harness.waitUntilReady()
        return harness
    }

    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// What the gateway logged so far.
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The metadata of every JSON log line with this message, in order.
    func logged(_ message: String) -> [[String: String]] {
        log.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["message"] as? String == message
            else { return nil }
            return object["metadata"] as? [String: String] ?? [:]
        }
    }

    /// Polls `/readyz` until the worker finished its handshake.
    func waitUntilReady(timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let (status, _) = try? await get("/readyz"), status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the gateway's worker never became ready")
        throw CancellationError()
    }

    /// A plain GET: the status and the body.
    func get(_ path: String, headers: [String: String] = [:]) async throws -> (Int, String) {
        var request = HTTPClientRequest(url: baseURL + path)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return (Int(response.status.code), String(buffer: body))
    }

    /// One non-streamed chat completion of `text` with the gateway's key: the status and the body.
    func complete(_ text: String) async throws -> (Int, String) {
        var request = HTTPClientRequest(url: baseURL + "/v1/chat/completions")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(Self.apiKey)")
        request.headers.add(name: "Content-Type", value: "application/json")
        let body = try JSONSerialization.data(withJSONObject: ["model": "gpt-5.5", "messages": [["role": "user", "content": text]]])
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        let answer = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return (Int(response.status.code), String(buffer: answer))
    }

    /// Runs `Tests/GatewayTests/python/<script>` with the official client and returns its JSON report.
    func runPython(_ script: String) async throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.testsDirectory.appendingPathComponent("python/\(script)").path]
        process.currentDirectoryURL = Self.testsDirectory.appendingPathComponent("python")
        let parent = ProcessInfo.processInfo.environment
        process.environment = [
            "PATH": parent["PATH"] ?? "/usr/bin:/bin",
            "HOME": parent["HOME"] ?? "/",
            "PYTHONPATH": try PythonTools.directory() + ":" + Self.testsDirectory.appendingPathComponent("python").path,
            "GATEWAY_URL": baseURL,
            "GATEWAY_KEY": Self.apiKey,
            "PYTHONDONTWRITEBYTECODE": "1",
        ]
        // Files, not pipes: reading a pipe blocks a thread of the cooperative pool, which the
        // in-process model server needs (two cores give the pool two threads).
        let outputPath = data.path + "/\(script).out"
        let errorPath = data.path + "/\(script).err"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(240)
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let outputData = FileManager.default.contents(atPath: outputPath) ?? Data()
        let stderrText = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0,
            let object = try? JSONSerialization.jsonObject(with: outputData) as? [String: Any]
        else {
            Issue.record("\(script) exited \(process.terminationStatus):\n\(stderrText.suffix(4000))\ngateway log:\n\(log.suffix(4000))")
            throw CancellationError()
        }
        return object
    }

    /// Kills the gateway (its worker dies with its pipes) and stops the model server.
    func stop() async {
        if process.isRunning {
            process.terminate()
            let deadline = ContinuousClock.now + .seconds(10)
            while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        await model.stop()
        try? home.remove()
        data.remove()
    }
}

/// The `openai` Python client installed by `scripts/install-test-tools`.
enum PythonTools {
    /// The directory to put on `PYTHONPATH`, installing the pinned client first when it is missing.
    static func directory() throws -> String {
        let process = Process()
        process.executableURL = GatewayHarness.repositoryRoot.appendingPathComponent("scripts/install-test-tools")
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, !path.isEmpty else {
            Issue.record("scripts/install-test-tools failed with status \(process.terminationStatus)")
            throw CancellationError()
        }
        return path
    }
}
