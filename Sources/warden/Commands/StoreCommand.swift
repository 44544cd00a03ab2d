import ArgumentParser
import Foundation
import Store
import WardenCore

/// `warden store …`: the schema of the configured store (`store.url`).
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Show and apply the store's schema migrations.",
        subcommands: [Status.self, Migrate.self, Copy.self]
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

    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy jobs, pause state, reviews, threads and remediation records from one store to another.",
            discussion: """
                Idempotent: rows already in the target (same job id, delivery key, review head, discussion, finding) are kept. \
                A target that already holds rows is refused unless --merge. store.password, store.ca_file and \
                store.pool_size apply to a postgres:// side. Stop `warden serve` on the source first.
                """
        )
        @OptionGroup var options: GlobalOptions
        @Option(help: "The source store URL (sqlite:<path> or postgres://…).") var from: String
        @Option(help: "The target store URL.") var to: String
        @Flag(help: "Add to a target that already holds rows.") var merge = false

        func run() async throws {
            let settings = try options.loadConfiguration().core
            let queue = QueueConfiguration(settings.queue)
            let source = try OpenedStore.open(try Self.settings(settings.store, url: from, option: "--from"), configuration: queue)
            let target = try OpenedStore.open(try Self.settings(settings.store, url: to, option: "--to"), configuration: queue)
            let (read, written) = try await StoreCopier.copy(from: source.copying, to: target.copying, merge: merge)
            print("copied \(read) rows; \(written) were new in the target")
        }

        /// The configured store settings with another URL; a bad URL ends the command with status 78.
        private static func settings(_ base: StoreSettings, url text: String, option: String) throws -> StoreSettings {
            var settings = base
            do throws(StoreURLError) {
                settings.url = try StoreURL(parsing: text, workingDirectory: FileManager.default.currentDirectoryPath)
            } catch {
                let message = "warden: \(option) is not a store URL: \(error.problem) (expected \(StoreURL.acceptedForm))\n"
                FileHandle.standardError.write(Data(message.utf8))
                throw ExitCode(78)
            }
            return settings
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
