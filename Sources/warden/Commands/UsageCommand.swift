import ArgumentParser
import Foundation
import Store
import WardenCore

/// `warden usage`: Codex runs, tokens, cost and durations from the store's run ledger, grouped by day, project or
/// system (also while serve runs).
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Show Codex runs, tokens, cost and p50/p90 duration by day, project or system."
    )

    @OptionGroup var options: GlobalOptions
    @Option(help: "The first runs counted: \(UsageSince.form).") var since = "7d"
    @Option(help: "Group by day (UTC), project or system.") var by: UsageReport.Grouping = .day
    @Flag(help: "Print JSON (a null cost is unknown: a model without a price in [[costs.models]]).") var json = false

    func run() async throws {
        guard let start = UsageSince.instant(since, now: Date()) else {
            throw ValidationError("--since \(since) is not \(UsageSince.form)")
        }
        let loaded = try options.loadConfiguration()
        let costs = try loaded.read(CostSettings.init(from:))
        let store = try OpenedStore.open(loaded.core.store, configuration: QueueConfiguration(loaded.core.queue)).store
        let report = UsageReport(runs: try await store.runs(since: start), grouping: by, since: start, prices: costs.prices)
        if json {
            print(String(decoding: try report.json(), as: UTF8.self))
        } else {
            print(report.table, terminator: "")
        }
    }
}
