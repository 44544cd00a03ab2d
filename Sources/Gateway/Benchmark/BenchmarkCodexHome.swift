import Foundation

/// The throw-away directories of one ``GatewayBenchmark`` run: a `CODEX_HOME` whose `config.toml` pins
/// `gpt-5.5` and a `mock` provider at the stand-in model server, the threads' workspace and a data
/// directory for the spawned gateway.
///
/// They live under the caller's scratch directory (`./.warden/bench/<uuid>` by default), never under
/// `/tmp`: codex warns and skips its helper links there.
struct BenchmarkCodexHome: Sendable {
    /// The scratch directory; ``remove()`` deletes it.
    let root: String
    /// The directory passed as `CODEX_HOME`.
    let codexHome: String
    /// The threads' working directory.
    let workspace: String
    /// `WARDEN_DATA_DIR` of the spawned gateway.
    let dataDirectory: String

    /// Creates the directories and writes `config.toml`.
    ///
    /// - Parameters:
    ///   - root: the scratch directory (created when missing).
    ///   - modelServerPort: the stand-in's port on 127.0.0.1.
    /// - Throws: ``GatewayBenchmarkError`` when a directory or the file cannot be written.
    init(root: String, modelServerPort: Int) throws {
        self.root = root
        codexHome = root + "/codex-home"
        workspace = root + "/workspace"
        dataDirectory = root + "/data"
        do {
            for directory in [codexHome, workspace, dataDirectory] {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            try Data(Self.configuration(modelServerPort: modelServerPort).utf8).write(to: URL(fileURLWithPath: codexHome + "/config.toml"))
        } catch {
            throw GatewayBenchmarkError.setupFailed("the codex home under \(root) could not be written: \(error)")
        }
    }

    /// The `config.toml`: model `gpt-5.5`, provider `mock` at the stand-in over plain HTTP and SSE, no retries.
    static func configuration(modelServerPort: Int) -> String {
        """
        model = "gpt-5.5"
        model_provider = "mock"

        [model_providers.mock]
        name = "mock"
        base_url = "http://127.0.0.1:\(modelServerPort)/v1"
        wire_api = "responses"
        env_key = "OPENAI_API_KEY"
        request_max_retries = 0
        stream_max_retries = 0
        supports_websockets = false

        """
    }

    /// Deletes the scratch directory.
    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }
}
