public import Forge
public import Foundation
public import Git

/// What a remediation run on a GitHub repository needs beyond ``ForgeClient``: the GitHub finding sources, the pull
/// requests Warden opened today as GitHub counts them, whether a fix branch or its pull request exists already, and a
/// fresh git credential (an App's installation token lives an hour; a run may last longer).
public struct GitHubRemediationSite: Sendable {
    /// The repository-bound forge the run also uses through ``ForgeClient``.
    public let forge: GitHubForge

    /// Binds the run to `forge`'s repository.
    public init(forge: GitHubForge) {
        self.forge = forge
    }

    /// The findings of a GitHub source: the open issues with a label, or the open Dependabot alerts.
    /// - Throws: ``ForgeError``; ``RemediationError/invalidSource(_:)`` for a source that does not read GitHub.
    public func findings(from source: FindingSource) async throws -> [Finding] {
        switch source {
        case .githubIssues(let label):
            return try await forge.client.openIssues(forge.repository, label: label).sorted { $0.iid < $1.iid }.map {
                FindingSource.finding(ofIssue: $0.iid, title: $0.title, description: $0.description, webURL: $0.webURL)
            }
        case .githubDependabot(let severities):
            let alerts = try await forge.client.openDependabotAlerts(forge.repository, severities: severities.map(\.rawValue))
            return DependabotFindings.findings(of: alerts, severities: severities)
        default:
            throw RemediationError.invalidSource(source.description)
        }
    }

    /// How many fix pull requests the bot opened in the repository since `start` (open, closed or merged), as GitHub
    /// lists them: a lost or fresh store cannot raise the daily cap.
    /// - Throws: ``ForgeError``.
    public func pullRequestsOpened(since start: Date) async throws -> Int {
        try await forge.client.pullRequests(forge.repository, createdSince: start).filter { pull in
            Self.isFixPullRequest(pull, botLogin: forge.botLogin, repository: forge.repository.fullName)
        }.count
    }

    /// Why a finding's branch is taken, or `nil` when it is free: the branch exists on GitHub, or an open pull request
    /// has it as its head.
    /// - Throws: ``ForgeError``.
    public func existingWork(branch: String) async throws -> String? {
        if let pull = try await forge.client.openPullRequests(forge.repository, head: branch).first {
            return "pull request #\(pull.number) from \(branch) is open (\(pull.webURL))"
        }
        if try await forge.client.branchExists(forge.repository, branch: branch) {
            return "the branch \(branch) exists on GitHub"
        }
        return nil
    }

    /// The credential git clones, fetches and pushes with: user `x-access-token` and the token (an App's installation
    /// token is minted again when it nears its end).
    /// - Throws: ``ForgeError`` when an installation token cannot be minted.
    public func gitCredential() async throws -> GitCredential {
        GitCredential(token: try await forge.client.gitToken(for: forge.repository), username: "x-access-token")
    }

    /// Whether a pull request counts against the daily cap: a head branch `fix/…` in the repository itself (not a
    /// fork), opened by the bot.
    public static func isFixPullRequest(_ pull: GitHubPullRequest, botLogin: String, repository: String) -> Bool {
        pull.headRef.hasPrefix(FixBranch.prefix) && pull.authorLogin.lowercased() == botLogin.lowercased()
            && pull.headRepositoryFullName?.lowercased() == repository.lowercased()
    }
}
