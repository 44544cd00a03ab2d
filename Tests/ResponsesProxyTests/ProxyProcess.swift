import Foundation
import Testing
import WardenTestSupport

/// A `warden responses-proxy` child started from the built binary, with its key written to standard input.
final class ProxyProcess {
    let process: Process
    /// The port from the `--server-info` file.
    let port: Int
    /// The pid from the `--server-info` file (the proxy itself, also under `setpriv`).
    let pid: Int32
    let directory: String
    private let standardErrorPath: String

    private init(process: Process, port: Int, pid: Int32, directory: String, standardErrorPath: String) {
        self.process = process
        self.port = port
        self.pid = pid
        self.directory = directory
        self.standardErrorPath = standardErrorPath
    }

    /// A scratch directory under /tmp that any user may write (the proxy may run as nobody).
    static func scratchDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "warden-proxy-test-\(UUID().uuidString.lowercased())"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        return path
    }

    /// Starts the proxy and waits for its server-info file.
    /// - Parameters:
    ///   - key: Written to standard input, followed by a newline.
    ///   - upstreamPort: The model server's port; the upstream URL is `http://127.0.0.1:<port>/v1/responses`.
    ///   - arguments: More arguments after `--server-info` and `--upstream-url`.
    ///   - asNobody: Whether to run it as uid/gid 65534 through `setpriv`.
    ///   - environment: Extra environment variables.
    static func start(
        key: String,
        upstreamPort: Int,
        arguments: [String] = [],
        asNobody: Bool = false,
        environment: [String: String] = [:]
    ) async throws -> ProxyProcess {
        let directory = try scratchDirectory()
        let infoPath = directory + "/info/server.json"
        let standardErrorPath = directory + "/stderr.log"
        _ = FileManager.default.createFile(atPath: standardErrorPath, contents: nil)
        let warden = try BuiltProducts.path("warden")
        let proxyArguments = ["responses-proxy", "--server-info", infoPath, "--upstream-url", "http://127.0.0.1:\(upstreamPort)/v1/responses"] + arguments
        let process = Process()
        if asNobody {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "--", warden] + proxyArguments
        } else {
            process.executableURL = URL(fileURLWithPath: warden)
            process.arguments = proxyArguments
        }
        var childEnvironment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        childEnvironment.merge(environment) { $1 }
        process.environment = childEnvironment
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: standardErrorPath))
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data((key + "\n").utf8))
        try input.fileHandleForWriting.close()

        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let data = FileManager.default.contents(atPath: infoPath), !data.isEmpty,
                let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                let port = object["port"] as? Int, let pid = object["pid"] as? Int
            {
                return ProxyProcess(process: process, port: port, pid: Int32(pid), directory: directory, standardErrorPath: standardErrorPath)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        let log = (try? String(contentsOfFile: standardErrorPath, encoding: .utf8)) ?? ""
        Issue.record("the proxy did not write its server info; stderr: \(log)")
        throw CancellationError()
    }

    /// Everything the proxy wrote to standard error so far.
    var standardError: String {
        (try? String(contentsOfFile: standardErrorPath, encoding: .utf8)) ?? ""
    }

    /// Waits for the process to exit on its own and returns its status, or `nil` after `timeout`.
    func waitForExit(timeout: Duration = .seconds(10)) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else { return nil }
            try await Task.sleep(for: .milliseconds(10))
        }
        return process.terminationStatus
    }

    /// Stops the proxy (SIGKILL; under `setpriv` the proxy is the same process after exec) and deletes its directory.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// What a `warden responses-proxy` run that ends by itself (a rejected key) printed.
struct FinishedRun {
    var status: Int32
    var standardError: String
}

/// Runs `warden responses-proxy` with `input` as standard input until it exits.
func runProxyToCompletion(input: Data, arguments: [String] = []) async throws -> FinishedRun {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try BuiltProducts.path("warden"))
    process.arguments = ["responses-proxy", "--upstream-url", "http://127.0.0.1:9/v1/responses"] + arguments
    process.environment = [:]
    let stdin = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = FileHandle.nullDevice
    process.standardError = stderr
    try process.run()
    try stdin.fileHandleForWriting.write(contentsOf: input)
    try stdin.fileHandleForWriting.close()
    let errorText = String(decoding: try stderr.fileHandleForReading.readToEnd() ?? Data(), as: UTF8.self)
    let deadline = ContinuousClock.now + .seconds(10)
    while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
    if process.isRunning {
        process.terminate()
        Issue.record("the proxy kept running with a bad key")
    }
    return FinishedRun(status: process.terminationStatus, standardError: errorText)
}
