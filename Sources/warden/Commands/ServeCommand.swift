import ArgumentParser
import Hummingbird
import Logging
import ReviewBot
import Store
import WardenCore

/// `warden serve`: the review bot's HTTP server (webhooks in, durable jobs, health and metrics).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the review bot: GitLab webhooks in, durable queue, /healthz, /readyz, /metrics."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let configuration = try options.loadConfiguration()
        let logger = Logger(label: "warden.serve")
        guard let webhookSecret = configuration.gitlab.webhookSecret else {
            logger.critical("refusing to start: no webhook secret (set WARDEN_GITLAB_WEBHOOK_SECRET or WARDEN_GITLAB_WEBHOOK_SECRET_FILE)")
            throw ExitCode(78)
        }
        let store = try SQLiteStore.open(
            dataDirectory: configuration.dataDirectory,
            configuration: QueueConfiguration(maxAttempts: configuration.queue.maxAttempts)
        )
        if configuration.codex.sandboxMode.isWeakerThanDefault {
            logger.warning("codex sandbox is weaker than read-only", metadata: ["sandbox_mode": "\(configuration.codex.sandboxMode.rawValue)"])
        }
        let settings = ReviewBotServer.Settings(
            host: configuration.listen.host,
            port: configuration.listen.port,
            webhook: .init(
                webhookSecret: webhookSecret,
                maxBodyBytes: configuration.webhook.maxBodyBytes,
                classifier: ClassifierSettings(botUsername: configuration.bot.username, botUserID: configuration.bot.userID.map(Int64.init))
            ),
            sandboxMode: configuration.codex.sandboxMode
        )
        logger.info(
            "warden serve starting",
            metadata: ["listen": "\(configuration.listen)", "data_dir": "\(configuration.dataDirectory)", "sandbox_mode": "\(configuration.codex.sandboxMode.rawValue)"]
        )
        let app = ReviewBotServer.buildApplication(settings: settings, store: store, logger: logger)
        try await app.runService()
    }
}
