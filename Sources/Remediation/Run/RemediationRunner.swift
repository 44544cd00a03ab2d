public import Codex
public import Foundation
public import Forge
public import Git
public import Logging
public import Store
public import WardenCore

/// Runs findings through Codex and opens draft merge requests for the fixes that pass the gate.
///
/// Per finding: skip it when the store says it was handled today, or stop when the project reached
/// its daily merge request cap; check out a fresh worktree of the default branch; run Codex there
/// (`workspace-write` sandbox and approval `never` come from the ``CodexExecuting`` it is given)
/// under the wall-clock and token caps, on one Codex seat, saving the event stream; then the gate —
/// changes exist, the test command passes (in the bubblewrap sandbox ``TestSandbox`` found, or on the host
/// only when `remediate.unsandboxed_tests` allows it and the report says so), the secret scanner finds
/// nothing in the staged content (``SecretGate``) — and only then commit as the bot, push `fix/<id>`, open a draft merge request and comment on the
/// source issue. Before anything, an open issue carrying the kill-switch label stops the whole run.
///
/// On GitHub (``GitHubRemediationSite``) the merge request is a draft pull request; the daily cap also counts the fix
/// pull requests GitHub lists as opened by the bot today, and a finding whose `fix/<id>` branch or open pull request
/// exists already is skipped.
public struct RemediationRunner: Sendable {
    /// The largest amount of staged content the secret scanner is given; a bigger fix is refused.
    public static let maximumScannedBytes = 8 * 1024 * 1024

    let settings: RemediationSettings
    let forge: any ForgeClient
    let github: GitHubRemediationSite?
    let codex: any CodexExecuting
    let repositories: RepositoryCache
    let store: any RemediationStore
    let seats: any SeatGate
    let budget: CostBudget?
    let scanner: SecretScanner
    let credential: GitCredential?
    let testSandbox: TestSandbox
    let hiddenFiles: [String]
    let dataDirectory: String
    let secrets: [String]
    let now: @Sendable () -> Date
    let logger: Logger

