import ArgumentParser
import Store
import WardenCore

/// `warden store …`: the schema of the configured store (`store.url`).
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Show and apply the store's schema migrations.",
        subcommands: [Status.self, Migrate.self]
    )

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the store, its schema version and the pending migrations.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let settings = try options.loadConfiguration().core
            print("store: \(settings.store.url)")
            switch try OpenedStore.open(settings.store, configuration: QueueConfiguration(settings.queue)) {
            case .sqlite:
                print("schema: migrated automatically whenever Warden opens the file")
            case .postgres(let store):
                StoreCommand.report(try await store.migrationStatus(), verb: "pending")
            }
        }
    }

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply the pending migrations (under an advisory lock: safe while replicas run or start)."
        )
        @OptionGroup var options: GlobalOptions
        @Flag(help: "Only list what would be applied.") var dryRun = false

        func run() async throws {
            let settings = try options.loadConfiguration().core
            print("store: \(settings.store.url)")
            switch try OpenedStore.open(settings.store, configuration: QueueConfiguration(settings.queue)) {
            case .sqlite:
                // Opening the file applied its migrations.
                print("schema: up to date")
            case .postgres(let store):
                StoreCommand.report(try await store.applyMigrations(dryRun: dryRun), verb: dryRun ? "would apply" : "applied")
            }
        }
    }

    /// Prints a migration report: the version, then one line per migration.
    private static func report(_ report: PostgresMigrationReport, verb: String) {
        print("schema version: \(report.versionAfter)")
        if report.pending.isEmpty {
            print("schema: up to date")
        }
        for migration in report.pending {
            print("\(verb): \(migration.version) \(migration.name)")
        }
    }
}
