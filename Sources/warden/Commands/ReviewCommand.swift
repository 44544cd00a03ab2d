import ArgumentParser
import Forge
import Foundation
import Hardening
import Logging
import ReviewBot
import Store
import WardenCore

/// `warden review <MR URL> [--dry-run]`: the review pipeline for one merge request, in the foreground.
///
/// Exit status: 0 when the review raised no new finding (or the merge request had nothing to review), 1 when it
/// raised findings (posted, or printed with `--dry-run`), 2 when the review failed, 78 for a configuration error.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review one merge request in the foreground.",
        discussion: "Exit status: 0 no new findings, 1 findings raised, 2 the review failed, 78 bad configuration."
    )

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The merge request's web address (https://gitlab.example.com/group/project/-/merge_requests/12).")
    var url: String
    @Flag(help: "Print the review instead of posting it; nothing is written to GitLab or the store.")
    var dryRun = false

    func run() async throws {
        try ProcessHardening.hardenCommand("review")
        let loaded = try options.loadConfiguration()
        let configuration = loaded.core
        let logger = Logger(label: "warden.review")
        guard let gitlabURL = configuration.gitlab.url, let token = configuration.gitlab.token, let botUsername = configuration.bot.username else {
            fail("GitLab access is not configured: set WARDEN_GITLAB_URL, WARDEN_GITLAB_TOKEN (or _FILE) and WARDEN_BOT_USERNAME", status: 78)
        }
        let instancePath = URLComponents(string: gitlabURL)?.path ?? ""
        guard let target = MergeRequestURL(url, instancePath: instancePath) else {
            throw ValidationError("not a merge request address: \(url) (expected …/<group>/<project>/-/merge_requests/<number>)")
        }
        let settings: ReviewSettings
        var dependencies: ReviewDependencies
        let store: any ReviewStore & ThreadStore & UsageStore
        do {
            settings = try ReviewSettings(from: loaded.values)
            let costs = try CostSettings(from: loaded.values)
            store = try OpenedStore.open(configuration.store, configuration: QueueConfiguration(configuration.queue)).store
            let outputFilter = try OutputFilterAssembly.make(
                configuration: configuration, environment: loaded.values.environment, surface: "review", logger: logger
            )
            dependencies = try await ReviewDependencies.live(
                configuration: configuration,
                gitlabURL: gitlabURL,
                token: token,
                botUsername: botUsername,
                store: store,
                settings: settings,
                outputFilter: outputFilter,
                // A dry run writes nothing to the store, its run ledger included.
                runLedger: dryRun ? nil : store,
                logger: logger
            )
            dependencies.prices = costs.prices
        } catch {
            fail("\(error)", status: 78)
        }
        do {
            let project = try await dependencies.forge.project(.path(target.projectPath))
            let report = try await MergeRequestReviewer(dependencies: dependencies).review(
                MergeRequestReviewer.Request(
                    projectID: project.id,
                    iid: target.iid,
                    dryRun: dryRun
                )
            )
            print(report.text, terminator: "")
            throw ExitCode(report.exitStatus)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            fail("the review of \(url) failed: \(error)", status: 2)
        }
    }

    private func fail(_ message: String, status: Int32) -> Never {
        FileHandle.standardError.write(Data("warden review: \(message)\n".utf8))
        Foundation.exit(status)
    }
}
