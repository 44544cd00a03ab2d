import Logging
import Prometheus
import Remediation
import WardenCore

/// Builds the output filter of a command that posts or answers: every secret Warden knows (the forge token, the
/// webhook secret, the gateway key, the values of the `codex.pass_env` variables, the tokens in
/// `CODEX_HOME/auth.json`) and every match of gitleaks' rules become `[redacted]`.
enum OutputFilterAssembly {
    /// The filter, reporting each redaction to `logger` (never the secret itself) and to `count` when given.
    ///
    /// - Parameters:
    ///   - configuration: the loaded core settings.
    ///   - environment: the process environment, for the `codex.pass_env` values.
    ///   - surface: what the texts are (`review`, `gateway`, `remediation`), for the log line.
    ///   - logger: where each redaction is logged.
    ///   - count: also told the number of secrets redacted (a metric).
    ///   - scanner: gitleaks' rules when the command has them loaded already (remediation's gate); loaded otherwise.
    static func make(
        configuration: WardenConfiguration,
        environment: [String: String],
        surface: String,
        logger: Logger,
        count: (@Sendable (Int) -> Void)? = nil,
        scanner: SecretScanner? = nil
    ) throws -> OutputFilter {
        var secrets = [configuration.gitlab.token, configuration.gitlab.webhookSecret, configuration.gateway.apiKey].compactMap { $0?.exposedValue }
        secrets += configuration.codex.passEnvironment.compactMap { environment[$0] }
        // codex refreshes the tokens in auth.json while Warden runs: the filter asks for the current ones.
        let authFile = CodexAuthFile(path: configuration.codex.home + "/auth.json")
        let scanner = try scanner ?? SecretScanner(ruleSet: SecretRuleSet.gitleaksDefaults())
        return OutputFilter(
            knownSecrets: secrets,
            changingSecrets: { authFile.values() },
            patternMatches: { scanner.secretRanges(in: $0) }
        ) { redacted in
            logger.warning("secrets redacted from output", metadata: ["surface": "\(surface)", "count": "\(redacted)"])
            count?(redacted)
        }
    }

    /// The `warden_output_redactions_total` counter of `surface` in `registry`.
    static func counter(surface: String, in registry: PrometheusCollectorRegistry) -> Counter {
        let name = OutputFilter.metricName
        return registry.makeCounter(
            descriptor: .init(namespace: name.namespace, subsystem: name.subsystem, metricName: name.name, unitName: name.unit, helpText: OutputFilter.metricHelp),
            labels: [("surface", surface)]
        )
    }
}
