import Codex
import Forge
import Foundation
import Git
import Remediation
import Store
import WardenCore
import WardenTestSupport

/// A fake GitLab with one project (`acme/app`, id 1) served over git HTTP, a scripted model, the
/// real codex, a store and a data directory: everything one remediation run needs.
struct RemediationHarness {
    let gitLab: FakeGitLab
    let gitServer: GitHTTPServer
    let model: ScriptedModelServer
    let home: TestCodexHome
    let data: TestDataDirectory
    let repository: TestRepository
    let store: any RemediationStore & SeatLeaseStore & UsageStore
    /// The store's removal (a PostgreSQL database outlives the data directory).
    let storage: TestStore.Opened
    let forge: GitLabClient
    /// The fake GitLab's address (`gitlab.url`).
    let gitLabURL: String
    let codex: ExecRunner
    let gitToken = Secret("git-push-token-1234")

    static let projectID = 1

    /// Starts everything on `store`; the repository's `main` has `README.md` and `app.txt`. With `oneToken`, the fake
    /// GitLab takes the git server's token, so one token serves the API and git, as `warden remediate` and `warden serve`
    /// use it.
    static func start(script: [ModelTurn], store: TestStore = .sqlite, oneToken: Bool = false) async throws -> RemediationHarness {
        let data = try TestDataDirectory()
        let gitRoot = data.path + "/git-root"
        let gitServer = GitHTTPServer(root: gitRoot, token: Secret("git-push-token-1234"))
        _ = try await gitServer.start()
        let repository = try await TestRepository.create(in: gitRoot, name: "acme/app.git")
        try await repository.commit(on: "main", files: ["README.md": "# app\n", "app.txt": "query = \"SELECT * FROM users WHERE name = '\" + name + \"'\"\n"])
        let gitLab = oneToken ? FakeGitLab(token: "git-push-token-1234") : FakeGitLab()
        let base = try await gitLab.start()
        await gitLab.addProject(
            id: projectID, path: "acme/app", repositoryPath: repository.path, defaultBranch: "main",
            httpURLToRepo: try await gitServer.url(for: "acme/app.git")
        )
        let model = ScriptedModelServer(script: script)
        let port = try await model.start()
        let home = try TestCodexHome(modelServerPort: port)
        let codex = try codex(home: home)
        let storage = try store.open(dataDirectory: data)
        return RemediationHarness(
            gitLab: gitLab,
            gitServer: gitServer,
            model: model,
            home: home,
            data: data,
            repository: repository,
            store: storage.store,
            storage: storage,
            forge: GitLabClient(baseURL: base.absoluteString, token: Secret(gitLab.token)),
            gitLabURL: base.absoluteString,
            codex: codex
        )
    }

    /// The real codex in the `workspace-write` sandbox, talking to the scripted model of `home`.
    static func codex(home: TestCodexHome) throws -> ExecRunner {
        ExecRunner(
            executable: try CodexBinary.path(),
            arguments: CodexArguments(model: "gpt-5.5", sandbox: .workspaceWrite),
            parentEnvironment: home.environment(),
            gracePeriod: .milliseconds(500),
            temporaryDirectory: home.root
        )
    }

    /// Why a test that needs bubblewrap cannot run; CI installs it, so this fails the test instead of skipping it.
    struct NoSandbox: Error, CustomStringConvertible {
        let description: String
    }

    /// The path of a `bwrap` that works on this machine.
    /// - Throws: ``NoSandbox`` when there is none.
    static func bubblewrap() async throws -> String {
        let probed = await TestSandbox.probe(searchPath: "/usr/bin:/bin")
        guard case .bubblewrap(let executable) = probed else { throw NoSandbox(description: "bubblewrap is needed (.ci/run installs it): \(probed)") }
        return executable
    }

    /// A runner with these settings (tests fail when a line of a file contains `BROKEN`); the test command runs in
    /// this machine's bubblewrap sandbox unless `sandbox` says otherwise.
    func runner(
        _ settings: RemediationSettings = Self.settings(),
        sandbox: TestSandbox? = nil,
        budget: CostBudget? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> RemediationRunner {
        try await Self.runner(
            settings, forge: forge, codex: codex, store: store, data: data, credential: GitCredential(token: gitToken),
            secrets: [gitToken.exposedValue, gitLab.token], sandbox: sandbox, budget: budget, now: now
        )
    }

    /// A runner as `warden remediate` composes one, on `forge` (and `github` for a GitHub repository).
    static func runner(
        _ settings: RemediationSettings,
        forge: any ForgeClient,
        github: GitHubRemediationSite? = nil,
        codex: ExecRunner,
        store: any RemediationStore & SeatLeaseStore & UsageStore,
        data: TestDataDirectory,
        credential: GitCredential?,
        secrets: [String],
        sandbox: TestSandbox? = nil,
        budget: CostBudget? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> RemediationRunner {
        let testSandbox: TestSandbox
        if let sandbox {
            testSandbox = sandbox
        } else {
            testSandbox = .bubblewrap(executable: try await Self.bubblewrap())
        }
        return RemediationRunner(
            settings: settings,
            forge: forge,
            github: github,
            // As `warden remediate` composes it: every run in the store's ledger.
            codex: LedgeredCodex(codex, system: .remediation, model: "gpt-5.5", ledger: store),
            repositories: RepositoryCache(root: data.path + "/cache"),
            store: store,
            seats: LeasedSeats(store: store, seats: 1, lease: .seconds(60), holder: "remediation-test"),
            budget: budget,
            scanner: SecretScanner(ruleSet: try SecretRuleSet.gitleaksDefaults()),
            credential: credential,
            testSandbox: testSandbox,
            dataDirectory: data.path,
            secrets: secrets,
            now: now
        )
    }

    static func settings(
        dailyCap: Int = 5,
        timeout: Duration = .seconds(90),
        tokenCap: Int = 100_000,
        testCommand: [String] = ["sh", "-c", "! grep -rq --exclude-dir=.git BROKEN ."],
        unsandboxedTests: Bool = false,
        binaryAllowlist: [String] = []
    ) -> RemediationSettings {
        RemediationSettings(
            testCommand: testCommand,
            testTimeout: .seconds(60),
            unsandboxedTests: unsandboxedTests,
            binaryAllowlist: binaryAllowlist.map(PathGlob.init),
            dailyMergeRequestCap: dailyCap,
            codexTimeout: timeout,
            tokenCap: tokenCap,
            botName: "Warden Bot",
            botEmail: "warden-bot@example.com"
        )
    }

    /// A patch that adds one file.
    static func addFile(_ path: String, _ lines: [String]) -> ModelTurn {
        .applyPatch("*** Begin Patch\n*** Add File: \(path)\n" + lines.map { "+" + $0 + "\n" }.joined() + "*** End Patch\n")
    }

    /// A shell command that writes exactly `bytes` to `path` (every byte as a `printf` octal escape), for files
    /// apply_patch cannot write: NUL bytes, UTF-16, invalid UTF-8.
    static func writeBytes(_ path: String, _ bytes: [UInt8]) -> ModelTurn {
        let escapes = bytes.map { byte in
            let octal = String(byte, radix: 8)
            return "\\" + String(repeating: "0", count: 3 - octal.count) + octal
        }
        return .exec("mkdir -p \"$(dirname '\(path)')\" && printf '" + escapes.joined() + "' > '\(path)'")
    }

    func stop() async {
        await model.stop()
        await gitLab.stop()
        await gitServer.stop()
        try? home.remove()
        data.remove()
        storage.remove()
    }
}
