import Codex
import Forge
import Foundation
import Git
import Logging
import Remediation
import Store
import WardenCore

/// `warden remediate`'s composition for one repository and source, shared by the command and by the scheduled runs of
/// `warden serve` (`[[remediate.schedule]]`), so both run the same pipeline with the same checks.
struct RemediationAssembly: Sendable {
    /// Why nothing can run: a configuration problem (exit status 78), as a sentence.
    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    /// The runner, composed from the configuration.
    let runner: RemediationRunner
    /// The repository.
    let project: ProjectRef
    /// Where the findings come from.
    let source: FindingSource
    /// The prompt template.
    let template: PromptTemplate
    /// The branch fixes start from and target (`--base`); `nil`: the repository's default branch.
    let base: String?

    /// Checks the configuration for `repo` and `source` and composes the runner.
    ///
    /// - Parameters:
    ///   - loaded: the configuration.
    ///   - configPath: the configuration file, hidden from the test command's sandbox.
    ///   - repo: the repository's web address (`--repo`).
    ///   - source: the findings' source as written (`--source`).
    ///   - templatePath: a prompt template file, or `nil` for the built-in one.
    ///   - base: the branch fixes start from and target (`--base`), or `nil` for the default branch.
    ///   - store: the store to use; `nil` opens the configured one.
    ///   - holder: this process's name in seat leases.
    /// - Throws: ``Refusal`` naming what is not configured or not valid.
    static func make(
        loaded: LoadedConfiguration,
        configPath: String?,
        repo: String,
        source: String,
        templatePath: String?,
        base: String? = nil,
        store existingStore: (any RemediationStore & SeatLeaseStore & UsageStore)? = nil,
        holder: String
    ) async throws(Refusal) -> RemediationAssembly {
        let configuration = loaded.core
        let environment = loaded.values.environment
        let settings: RemediationSettings
        let findingSource: FindingSource
        let promptTemplate: PromptTemplate
        let store: any RemediationStore & SeatLeaseStore & UsageStore
        let scanner: SecretScanner
        let costs: CostSettings
        do {
            settings = try RemediationSettings(from: loaded.values)
            costs = try CostSettings(from: loaded.values)
            findingSource = try FindingSource(parsing: source)
            promptTemplate = try templatePath.map { path in
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw RemediationError.invalidTemplate("cannot read \(path)")
                }
                return try PromptTemplate(text)
            } ?? .builtIn
            store = try existingStore ?? OpenedStore.open(configuration.store, configuration: QueueConfiguration(configuration.queue)).store
            scanner = SecretScanner(ruleSet: try SecretRuleSet.gitleaksDefaults())
        } catch {
            throw Refusal(description: "\(error)")
        }
        if let base, base.isEmpty || base.hasPrefix("-") || base.contains("..") || base.contains(where: { $0.isWhitespace || $0.isNewline }) {
            throw Refusal(description: "--base \(base) is not a branch name")
        }
        // The exec sidecar when configured; else bubblewrap, probed once: a sandbox that cannot be created stops the run
        // here (configuration), unless unsandboxed tests are allowed.
        let testSandbox: TestSandbox
        if let socket = settings.testExecSocket {
            testSandbox = .execSidecar(shim: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path, socket: socket)
        } else {
            testSandbox = await TestSandbox.probe(searchPath: environment["PATH"] ?? "/usr/bin:/bin")
        }
        if case .refuse(let reason) = testSandbox.decision(for: settings) {
            throw Refusal(description: reason)
        }
        let codex = configuration.codex
        let outputFilter: OutputFilter
        do {
            outputFilter = try OutputFilterAssembly.make(
                configuration: configuration, environment: environment, surface: "remediation", logger: Logger(label: "warden.remediate"),
                scanner: scanner
            )
        } catch {
            throw Refusal(description: "\(error)")
        }
        // The forge the address names: GitLab, or GitHub with its connector.
        let site: RemediationSite
        do {
            site = try await RemediationSite.resolve(repo, source: findingSource, configuration: configuration, outputFilter: outputFilter)
        } catch {
            throw Refusal(description: "\(error)")
        }
        let runner = RemediationRunner(
            settings: settings,
            forge: site.forge,
            github: site.github,
            // Every run is recorded in the store's run ledger as a remediation run; a usage limit holds the seat.
            codex: SeatHoldingCodex(
                LedgeredCodex(
                    ExecRunner(
                        executable: codex.binary,
                        arguments: CodexArguments(
                            model: codex.model,
                            // With the exec sidecar the model's commands run in the exec container, and codex's own sandbox
                            // would forbid the unix socket its shell (the shim) needs.
                            sandbox: codex.execSidecar ? .dangerFullAccess : .workspaceWrite,
                            overrides: [CodexArguments.Override("approval_policy", .string("never"))],
                            execSidecar: codex.execSidecar
                        ),
                        environment: ChildEnvironment(codex: codex)
                    ),
                    system: .remediation,
                    model: codex.model,
                    ledger: store
                ),
                holds: SeatHolds(store: store)
            ),
            repositories: site.repositories,
            store: store,
            // The same seat leases as `warden serve`: a remediation run and the review workers share `codex.seats`.
            seats: LeasedSeats(store: store, seats: codex.seats, lease: codex.seatLease, holder: holder),
            budget: CostBudget(usage: store, costs: costs),
            scanner: scanner,
            credential: site.credential,
            testSandbox: testSandbox,
            hiddenFiles: TestSandbox.hideableFiles(
                [configPath ?? environment[ConfigurationLoader.configPathEnvironmentName]].compactMap { $0 } + loaded.values.secretFilePaths
            ),
            dataDirectory: configuration.dataDirectory,
            secrets: site.secrets + codex.passEnvironment.compactMap { environment[$0] }
        )
        return RemediationAssembly(runner: runner, project: site.project, source: findingSource, template: promptTemplate, base: base)
    }

    /// Reads the findings and runs them.
    ///
    /// - Parameters:
    ///   - dryRun: check and list only.
    ///   - standardInput: reads standard input, for the `stdin` source.
    ///   - progress: called at every step.
    /// - Returns: the report.
    /// - Throws: ``RemediationError`` when the source or the project cannot be read.
    func run(
        dryRun: Bool = false,
        standardInput: @Sendable () -> String = { "" },
        progress: @escaping @Sendable (RemediationProgress) async -> Void = { _ in }
    ) async throws(RemediationError) -> RemediationReport {
        let findings = try await runner.findings(from: source, project: project, standardInput: standardInput)
        return try await runner.run(findings, project: project, template: template, base: base, dryRun: dryRun, progress: progress)
    }

    /// `https://gitlab.example.com/group/app(.git)` under `https://gitlab.example.com` → `group/app`.
    static func projectPath(of url: String, instance: String) -> String? {
        var base = Substring(instance)
        while base.hasSuffix("/") { base = base.dropLast() }
        guard url.hasPrefix(base + "/") else { return nil }
        var path = url.dropFirst(base.count + 1)
        while path.hasSuffix("/") { path = path.dropLast() }
        if path.hasSuffix(".git") { path = path.dropLast(4) }
        if let marker = path.range(of: "/-/") { path = path[..<marker.lowerBound] }
        guard path.contains("/"), !path.contains("?"), !path.contains("#") else { return nil }
        return String(path)
    }
}
