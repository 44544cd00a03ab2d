import Foundation
import Glibc

/// A proxy process under benchmark, started with a dummy key on standard input and found through `--server-info`.
struct BenchmarkProxy {
    /// The dummy key; the benchmark upstream ignores it.
    static let key = "sk-bench-dummy-KEY_0123"

    let process: Process
    let port: Int
    let directory: String

    static func start(executable: String, arguments: [String], upstreamURL: String) async throws -> BenchmarkProxy {
        let directory = NSTemporaryDirectory() + "warden-bench-proxy-\(UUID().uuidString.lowercased())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let info = directory + "/server-info.json"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + ["--server-info", info, "--upstream-url", upstreamURL]
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data((key + "\n").utf8))
        try input.fileHandleForWriting.close()
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline, process.isRunning {
            if let data = FileManager.default.contents(atPath: info), !data.isEmpty,
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let port = object["port"] as? Int
            {
                return BenchmarkProxy(process: process, port: port, directory: directory)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning { process.terminate() }
        throw BenchmarkFailure(reason: "\(executable) \(arguments.joined(separator: " ")) did not start")
    }

    func stop() {
        // SIGKILL: codex's proxy does not exit on SIGTERM while a request thread is blocked.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
