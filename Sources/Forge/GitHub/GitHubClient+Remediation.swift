public import Foundation
import WardenCore

/// The calls the remediation runner makes on GitHub besides ``ForgeClient``'s: Dependabot alerts, the pull requests a
/// daily cap counts, and whether a fix branch or its pull request already exists.
extension GitHubClient {
    /// The repository's open Dependabot alerts, across all pages (GitHub pages this list by cursor: the `Link` header's
    /// `next` carries `after=`), oldest first.
    ///
    /// - Parameter severities: GitHub's `severity` filter (`low`, `medium`, `high`, `critical`); empty for all.
    /// - Throws: ``ForgeError``; 403 when Dependabot alerts are disabled or the credentials may not read them.
    public func openDependabotAlerts(_ repository: GitHubRepositoryRef, severities: [String] = []) async throws -> [GitHubDependabotAlert] {
        var path = "\(repository.apiPath)/dependabot/alerts?state=open"
        if !severities.isEmpty { path += "&severity=" + severities.map(ProjectRef.percentEncoded).joined(separator: ",") }
        return try await getAllPages(repository, path, as: GitHubPayload.DependabotAlert.self).map(\.model).sorted { $0.number < $1.number }
    }

    /// The pull requests opened at or after `since`, in any state, newest first: the list is read sorted by creation,
    /// newest first, and only as far back as `since`.
    /// - Throws: ``ForgeError``.
    public func pullRequests(_ repository: GitHubRepositoryRef, createdSince since: Date) async throws -> [GitHubPullRequest] {
        let path = "\(repository.apiPath)/pulls?state=all&sort=created&direction=desc"
        let isOlder: (GitHubPayload.PullRequest) -> Bool = { pull in pull.model.createdAt.map { $0 < since } ?? false }
        return try await getAllPages(repository, path, as: GitHubPayload.PullRequest.self) { page in page.contains(where: isOlder) }
            .map(\.model).filter { pull in pull.createdAt.map { $0 >= since } ?? true }
    }

    /// The open pull requests whose head is `branch` of the repository itself (not of a fork).
    /// - Throws: ``ForgeError``.
    public func openPullRequests(_ repository: GitHubRepositoryRef, head branch: String) async throws -> [GitHubPullRequest] {
        // GitHub's `head` filter wants `owner:branch`; without the owner it is ignored.
        let head = ProjectRef.percentEncoded("\(repository.owner):\(branch)")
        return try await getAllPages(repository, "\(repository.apiPath)/pulls?state=open&head=\(head)", as: GitHubPayload.PullRequest.self).map(\.model)
    }

    /// Whether the repository has the branch (`GET …/git/ref/heads/{branch}`, 404 when it has not).
    /// - Throws: ``ForgeError`` for anything but 404.
    public func branchExists(_ repository: GitHubRepositoryRef, branch: String) async throws -> Bool {
        let segments = branch.split(separator: "/", omittingEmptySubsequences: false).map { ProjectRef.percentEncoded(String($0)) }
        do {
            _ = try await get(repository, "\(repository.apiPath)/git/ref/heads/" + segments.joined(separator: "/"), as: GitHubPayload.GitReference.self)
            return true
        } catch let error as ForgeError where error.isNotFound {
            return false
        }
    }
}
