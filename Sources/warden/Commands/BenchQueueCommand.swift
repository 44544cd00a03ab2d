import ArgumentParser
import Foundation
import Store
import WardenBenchmarks
import WardenCore

/// `warden bench queue`: enqueue and claim throughput of the SQLite or PostgreSQL queue.
struct BenchQueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Enqueue jobs from concurrent clients, then drain them with concurrent workers (one store handle each)."
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case sqlite, postgres
    }

    @Option(help: "sqlite (a scratch file) or postgres (the empty database --url names).") var store: Kind = .sqlite
    @Option(help: "For --store postgres: postgres://user@host:port/db?sslmode=… of an empty database.") var url: String?
    @Option(help: "Jobs to enqueue and drain.") var jobs = 10_000
    @Option(help: "Concurrent workers.") var workers = 4
    @Option(help: "Concurrent enqueuing clients.") var enqueuers = 16
    @Option(help: "Where the scratch SQLite file lives (default: a new folder under ./.warden/bench).") var dataDir: String?
    @Flag(help: "Print the report as JSON.") var json = false

    func validate() throws {
        guard jobs > 0 else { throw ValidationError("--jobs must be at least 1") }
        guard (1...256).contains(workers) else { throw ValidationError("--workers must be 1…256") }
        guard (1...256).contains(enqueuers) else { throw ValidationError("--enqueuers must be 1…256") }
        if store == .postgres, url == nil { throw ValidationError("--store postgres needs --url of an empty database") }
    }

    func run() async throws {
        let parameters = QueueBenchmark.Parameters(jobs: jobs, workers: workers, enqueuers: enqueuers)
        let report: QueueBenchmark.Report
        switch store {
        case .sqlite:
            report = try await BenchOutput.withScratchDirectory(dataDir) { directory in
                try await QueueBenchmark(parameters: parameters) { try SQLiteStore.open(dataDirectory: directory) }.run()
            }
        case .postgres:
            guard case .postgres(let postgresURL) = try? StoreURL(parsing: url ?? "", workingDirectory: "/") else {
                throw ValidationError("--url must be postgres://user@host:port/database?sslmode=…")
            }
            let settings = PostgresConnectionSettings(url: postgresURL, password: nil, caFile: nil, poolSize: 4)
            let probe = try PostgresStore(settings: settings)
            guard try await probe.counts().values.reduce(0, +) == 0 else {
                throw ValidationError("the database at --url holds jobs; give the benchmark an empty one")
            }
            report = try await QueueBenchmark(parameters: parameters) { try PostgresStore(settings: settings) }.run()
        }
        try BenchOutput.print(report, json: json, markdown: QueueBenchmark.markdown(report, store: store.rawValue, parameters: parameters))
        guard report.doubleClaims == 0, report.jobsDone == jobs else {
            FileHandle.standardError.write(Data("warden bench: \(report.doubleClaims) double claims, \(report.jobsDone) of \(jobs) jobs done\n".utf8))
            throw ExitCode.failure
        }
    }
}
