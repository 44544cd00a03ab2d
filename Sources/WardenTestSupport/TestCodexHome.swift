import Foundation

/// A fresh `CODEX_HOME` and work directory for one test, with `config.toml` pointing codex at a
/// ``ScriptedModelServer``.
///
/// Both directories live under `<repo>/.build/test-codex-homes/<uuid>/` unless the caller names another root (the
/// benchmarks use their scratch directory), never under the temporary directory: codex skips its helper links there,
/// and then a sandboxed command fails (`bwrap: execvp codex-linux-sandbox`). A checkout under `/tmp` gets them under
/// `/var/tmp/warden-test-codex-homes/` instead. The
/// provider is pinned to plain HTTP + SSE with no retries, so error scenarios fail after one request instead of
/// backing off for seconds.
public struct TestCodexHome: Sendable {
    /// The directory holding this test's codex home and work directory; ``remove()`` deletes it.
    public let root: String
    /// The directory to pass as `CODEX_HOME`.
    public let codexHome: String
    /// A scratch directory for codex's `-C` (the model's workspace).
    public let workDirectory: String
    /// The path of the generated `config.toml`.
    public let configPath: String
    /// The API key the configuration tells codex to read from `OPENAI_API_KEY`; the model server ignores it.
    public let apiKey: String

    /// Creates the directories and writes `config.toml`.
    /// - Parameters:
    ///   - modelServerPort: The port of the ``ScriptedModelServer`` on 127.0.0.1.
    ///   - modelHost: The host name codex is told the model server has; `127.0.0.1` unless a test reaches it through
    ///     a proxy that resolves another name.
    ///   - streamIdleTimeoutMs: When set, how long codex waits for the next SSE event before giving up.
    ///   - extraConfig: TOML lines placed at the top level, after `model` and `model_provider` and before the
    ///     provider table (so they may be plain keys, dotted keys or tables of their own).
    ///   - apiKey: The value for `OPENAI_API_KEY` in ``environment(inheriting:)``.
    ///   - root: The directory to hold both (created when missing); a new `<repo>/.build/test-codex-homes/<uuid>`
    ///     when `nil`.
    /// - Throws: ``TestSupportError`` when a directory or the file cannot be written.
    public init(
        modelServerPort: Int,
        modelHost: String = "127.0.0.1",
        streamIdleTimeoutMs: Int? = nil,
        extraConfig: [String] = [],
        apiKey: String = "sk-test",
        root: String? = nil
    ) throws {
        let root =
            root.map { URL(fileURLWithPath: $0) }
            ?? Self.defaultParent.appendingPathComponent(UUID().uuidString.lowercased())
        let codexHome = root.appendingPathComponent("codex-home")
        let workDirectory = root.appendingPathComponent("work")
        let config = codexHome.appendingPathComponent("config.toml")
        self.root = root.path
        self.codexHome = codexHome.path
        self.workDirectory = workDirectory.path
        self.configPath = config.path
        self.apiKey = apiKey

        let text = Self.configuration(host: modelHost, port: modelServerPort, streamIdleTimeoutMs: streamIdleTimeoutMs, extraConfig: extraConfig)
        do {
            try FileManager.default.createDirectory(at: codexHome, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: config)
        } catch {
            throw TestSupportError.fileSystem(path: root.path, reason: "\(error)")
        }
    }

    /// Where test codex homes go: `<repo>/.build/test-codex-homes`, or `/var/tmp/warden-test-codex-homes` when the
    /// checkout lies in the temporary directory (`/tmp` or `$TMPDIR`).
    static var defaultParent: URL {
        let inBuild = RepositoryRoot.url.appendingPathComponent(".build/test-codex-homes")
        let temporary = [URL(fileURLWithPath: "/tmp"), FileManager.default.temporaryDirectory].map { $0.standardizedFileURL.path }
        let path = inBuild.standardizedFileURL.path
        guard temporary.contains(where: { path == $0 || path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }) else { return inBuild }
        return URL(fileURLWithPath: "/var/tmp/warden-test-codex-homes")
    }

    /// The `config.toml` text for a provider named `mock` at `http://<host>:<port>/v1`.
    static func configuration(host: String = "127.0.0.1", port: Int, streamIdleTimeoutMs: Int?, extraConfig: [String]) -> String {
        var lines = [
            "model = \(tomlString("gpt-5.5"))",
            "model_provider = \(tomlString("mock"))",
        ]
        lines += extraConfig
        lines += [
            "",
            "[model_providers.mock]",
            "name = \(tomlString("mock"))",
            "base_url = \(tomlString("http://\(host):\(port)/v1"))",
            "wire_api = \(tomlString("responses"))",
            "env_key = \(tomlString("OPENAI_API_KEY"))",
            "request_max_retries = 0",
            "stream_max_retries = 0",
            "supports_websockets = false",
        ]
        if let streamIdleTimeoutMs {
            lines.append("stream_idle_timeout_ms = \(streamIdleTimeoutMs)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The environment for a codex child: `CODEX_HOME`, `OPENAI_API_KEY`, and `PATH`/`HOME` from this process.
    /// - Parameter inheriting: The environment to take `PATH` and `HOME` from; this process's when `nil`.
    /// - Returns: Exactly those four variables (fewer when the inherited environment has no `PATH` or `HOME`).
    public func environment(inheriting inherited: [String: String]? = nil) -> [String: String] {
        let inherited = inherited ?? ProcessInfo.processInfo.environment
        var environment = ["CODEX_HOME": codexHome, "OPENAI_API_KEY": apiKey]
        for name in ["PATH", "HOME"] {
            if let value = inherited[name] { environment[name] = value }
        }
        return environment
    }

    /// Deletes the codex home and the work directory.
    /// - Throws: ``TestSupportError`` when the directory exists but cannot be removed.
    public func remove() throws {
        guard FileManager.default.fileExists(atPath: root) else { return }
        do {
            try FileManager.default.removeItem(atPath: root)
        } catch {
            throw TestSupportError.fileSystem(path: root, reason: "\(error)")
        }
    }
}

/// `value` as a TOML basic string, quotes and control characters escaped.
func tomlString(_ value: String) -> String {
    var result = "\""
    for scalar in value.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\t": result += "\\t"
        case "\r": result += "\\r"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + "\""
}
