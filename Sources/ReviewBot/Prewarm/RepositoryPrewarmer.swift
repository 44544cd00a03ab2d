public import Forge
public import Git
public import Logging
public import ServiceLifecycle
import Synchronization

/// Fetches the head of every accepted review into the repository cache in the background, so that the worker's own
/// fetch, seconds later, finds the commit cached and does nothing.
///
/// Runs beside the review workers (`warden serve`). One fetch per repository at a time (``PrewarmQueue``); the clone
/// URL comes from the forge's API, never from the webhook's payload, since the token goes wherever that URL points.
/// GitLab heads are fetched with GitLab's token into GitLab's cache, GitHub heads through ``GitHubConnector`` (its
/// installation token, its cache). A failed pre-warm is only logged: the worker fetches as it always did.
public struct RepositoryPrewarmer: Service {
    private let requests: PrewarmRequests
    private let forge: any ForgeClient
    private let repositories: RepositoryCache
    private let credential: GitCredential?
    private let github: GitHubConnector?
    private let logger: Logger

    /// Creates a pre-warmer.
    /// - Parameters:
    ///   - requests: the receivers' hand-off.
    ///   - forge: asked for each GitLab project's clone URL.
    ///   - repositories: the cache the workers lease their GitLab worktrees from.
    ///   - credential: GitLab's token for fetches.
    ///   - github: fetches GitHub heads; without it they are not pre-warmed.
    ///   - logger: the `warden.review` logger.
    public init(
        requests: PrewarmRequests, forge: any ForgeClient, repositories: RepositoryCache, credential: GitCredential?, github: GitHubConnector? = nil,
        logger: Logger
    ) {
        self.requests = requests
        self.forge = forge
        self.repositories = repositories
        self.credential = credential
        self.github = github
        self.logger = logger
    }

    /// Fetches heads as they arrive until shutdown; fetches in flight are cancelled then.
    public func run() async {
        let queue = SharedPrewarmQueue()
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for await head in requests.stream {
                    guard queue.state.withLock({ $0.offer(head) }) else { continue }
                    group.addTask {
                        var next: PrewarmHead? = head
                        while let current = next, !Task.isCancelled {
                            await warm(current)
                            next = queue.state.withLock { $0.finished(current.repository) }
                        }
                    }
                }
            }
        }
    }

    /// Fetches one head; failures are logged.
    private func warm(_ head: PrewarmHead) async {
        var metadata: Logger.Metadata = ["repository": "\(head.repository)", "head": "\(head.headSHA)"]
        do {
            switch head {
            case .gitlab(let target):
                metadata["mr"] = "\(target.mergeRequestIID)"
                let project = try await forge.project(.id(target.projectID))
                try await repositories.prefetch(
                    project: target.projectID,
                    remoteURL: project.httpURLToRepo,
                    credential: credential,
                    sha: target.headSHA,
                    fetchRefs: ["refs/merge-requests/\(target.mergeRequestIID)/head"]
                )
            case .github(let target):
                metadata["pr"] = "\(target.number)"
                guard let github else {
                    logger.debug("no GitHub access to pre-warm with", metadata: metadata)
                    return
                }
                try await github.prefetch(target)
            }
            logger.debug("review head pre-warmed", metadata: metadata)
        } catch {
            logger.info("pre-warm fetch failed; the worker will fetch", metadata: metadata.merging(["error": "\(error)"]) { $1 })
        }
    }
}

/// The pre-warmer's ``PrewarmQueue``, shared by the loop that starts fetches and the fetches that end.
private final class SharedPrewarmQueue: Sendable {
    let state = Mutex(PrewarmQueue())
}
