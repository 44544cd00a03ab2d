import ArgumentParser
import Codex
import Forge
import Foundation
import Hardening
import Git
import Logging
import Remediation
import Store
import WardenCore

/// `warden remediate --repo <project URL> --source <source> [--base BRANCH] [--template FILE] [--dry-run] [--json]`: fixes
/// queued findings with Codex and opens a draft merge request (GitLab) or pull request (GitHub) for each fix that passes
/// the gate.
///
/// Exit status: 0 when no finding failed (gate rejections and skips are not failures), 1 when one did, 78 for a
/// configuration error.
struct RemediateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remediate",
        abstract: "Fix queued findings and open draft merge requests (GitLab) or pull requests (GitHub).",
        discussion: """
            Sources: file:PATH (one finding id per line, # comments), stdin, gitlab-issues:LABEL (open issues with the label,
            GitLab), github-issues:LABEL (open issues with the label, GitHub), github-dependabot[:SEVERITY[,SEVERITY…]]
            (open Dependabot alerts, optionally only of the severities low, medium, high, critical; GitHub).
            A --repo on github.com or on the host of github.api_url (GitHub Enterprise Server) runs on GitHub with the
            github.* credentials; any other on gitlab.url's instance.
            The test command runs in a bubblewrap sandbox (bwrap): system directories read-only, the worktree read-write,
            no network unless WARDEN_REMEDIATE_TEST_NETWORK=true. Without a working bwrap nothing runs unless
            WARDEN_REMEDIATE_UNSANDBOXED_TESTS=true. The secret scan reads the staged blobs the commit will store; a file
            that is not UTF-8 text fails it unless WARDEN_REMEDIATE_BINARY_ALLOWLIST matches its path.
            Settings: WARDEN_REMEDIATE_TEST_COMMAND (required), WARDEN_REMEDIATE_TEST_TIMEOUT, WARDEN_REMEDIATE_TEST_NETWORK,
            WARDEN_REMEDIATE_TEST_READ_ONLY_PATHS, WARDEN_REMEDIATE_UNSANDBOXED_TESTS, WARDEN_REMEDIATE_BINARY_ALLOWLIST,
            WARDEN_REMEDIATE_DAILY_MR_CAP,
            WARDEN_REMEDIATE_KILL_SWITCH_LABEL, WARDEN_REMEDIATE_TIMEOUT, WARDEN_REMEDIATE_TOKEN_CAP, WARDEN_REMEDIATE_BOT_NAME,
            WARDEN_REMEDIATE_BOT_EMAIL. Exit status: 0 no finding failed, 1 a finding failed for a reason other than a gate,
            78 bad configuration.
            """
    )

    @OptionGroup var options: GlobalOptions
    @Option(help: "The project's web address (https://gitlab.example.com/group/project, https://github.com/owner/repo).") var repo: String
    @Option(help: "Where findings come from: file:PATH, stdin, gitlab-issues:LABEL, github-issues:LABEL or github-dependabot[:SEVERITY,…].")
    var source: String
    @Option(help: "The branch fixes start from and target (default: the repository's default branch).") var base: String?
    @Option(help: "A prompt template file using $FINDING_ID, $FINDING_TITLE, $FINDING_DETAILS, $REPO, $BRANCH (default: built in).")
    var template: String?
    @Flag(help: "Check and list what would run; run no Codex and write nothing.") var dryRun = false
    @Flag(help: "Print the summary as JSON.") var json = false

    func run() async throws {
        try ProcessHardening.hardenCommand("remediate")
        let loaded = try options.loadConfiguration()
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
            promptTemplate = try template.map { path in
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    throw RemediationError.invalidTemplate("cannot read \(path)")
                }
                return try PromptTemplate(text)
            } ?? .builtIn
            store = try OpenedStore.open(configuration.store, configuration: QueueConfiguration(configuration.queue)).store
            scanner = SecretScanner(ruleSet: try SecretRuleSet.gitleaksDefaults())
        } catch {
            fail("\(error)", status: 78)
        }
        if let base, base.isEmpty || base.hasPrefix("-") || base.contains("..") || base.contains(where: { $0.isWhitespace || $0.isNewline }) {
            fail("--base \(base) is not a branch name", status: 78)
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
            fail(reason, status: 78)
        }
        let codex = configuration.codex
        let outputFilter: OutputFilter
        do {
            outputFilter = try OutputFilterAssembly.make(
                configuration: configuration, environment: environment, surface: "remediation", logger: Logger(label: "warden.remediate"),
                scanner: scanner
            )
        } catch {
            fail("\(error)", status: 78)
        }
        let site: RemediationSite
        do {
            site = try await RemediationSite.resolve(repo, source: findingSource, configuration: configuration, outputFilter: outputFilter)
        } catch {
            fail("\(error)", status: 78)
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
            seats: LeasedSeats(
                store: store,
                seats: codex.seats,
                lease: codex.seatLease,
                holder: "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-remediate"
            ),
            budget: CostBudget(usage: store, costs: costs),
            scanner: scanner,
            credential: site.credential,
            testSandbox: testSandbox,
            hiddenFiles: TestSandbox.hideableFiles(
                [options.config ?? environment[ConfigurationLoader.configPathEnvironmentName]].compactMap { $0 } + loaded.values.secretFilePaths
            ),
            dataDirectory: configuration.dataDirectory,
            secrets: site.secrets + codex.passEnvironment.compactMap { environment[$0] }
        )
        let project = site.project
        do {
            let findings = try await runner.findings(from: findingSource, project: project) {
                String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            }
            let interactive = isatty(STDERR_FILENO) == 1
            let report = try await runner.run(findings, project: project, template: promptTemplate, base: base, dryRun: dryRun) { step in
                // A live line on a terminal; one line per step otherwise (CI logs).
                let text = interactive && step.phase != .done ? "\r\u{1B}[K" + step.line : (interactive ? "\r\u{1B}[K" : "") + step.line + "\n"
                FileHandle.standardError.write(Data(text.utf8))
            }
            print(json ? report.json : report.table, terminator: json ? "\n" : "")
            if report.hasFailures { throw ExitCode.failure }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            fail("\(error)", status: 1)
        }
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

    private func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("warden remediate: \(message)\n".utf8))
        Foundation.exit(status)
    }
}
