import ArgumentParser
import Foundation
import Hardening
import Remediation

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
        let assembly: RemediationAssembly
        do {
            assembly = try await RemediationAssembly.make(
                loaded: loaded, configPath: options.config, repo: repo, source: source, templatePath: template, base: base,
                holder: "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-remediate"
            )
        } catch {
            fail("\(error)", status: 78)
        }
        do {
            let interactive = isatty(STDERR_FILENO) == 1
            let report = try await assembly.run(
                dryRun: dryRun,
                standardInput: { String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
            ) { step in
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

    private func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("warden remediate: \(message)\n".utf8))
        Foundation.exit(status)
    }
}
