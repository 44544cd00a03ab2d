import Codex
import Logging
import WardenCore

extension ExecRunner {
    /// The `codex exec` runner the review benchmarks drive: the given binary against the scripted model on
    /// `modelPort` (no retries, no websockets), with `codexHome` as `CODEX_HOME` and a stand-in API key.
    static func benchmark(codexBinary: String, modelPort: Int, codexHome: String, logger: Logger) -> ExecRunner {
        ExecRunner(
            executable: codexBinary,
            arguments: CodexArguments(
                model: CodexSettings.defaultModel,
                provider: .init(baseURL: "http://127.0.0.1:\(modelPort)/v1", requestMaxRetries: 0, streamMaxRetries: 0),
                overrides: [.init("model_providers.warden.supports_websockets", .bool(false))]
            ),
            environment: ChildEnvironment(fixedValues: ["CODEX_HOME": codexHome, "OPENAI_API_KEY": "sk-bench"]),
            logger: logger
        )
    }
}
