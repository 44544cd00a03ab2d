import ArgumentParser
import Forge
import Foundation
import Hardening
import Logging
import ReviewBot
import Store
import WardenCore

/// `warden review <MR or PR URL> [--dry-run]`: the review pipeline for one GitLab merge request or GitHub pull request,
/// in the foreground.
///
/// Exit status: 0 when the review raised no new finding (or the merge request had nothing to review), 1 when it
/// raised findings (posted, or printed with `--dry-run`), 2 when the review failed, 78 for a configuration error.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review one merge request (GitLab) or pull request (GitHub) in the foreground.",
        discussion: "Exit status: 0 no new findings, 1 findings raised, 2 the review failed, 78 bad configuration."
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The merge request's or pull request's web address (https://gitlab.example.com/group/project/-/merge_requests/12, https://github.com/owner/repo/pull/12).")
    var url: String
    @Flag(help: "Print the review instead of posting it; nothing is written to the forge or the store.")
    var dryRun = false

    func run() async throws {
        try ProcessHardening.hardenCommand("review")
        let loaded = try options.loadConfiguration()
        let configuration = loaded.core
        let logger = Logger(label: "warden.review")
        let target: Target
        var dependencies: ReviewDependencies
        do {
            target = try Target(url, configuration: configuration)
            let settings = try ReviewSettings(from: loaded.values)
            let costs = try CostSettings(from: loaded.values)
            let store = try OpenedStore.open(configuration.store, configuration: QueueConfiguration(configuration.queue)).store
            let outputFilter = try OutputFilterAssembly.make(
                configuration: configuration, environment: loaded.values.environment, surface: "review", logger: logger
            )
            dependencies = try await ReviewDependencies.live(
                configuration: configuration,
                gitlab: target.gitlab,
                github: target.github,
                store: store,
                settings: settings,
                outputFilter: outputFilter,
                // A dry run writes nothing to the store, its run ledger included.
                runLedger: dryRun ? nil : store,
                logger: logger
            )
            dependencies.prices = costs.prices
        } catch let error as ValidationError {
            throw error
        } catch {
            fail("\(error)", status: 78)
        }
        do {
            let (jobDependencies, projectID) = try await target.resolve(dependencies)
            let report = try await MergeRequestReviewer(dependencies: jobDependencies).review(
                MergeRequestReviewer.Request(projectID: projectID, iid: target.number, dryRun: dryRun)
            )
            print(report.text, terminator: "")
            throw ExitCode(report.exitStatus)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            fail("the review of \(url) failed: \(error)", status: 2)
        }
    }

    /// What the address names, on which forge, and the access that forge needs.
    private struct Target {
        enum Place {
            case gitlab(MergeRequestURL)
            case github(PullRequestURL)
        }

        let place: Place
        let gitlab: WardenConfiguration.GitLabAccess?
        let github: GitHubSettings.Access?

        /// A pull request on `github.com` or on the host of `github.api_url` (GitHub Enterprise Server serves the
        /// API under `/api/v3` on the web host); else a merge request on `gitlab.url`'s instance.
        init(_ url: String, configuration: WardenConfiguration) throws {
            if let pull = PullRequestURL(url), pull.host == "github.com" || pull.host == configuration.github.webHost {
                place = .github(pull)
                gitlab = nil
                github = try configuration.github.requireAccess()
                return
            }
            guard let gitlabURL = configuration.gitlab.url else { throw WardenConfiguration.Registry.gitlabURL.missing }
            guard let mergeRequest = MergeRequestURL(url, instancePath: URLComponents(string: gitlabURL)?.path ?? "") else {
                throw ValidationError(
                    "not a merge request or pull request address: \(url) (expected …/<group>/<project>/-/merge_requests/<number> or …/<owner>/<repo>/pull/<number>)"
                )
            }
            place = .gitlab(mergeRequest)
            gitlab = try configuration.requireGitLab()
            github = nil
        }

        var number: Int {
            switch place {
            case .gitlab(let mergeRequest): mergeRequest.iid
            case .github(let pull): pull.number
            }
        }

        /// The dependencies of this review and the project's (repository's) numeric id.
        func resolve(_ dependencies: ReviewDependencies) async throws -> (ReviewDependencies, ProjectID) {
            switch place {
            case .gitlab(let mergeRequest):
                return (dependencies, try await dependencies.forge.project(.path(mergeRequest.projectPath)).id)
            case .github(let pull):
                guard let connector = dependencies.github else { throw ValidationError("GitHub access is not configured") }
                let repository = GitHubRepositoryRef(owner: pull.owner, name: pull.repository)
                let id = try await connector.client.repository(repository).id
                return (try await connector.dependencies(from: dependencies, repository: repository, repositoryID: id), id)
            }
        }
    }

    private func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("warden review: \(message)\n".utf8))
        Foundation.exit(status)
    }
}
