import ArgumentParser
import Foundation
import ReviewBot
import Store
import WardenCore

/// `warden queue …`: inspect and steer the durable queue of the configured data directory (also while serve runs).
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Inspect and steer the job queue.",
        subcommands: [List.self, Pause.self, Resume.self, Retry.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List jobs with their state, attempts and last error.")
        @OptionGroup var options: GlobalOptions
        @Flag(help: "Print one JSON array of objects.") var json = false
        @Option(help: "Only jobs in these states (comma-separated: pending,running,done,failed,dead,superseded).")
        var state: String?

        func run() async throws {
            let store = try openStore(options)
            let states = try state.map { try JobStateFilter.parse($0) }
            let jobs = try await store.list(states: states, limit: nil)
            let hold = try await SeatHolds(store: store).active()
            if json {
                print(try JobListRendering.json(jobs, seatHold: hold))
            } else {
                let pause = try await store.pauseState()
                if let pause { print("queue paused since \(JobListRendering.timestamp(pause.since)): \(pause.reason)") }
                if let hold { print(JobListRendering.seatHoldLine(hold)) }
                print(JobListRendering.table(jobs), terminator: "")
            }
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pause the queue: deliveries are still stored, no job starts.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Why, shown in /healthz and `queue list`.") var reason = "paused by an operator"

        func run() async throws {
            try await openStore(options).pause(reason: reason)
            print("queue paused")
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a paused queue.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await openStore(options).resume()
            print("queue resumed")
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put a failed or dead job back to pending with its attempts reset.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The job id, as `queue list` shows it.") var id: String

        func run() async throws {
            try await openStore(options).retry(id: id)
            print("job \(id) queued again")
        }
    }
}

/// Opens the configured store (`store.url`).
private func openStore(_ options: GlobalOptions) throws -> any JobQueue & SeatLeaseStore {
    let configuration = try options.loadConfiguration().core
    return try OpenedStore.open(configuration.store, configuration: QueueConfiguration(configuration.queue)).store
}