    /// Creates a runner.
    ///
    /// - Parameters:
    ///   - settings: caps, test command, kill switch, bot identity.
    ///   - forge: the GitLab client, or the repository-bound ``GitHubForge``.
    ///   - github: the GitHub side of a run on a GitHub repository (its `forge` is the same as `forge`), else `nil`.
    ///   - codex: the Codex runner, configured with the `workspace-write` sandbox and a pinned model.
    ///   - repositories: the bare-clone cache under the data directory.
    ///   - store: where handled findings and merge request counts are kept.
    ///   - seats: the Codex seats (leases in the store, shared with `warden serve`); one run per seat.
    ///   - budget: the remediation budget (`costs.monthly_budget_usd.remediation`), checked before each finding.
    ///   - scanner: the secret scanner.
    ///   - credential: the token for clone, fetch and push (on GitHub, `github` gives a fresh one per finding instead).
    ///   - testSandbox: the sandbox this machine offers the test command, probed once (``TestSandbox/probe(searchPath:timeout:)``).
    ///   - hiddenFiles: files the sandbox covers where a system directory would show them (``TestSandbox/hideableFiles(_:)``
    ///     of the configuration file and the secret files).
    ///   - dataDirectory: where session logs go (`remediate/<day>/…`).
    ///   - secrets: values blanked out of session logs (tokens, keys).
    ///   - now: the clock the day is taken from (UTC).
    ///   - logger: the `warden.remediate` logger.
    public init(
        settings: RemediationSettings,
        forge: any ForgeClient,
        github: GitHubRemediationSite? = nil,
        codex: any CodexExecuting,
        repositories: RepositoryCache,
        store: any RemediationStore,
        seats: any SeatGate,
        budget: CostBudget? = nil,
        scanner: SecretScanner,
        credential: GitCredential?,
        testSandbox: TestSandbox,
        hiddenFiles: [String] = [],
        dataDirectory: String,
        secrets: [String] = [],
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "warden.remediate")
    ) {
        self.settings = settings
        self.forge = forge
        self.github = github
        self.codex = codex
        self.repositories = repositories
        self.store = store
        self.seats = seats
        self.budget = budget
        self.scanner = scanner
        self.credential = credential
        self.testSandbox = testSandbox
        self.hiddenFiles = hiddenFiles
        self.dataDirectory = dataDirectory
        self.secrets = secrets
        self.now = now
        self.logger = logger
    }

    /// The day (UTC, `YYYY-MM-DD`) a run at `date` counts against.
    public static func day(of date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }

    /// Midnight (UTC) of the day ``day(of:)`` gives for `date`.
    public static func startOfDay(of date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.startOfDay(for: date)
    }

    /// Reads the findings of a source.
    ///
    /// - Parameters:
    ///   - source: where they come from.
    ///   - project: the project, for `gitlab-issues:` (the GitHub sources read ``GitHubRemediationSite``'s repository).
    ///   - standardInput: reads standard input to its end, for `stdin`.
    /// - Throws: ``RemediationError/unreadableSource(_:reason:)``.
    public func findings(
        from source: FindingSource,
        project: ProjectRef,
        standardInput: @Sendable () -> String
    ) async throws(RemediationError) -> [Finding] {
        switch source {
        case .file(let path):
            do {
                return FindingSource.findings(inList: try String(contentsOfFile: path, encoding: .utf8))
            } catch {
                throw .unreadableSource(source.description, reason: "\(error)")
            }
        case .standardInput:
            return FindingSource.findings(inList: standardInput())
        case .githubIssues, .githubDependabot:
            guard let github else { throw .unreadableSource(source.description, reason: "the repository is not on GitHub") }
            do {
                return try await github.findings(from: source)
            } catch {
                throw .unreadableSource(source.description, reason: "\(error)")
            }
        case .gitlabIssues(let label):
            guard github == nil else { throw .unreadableSource(source.description, reason: "the repository is on GitHub (use github-issues:)") }
            do {
                return try await forge.openIssues(project, label: label).sorted { $0.iid < $1.iid }.map {
                    FindingSource.finding(ofIssue: $0.iid, title: $0.title, description: $0.description, webURL: $0.webURL)
                }
            } catch {
                throw .unreadableSource(source.description, reason: "\(error)")
            }
        }
    }

    /// Runs every finding, one after the other.
    ///
    /// - Parameters:
    ///   - findings: what to fix.
    ///   - project: the GitLab project.
    ///   - template: the prompt template.
    ///   - base: the branch fixes start from and merge requests target; `nil` for the project's default branch.
    ///   - dryRun: check everything that needs no writing (kill switch, handled findings, cap, template)
    ///     and report what would run, without running Codex.
    ///   - progress: called at every step of every finding.
    /// - Returns: the report; the kill switch, or a test command that cannot be sandboxed (and may not run without
    ///   a sandbox), gives a report with a ``RemediationReport/stoppedReason``.
    /// - Throws: ``RemediationError`` when the project cannot be read; per-finding failures are rows.
    public func run(
        _ findings: [Finding],
        project projectRef: ProjectRef,
        template: PromptTemplate,
        base: String? = nil,
        dryRun: Bool = false,
        progress: @escaping @Sendable (RemediationProgress) async -> Void = { _ in }
    ) async throws(RemediationError) -> RemediationReport {
        let day = Self.day(of: now())
        let project: Project
        let paused: [Issue]
        do {
            project = try await forge.project(projectRef)
            paused = try await forge.openIssues(projectRef, label: settings.killSwitchLabel)
        } catch {
            throw .unreadableSource("project \(projectRef)", reason: "\(error)")
        }
        var report = RemediationReport(project: project.pathWithNamespace, day: day)
        if !paused.isEmpty {
            let issues = paused.map { "#\($0.iid)" }.joined(separator: ", ")
            report.stoppedReason = "the kill switch is on: open issue \(issues) carries the label \(settings.killSwitchLabel)"
            logger.warning("remediation paused by the kill switch", metadata: ["project": "\(project.pathWithNamespace)", "issues": "\(issues)"])
            return report
        }
        let isolation: TestIsolation
        switch testSandbox.decision(for: settings, hiding: hiddenFiles) {
        case .refuse(let reason):
            report.stoppedReason = reason
            logger.error("remediation refused: no sandbox for the test command", metadata: ["reason": "\(reason)"])
            return report
        case .run(let chosen, let warning):
            isolation = chosen
            if let warning {
                report.warnings.append(warning)
                logger.error("test command runs without a sandbox", metadata: ["warning": "\(warning)"])
            }
        }
        for (offset, finding) in findings.enumerated() {
            if let reason = await budgetHold() {
                report.stoppedReason = "finding \(finding.id) and the ones after it were not started: " + reason
                logger.warning("remediation held by its budget", metadata: ["finding": "\(finding.id)", "reason": "\(reason)"])
                break
            }
            let started = ContinuousClock.now
            let step: @Sendable (RemediationProgress.Phase) async -> Void = { phase in
                await progress(
                    RemediationProgress(index: offset + 1, total: findings.count, findingID: finding.id, phase: phase, elapsed: ContinuousClock.now - started)
                )
            }
            var row = await handle(finding, project: project, template: template, base: base, day: day, dryRun: dryRun, isolation: isolation, step: step)
            row.duration = ContinuousClock.now - started
            if row.outcome.isRecorded {
                var tokens: (Int64, Int64) = (0, 0)
                if let usage = row.usage { tokens = (Int64(usage.inputTokens), Int64(usage.outputTokens)) }
                var iid: MergeRequestIID?
                if case .mergeRequestOpened(let number, _) = row.outcome { iid = number }
                do {
                    try await store.recordRemediation(
                        RemediationRecord(
                            forge: forgeKind, projectID: project.id, day: day, findingID: finding.id, outcome: row.outcome.label,
                            mergeRequestIID: iid, inputTokens: tokens.0, outputTokens: tokens.1
                        )
                    )
                } catch {
                    logger.error("cannot record a handled finding", metadata: ["finding": "\(finding.id)", "error": "\(error)"])
                    row.outcome = .failed(reason: "the store did not record the outcome \(row.outcome.label): \(error)")
                }
            }
            await progress(
                RemediationProgress(
                    index: offset + 1, total: findings.count, findingID: finding.id, phase: .done, elapsed: row.duration, outcome: row.outcome
                )
            )
            logger.info("finding handled", metadata: ["finding": "\(finding.id)", "outcome": "\(row.outcome.label)"])
            report.rows.append(
                RemediationReport.Row(
                    findingID: finding.id, outcome: row.outcome, tokens: row.usage?.totalTokens ?? 0, duration: row.duration, sessionLog: row.sessionLog
                )
            )
        }
        return report
    }

    /// Why the next finding may not start under the remediation budget, or `nil` when it may. A ledger that cannot be
    /// read holds too: the budget could not be checked.
    private func budgetHold() async -> String? {
        guard let budget else { return nil }
        do {
            return try await budget.hold(for: .remediation)?.reason
        } catch {
            return "the remediation budget could not be checked: \(error)"
        }
    }

    /// One finding's result before it is recorded.
    struct Attempt {
        var outcome: FindingOutcome
        var usage: TokenUsage?
        var sessionLog: String?
        var duration: Duration = .zero
    }

    /// The forge of this run's repository, which the store's records of it carry.
    private var forgeKind: ForgeKind { github == nil ? .gitlab : .github }

    private func handle(
        _ finding: Finding,
        project: Project,
        template: PromptTemplate,
        base: String?,
        day: String,
        dryRun: Bool,
        isolation: TestIsolation,
        step: @Sendable (RemediationProgress.Phase) async -> Void
    ) async -> Attempt {
        let projectID = project.id
        do {
            if let earlier = try await store.remediation(forge: forgeKind, projectID: projectID, day: day, findingID: finding.id) {
                return Attempt(outcome: .alreadyHandled(outcome: earlier.outcome))
            }
            let opened = try await store.remediationMergeRequestCount(forge: forgeKind, projectID: projectID, day: day)
            if opened >= settings.dailyMergeRequestCap {
                return Attempt(outcome: .dailyCapReached(cap: settings.dailyMergeRequestCap))
            }
        } catch {
            return Attempt(outcome: .failed(reason: "the store cannot be read: \(error)"))
        }
        let branch: String
        let prompt: String
        do throws(RemediationError) {
            branch = try FixBranch.name(for: finding.id)
            let common = [
                "FINDING_ID": finding.id, "FINDING_TITLE": finding.title, "FINDING_DETAILS": finding.details,
                "REPO": project.pathWithNamespace, "BRANCH": branch,
            ]
            prompt = try template.filled(with: finding.variables.merging(common) { _, own in own })
        } catch {
            return Attempt(outcome: .failed(reason: error.message))
        }
        if let github {
            do {
                // GitHub's own count of today's fix pull requests: the store may be new or lost.
                if try await github.pullRequestsOpened(since: Self.startOfDay(of: now())) >= settings.dailyMergeRequestCap {
                    return Attempt(outcome: .dailyCapReached(cap: settings.dailyMergeRequestCap))
                }
                if let reason = try await github.existingWork(branch: branch) {
                    return Attempt(outcome: .alreadyProposed(reason: reason))
                }
            } catch {
                return Attempt(outcome: .failed(reason: "GitHub cannot be read: \(error)"))
            }
        }
        guard !dryRun else { return Attempt(outcome: .wouldRun) }
        guard let defaultBranch = base ?? project.defaultBranch else {
            return Attempt(outcome: .failed(reason: "the project has no default branch"))
        }
        let credential: GitCredential?
        do {
            credential = try await github?.gitCredential() ?? self.credential
        } catch {
            return Attempt(outcome: .failed(reason: "no git credential: \(error)"))
        }
        await step(.checkingOut)
        let worktree: Worktree
        do {
            try await repositories.fetch(project: projectID, remoteURL: project.httpURLToRepo, credential: credential, refs: ["refs/heads/\(defaultBranch)"])
            let sha = try await BranchHead.resolve(
                repository: repositories.repositoryPath(project: projectID),
                branch: defaultBranch,
                searchPath: ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            )
            worktree = try await repositories.prepareWorktree(
                project: projectID, remoteURL: project.httpURLToRepo, credential: credential, sha: sha, fetchRefs: [],
                name: "remediate-\(projectID)-\(branch.dropFirst(FixBranch.prefix.count))"
            )
        } catch {
            return Attempt(outcome: .failed(reason: "cannot check out \(defaultBranch): \(error)"))
        }
        let attempt = await fix(
            finding, in: worktree, project: project, branch: branch, defaultBranch: defaultBranch, credential: credential, prompt: prompt, day: day,
            isolation: isolation, step: step
        )
        do {
            try await worktree.remove()
        } catch {
            logger.warning("cannot remove a worktree", metadata: ["worktree": "\(worktree.path)", "error": "\(error)"])
        }
        return attempt
    }

    /// Codex, gate and publishing in a checked-out worktree.
    private func fix(
        _ finding: Finding,
        in worktree: Worktree,
        project: Project,
        branch: String,
        defaultBranch: String,
        credential: GitCredential?,
        prompt: String,
        day: String,
        isolation: TestIsolation,
        step: @Sendable (RemediationProgress.Phase) async -> Void
    ) async -> Attempt {
        await step(.runningCodex)
        let log: SessionLog
        do throws(RemediationError) {
            log = try SessionLog(
                dataDirectory: dataDirectory, day: day, name: String(branch.dropFirst(FixBranch.prefix.count)), scanner: scanner, secrets: secrets
            )
        } catch {
            return Attempt(outcome: .failed(reason: error.message))
        }
        let run = await CappedCodexRun(codex: codex, seats: seats, tokenCap: settings.tokenCap).run(
            ExecRequest(
                prompt: prompt,
                workingDirectory: worktree.path,
                timeout: settings.codexTimeout,
                tools: .remediation,
                subject: CodexRunSubject(projectID: project.id, reference: finding.id)
            ),
            log: log
        )
        await log.close()
        var attempt = Attempt(outcome: .wouldRun, usage: run.usage, sessionLog: log.relativePath)
        let result: ExecResult
        switch run.outcome {
        case .completed(let completed): result = completed
        case .tokenCapExceeded(let used):
            attempt.outcome = .tokenCapExceeded(used: used, cap: settings.tokenCap)
            return attempt
        case .failed(let error):
            attempt.outcome = error.code == .timedOut ? .timedOut(after: settings.codexTimeout) : .failed(reason: "codex: \(error)")
            return attempt
        }
        // The gate, in order: changes, tests, secrets (in what is staged, which is what is committed).
        do {
            guard try await worktree.hasChanges() else {
                attempt.outcome = .noChanges
                return attempt
            }
            await step(.testing)
            let tests = await TestCommandRunner(command: settings.testCommand, timeout: settings.testTimeout, isolation: isolation).run(in: worktree.path)
            guard tests.passed else {
                attempt.outcome = .testsFailed(summary: tests.summary)
                return attempt
            }
            await step(.scanning)
            let verdict = try await SecretGate(scanner: scanner, binaryAllowlist: settings.binaryAllowlist, maximumBytes: Self.maximumScannedBytes)
                .check(worktree)
            let scanned: (files: Int, lines: Int)
            switch verdict {
            case .passed(let files, let lines): scanned = (files, lines)
            case .tooLarge(let bytes):
                attempt.outcome = .diffTooLarge(bytes: bytes)
                return attempt
            case .secretsFound(let found):
                logger.warning("secret scan stopped a fix", metadata: ["finding": "\(finding.id)", "rules": "\(found.map(\.ruleID))"])
                attempt.outcome = .secretsFound(found)
                return attempt
            case .unscannable(let paths):
                logger.warning("secret scan cannot read files of a fix", metadata: ["finding": "\(finding.id)", "paths": "\(paths)"])
                attempt.outcome = .unscannableFiles(paths)
                return attempt
            }
            await step(.publishing)
            let gate = GateSummary(
                testCommand: settings.testCommand.joined(separator: " "), tests: tests, addedLines: scanned.lines, files: scanned.files,
                rules: scanner.ruleSet.rules.count
            )
            let summary = MergeRequestText.summary(of: finding)
            let kind = github == nil ? "merge request" : "pull request"
            try await worktree.commitStaged(
                message: "fix: \(summary)\n\nFinding: \(finding.id)" + (finding.webURL.map { "\n\($0)" } ?? ""),
                authorName: settings.botName,
                authorEmail: settings.botEmail
            )
            try await worktree.push(branch: branch, remoteURL: project.httpURLToRepo, credential: credential)
            let mergeRequest = try await forge.createMergeRequest(
                .id(project.id),
                NewMergeRequest(
                    sourceBranch: branch,
                    targetBranch: defaultBranch,
                    title: "fix: \(summary)",
                    description: MergeRequestText.description(
                        finding: finding, change: scanner.redact(result.finalMessage ?? ""), gate: gate, sessionLog: log.relativePath, kind: kind
                    ),
                    draft: true
                )
            )
            attempt.outcome = .mergeRequestOpened(iid: mergeRequest.iid, url: mergeRequest.webURL)
            if let issue = finding.issueIID {
                _ = try await forge.createIssueNote(
                    .id(project.id), issueIID: issue, body: "Warden opened a draft \(kind) with a proposed fix: \(mergeRequest.webURL)"
                )
            }
            return attempt
        } catch {
            if case .mergeRequestOpened = attempt.outcome {
                logger.error("cannot comment on the source issue", metadata: ["finding": "\(finding.id)", "error": "\(error)"])
                return attempt
            }
            attempt.outcome = .failed(reason: "\(error)")
            return attempt
        }
    }
}
