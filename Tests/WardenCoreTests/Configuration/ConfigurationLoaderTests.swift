import Foundation
import Logging
import Testing

@testable import WardenCore

@Suite("Configuration loader")
struct ConfigurationLoaderTests {
    /// A host without a terminal or bundled codex, so defaults are the same on every machine.
    static let plainHost = ConfigurationHost(standardErrorIsTerminal: false, currentDirectory: "/srv/warden", isExecutable: { _ in false })
    static let baseEnvironment = ["HOME": "/home/operator"]

    /// A scratch directory for configuration and secret files; each test removes it with `defer`.
    struct Scratch {
        let directory: URL

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-config-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }

        func write(_ name: String, _ contents: String) throws -> String {
            let url = directory.appendingPathComponent(name)
            try contents.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
    }

    static func load(
        file: String? = nil,
        environment: [String: String] = [:],
        host: ConfigurationHost = plainHost
    ) throws -> WardenConfiguration {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try file.map { try scratch.write("warden.toml", $0) }
        return try ConfigurationLoader.load(
            configPath: path,
            environment: baseEnvironment.merging(environment) { _, new in new },
            host: host
        )
    }

    /// Every setting as text, keyed by its file key, so tables can name settings by key.
    static func summary(_ configuration: WardenConfiguration) -> [String: String] {
        func seconds(_ duration: Duration) -> String { "\(duration.components.seconds)s" }
        return [
            "listen": configuration.listen.description,
            "data_dir": configuration.dataDirectory,
            "log.format": configuration.log.format.rawValue,
            "log.level": configuration.log.level.rawValue,
            "codex.bin": configuration.codex.binary,
            "codex.model": configuration.codex.model,
            "codex.home": configuration.codex.home,
            "codex.sandbox_mode": configuration.codex.sandboxMode.rawValue,
            "codex.timeout": seconds(configuration.codex.timeout),
            "codex.pass_env": configuration.codex.passEnvironment.joined(separator: ","),
            "codex.proxy_env": configuration.codex.proxyEnvironment.joined(separator: ","),
            "codex.https_proxy": configuration.codex.httpsProxy?.url ?? "nil",
            "codex.exec_sidecar": String(configuration.codex.execSidecar),
            "codex.seats": String(configuration.codex.seats),
            "codex.seat_lease": seconds(configuration.codex.seatLease),
            "codex.reserve_percent": String(configuration.codex.reservePercent),
            "gitlab.url": configuration.gitlab.url ?? "nil",
            "gitlab.token": configuration.gitlab.token?.exposedValue ?? "nil",
            "gitlab.webhook_secret": configuration.gitlab.webhookSecret?.exposedValue ?? "nil",
            "gitlab.allow_short_webhook_secret": String(configuration.gitlab.allowShortWebhookSecret),
            "github.api_url": configuration.github.apiURL,
            "github.app_id": configuration.github.appID.map(String.init) ?? "nil",
            "github.private_key": configuration.github.privateKey?.exposedValue ?? "nil",
            "github.token": configuration.github.token?.exposedValue ?? "nil",
            "github.webhook_secret": configuration.github.webhookSecret?.exposedValue ?? "nil",
            "github.bot_login": configuration.github.botLogin ?? "nil",
            "bot.username": configuration.bot.username ?? "nil",
            "bot.user_id": configuration.bot.userID.map(String.init) ?? "nil",
            "queue.max_attempts": String(configuration.queue.maxAttempts),
            "queue.lease": seconds(configuration.queue.lease),
            "queue.retention": seconds(configuration.queue.retention),
            "store.review_retention": seconds(configuration.queue.recordRetention),
            "store.url": configuration.store.url.description,
            "store.password": configuration.store.password?.exposedValue ?? "nil",
            "store.ca_file": configuration.store.caFile ?? "nil",
            "store.pool_size": String(configuration.store.poolSize),
            "git.worktree_group": configuration.worktreeGroup.map(String.init) ?? "nil",
            "proxy.url": configuration.proxy.endpoint?.url ?? "nil",
            "proxy.no_proxy": configuration.proxy.noProxy.environmentValue,
            "webhook.max_body_bytes": String(configuration.webhook.maxBodyBytes),
            "gateway.api_key": configuration.gateway.apiKey?.exposedValue ?? "nil",
        ]
    }

    struct KeyCase: Sendable, CustomTestStringConvertible {
        let key: String
        /// The value as written in `warden.toml`.
        let fileValue: String
        let expectedFromFile: String
        let variable: String
        let environmentValue: String
        let expectedFromEnvironment: String
        var testDescription: String { key }
    }

    static let keyCases: [KeyCase] = [
        KeyCase(
            key: "listen",
            fileValue: #""0.0.0.0:9000""#,
            expectedFromFile: "0.0.0.0:9000",
            variable: "WARDEN_LISTEN",
            environmentValue: "[::1]:8081",
            expectedFromEnvironment: "[::1]:8081"
        ),
        KeyCase(
            key: "data_dir",
            fileValue: #""/var/lib/warden""#,
            expectedFromFile: "/var/lib/warden",
            variable: "WARDEN_DATA_DIR",
            environmentValue: "/srv/data",
            expectedFromEnvironment: "/srv/data"
        ),
        KeyCase(
            key: "log.format",
            fileValue: #""text""#,
            expectedFromFile: "text",
            variable: "WARDEN_LOG_FORMAT",
            environmentValue: "json",
            expectedFromEnvironment: "json"
        ),
        KeyCase(
            key: "log.level",
            fileValue: #""debug""#,
            expectedFromFile: "debug",
            variable: "WARDEN_LOG_LEVEL",
            environmentValue: "warning",
            expectedFromEnvironment: "warning"
        ),
        KeyCase(
            key: "codex.bin",
            fileValue: #""/opt/codex/bin/codex""#,
            expectedFromFile: "/opt/codex/bin/codex",
            variable: "WARDEN_CODEX_BIN",
            environmentValue: "/usr/local/bin/codex",
            expectedFromEnvironment: "/usr/local/bin/codex"
        ),
        KeyCase(
            key: "codex.model",
            fileValue: #""o3""#,
            expectedFromFile: "o3",
            variable: "WARDEN_CODEX_MODEL",
            environmentValue: "gpt-5.5-mini",
            expectedFromEnvironment: "gpt-5.5-mini"
        ),
        KeyCase(
            key: "codex.home",
            fileValue: #""/etc/codex""#,
            expectedFromFile: "/etc/codex",
            variable: "WARDEN_CODEX_HOME",
            environmentValue: "/var/codex",
            expectedFromEnvironment: "/var/codex"
        ),
        KeyCase(
            key: "codex.sandbox_mode",
            fileValue: #""workspace-write""#,
            expectedFromFile: "workspace-write",
            variable: "WARDEN_SANDBOX_MODE",
            environmentValue: "danger-full-access",
            expectedFromEnvironment: "danger-full-access"
        ),
        KeyCase(
            key: "codex.timeout",
            fileValue: #""90s""#,
            expectedFromFile: "90s",
            variable: "WARDEN_CODEX_TIMEOUT",
            environmentValue: "1h",
            expectedFromEnvironment: "3600s"
        ),
        KeyCase(
            key: "codex.pass_env",
            fileValue: #"["OPENAI_API_KEY"]"#,
            expectedFromFile: "OPENAI_API_KEY",
            variable: "WARDEN_CODEX_PASS_ENV",
            environmentValue: "A_KEY, B_KEY",
            expectedFromEnvironment: "A_KEY,B_KEY"
        ),
        KeyCase(
            key: "codex.proxy_env",
            fileValue: #"["HTTPS_PROXY"]"#,
            expectedFromFile: "HTTPS_PROXY",
            variable: "WARDEN_CODEX_PROXY_ENV",
            environmentValue: "HTTP_PROXY,no_proxy",
            expectedFromEnvironment: "HTTP_PROXY,no_proxy"
        ),
        KeyCase(
            key: "codex.https_proxy",
            fileValue: #""http://egress-proxy:3129""#,
            expectedFromFile: "http://egress-proxy:3129",
            variable: "WARDEN_CODEX_HTTPS_PROXY",
            environmentValue: "http://10.0.0.9:8080/",
            expectedFromEnvironment: "http://10.0.0.9:8080"
        ),
        KeyCase(
            key: "codex.exec_sidecar",
            fileValue: "true",
            expectedFromFile: "true",
            variable: "WARDEN_CODEX_EXEC_SIDECAR",
            environmentValue: "true",
            expectedFromEnvironment: "true"
        ),
        KeyCase(
            key: "codex.seats",
            fileValue: "3",
            expectedFromFile: "3",
            variable: "WARDEN_CODEX_SEATS",
            environmentValue: "4",
            expectedFromEnvironment: "4"
        ),
        KeyCase(
            key: "codex.seat_lease",
            fileValue: #""90s""#,
            expectedFromFile: "90s",
            variable: "WARDEN_CODEX_SEAT_LEASE",
            environmentValue: "2m",
            expectedFromEnvironment: "120s"
        ),
        KeyCase(
            key: "codex.reserve_percent",
            fileValue: "10",
            expectedFromFile: "10",
            variable: "WARDEN_CODEX_RESERVE_PERCENT",
            environmentValue: "25",
            expectedFromEnvironment: "25"
        ),
        KeyCase(
            key: "gitlab.url",
            fileValue: #""https://gitlab.example.com/""#,
            expectedFromFile: "https://gitlab.example.com",
            variable: "WARDEN_GITLAB_URL",
            environmentValue: "http://gitlab.local:8080/group",
            expectedFromEnvironment: "http://gitlab.local:8080/group"
        ),
        KeyCase(
            key: "gitlab.token",
            fileValue: #""file-token""#,
            expectedFromFile: "file-token",
            variable: "WARDEN_GITLAB_TOKEN",
            environmentValue: "env-token",
            expectedFromEnvironment: "env-token"
        ),
        KeyCase(
            key: "gitlab.webhook_secret",
            fileValue: #""file-secret""#,
            expectedFromFile: "file-secret",
            variable: "WARDEN_GITLAB_WEBHOOK_SECRET",
            environmentValue: "env-secret",
            expectedFromEnvironment: "env-secret"
        ),
        KeyCase(
            key: "gitlab.allow_short_webhook_secret",
            fileValue: "true",
            expectedFromFile: "true",
            variable: "WARDEN_GITLAB_ALLOW_SHORT_WEBHOOK_SECRET",
            environmentValue: "false",
            expectedFromEnvironment: "false"
        ),
        KeyCase(
            key: "github.api_url",
            fileValue: #""https://github.example.com/api/v3/""#,
            expectedFromFile: "https://github.example.com/api/v3",
            variable: "WARDEN_GITHUB_API_URL",
            environmentValue: "http://127.0.0.1:9000",
            expectedFromEnvironment: "http://127.0.0.1:9000"
        ),
        KeyCase(
            key: "github.app_id",
            fileValue: "12345",
            expectedFromFile: "12345",
            variable: "WARDEN_GITHUB_APP_ID",
            environmentValue: "678",
            expectedFromEnvironment: "678"
        ),
        KeyCase(
            key: "github.private_key",
            fileValue: #""file-pem""#,
            expectedFromFile: "file-pem",
            variable: "WARDEN_GITHUB_PRIVATE_KEY",
            environmentValue: "env-pem",
            expectedFromEnvironment: "env-pem"
        ),
        KeyCase(
            key: "github.token",
            fileValue: #""file-token""#,
            expectedFromFile: "file-token",
            variable: "WARDEN_GITHUB_TOKEN",
            environmentValue: "env-token",
            expectedFromEnvironment: "env-token"
        ),
        KeyCase(
            key: "github.webhook_secret",
            fileValue: #""file-secret""#,
            expectedFromFile: "file-secret",
            variable: "WARDEN_GITHUB_WEBHOOK_SECRET",
            environmentValue: "env-secret",
            expectedFromEnvironment: "env-secret"
        ),
        KeyCase(
            key: "github.bot_login",
            fileValue: #""warden-bot[bot]""#,
            expectedFromFile: "warden-bot[bot]",
            variable: "WARDEN_GITHUB_BOT_LOGIN",
            environmentValue: "review-bot",
            expectedFromEnvironment: "review-bot"
        ),
        KeyCase(
            key: "bot.username",
            fileValue: #""review-bot""#,
            expectedFromFile: "review-bot",
            variable: "WARDEN_BOT_USERNAME",
            environmentValue: "warden-bot",
            expectedFromEnvironment: "warden-bot"
        ),
        KeyCase(
            key: "bot.user_id",
            fileValue: "42",
            expectedFromFile: "42",
            variable: "WARDEN_BOT_USER_ID",
            environmentValue: "43",
            expectedFromEnvironment: "43"
        ),
        KeyCase(
            key: "queue.max_attempts",
            fileValue: "7",
            expectedFromFile: "7",
            variable: "WARDEN_QUEUE_MAX_ATTEMPTS",
            environmentValue: "9",
            expectedFromEnvironment: "9"
        ),
        KeyCase(
            key: "queue.lease",
            fileValue: "120",
            expectedFromFile: "120s",
            variable: "WARDEN_QUEUE_LEASE",
            environmentValue: "5m",
            expectedFromEnvironment: "300s"
        ),
        KeyCase(
            key: "queue.retention",
            fileValue: #""7d""#,
            expectedFromFile: "604800s",
            variable: "WARDEN_QUEUE_RETENTION",
            environmentValue: "36h",
            expectedFromEnvironment: "129600s"
        ),
        KeyCase(
            key: "store.review_retention",
            fileValue: #""30d""#,
            expectedFromFile: "2592000s",
            variable: "WARDEN_STORE_REVIEW_RETENTION",
            environmentValue: "2h",
            expectedFromEnvironment: "7200s"
        ),
        KeyCase(
            key: "store.url",
            fileValue: #""postgres://warden@db.internal/warden?sslmode=require""#,
            expectedFromFile: "postgres://warden@db.internal:5432/warden?sslmode=require",
            variable: "WARDEN_STORE_URL",
            environmentValue: "sqlite:state/warden.sqlite",
            expectedFromEnvironment: "sqlite:/srv/warden/state/warden.sqlite"
        ),
        KeyCase(
            key: "store.password",
            fileValue: #""file-password""#,
            expectedFromFile: "file-password",
            variable: "WARDEN_STORE_PASSWORD",
            environmentValue: "env-password",
            expectedFromEnvironment: "env-password"
        ),
        KeyCase(
            key: "store.ca_file",
            fileValue: #""/etc/warden/db-ca.pem""#,
            expectedFromFile: "/etc/warden/db-ca.pem",
            variable: "WARDEN_STORE_CA_FILE",
            environmentValue: "ca.pem",
            expectedFromEnvironment: "/srv/warden/ca.pem"
        ),
        KeyCase(
            key: "store.pool_size",
            fileValue: "20",
            expectedFromFile: "20",
            variable: "WARDEN_STORE_POOL_SIZE",
            environmentValue: "4",
            expectedFromEnvironment: "4"
        ),
        KeyCase(
            key: "git.worktree_group",
            fileValue: "2000",
            expectedFromFile: "2000",
            variable: "WARDEN_GIT_WORKTREE_GROUP",
            environmentValue: "2001",
            expectedFromEnvironment: "2001"
        ),
        KeyCase(
            key: "proxy.url",
            fileValue: #""http://egress-proxy:3128""#,
            expectedFromFile: "http://egress-proxy:3128",
            variable: "WARDEN_HTTPS_PROXY",
            environmentValue: "http://[fd00::7]:3128",
            expectedFromEnvironment: "http://[fd00::7]:3128"
        ),
        KeyCase(
            key: "proxy.no_proxy",
            fileValue: #"["gitlab.internal", ".svc"]"#,
            expectedFromFile: "gitlab.internal,.svc",
            variable: "WARDEN_NO_PROXY",
            environmentValue: "*",
            expectedFromEnvironment: "*"
        ),
        KeyCase(
            key: "webhook.max_body_bytes",
            fileValue: "1024",
            expectedFromFile: "1024",
            variable: "WARDEN_WEBHOOK_MAX_BODY_BYTES",
            environmentValue: "2048",
            expectedFromEnvironment: "2048"
        ),
        KeyCase(
            key: "gateway.api_key",
            fileValue: #""file-key""#,
            expectedFromFile: "file-key",
            variable: "WARDEN_GATEWAY_API_KEY",
            environmentValue: "env-key",
            expectedFromEnvironment: "env-key"
        ),
    ]

    @Test("the tables cover every setting")
    func tablesCoverEverySetting() throws {
        let declarations = WardenConfiguration.Registry.all.map(\.declaration)
        let keys = Set(declarations.map(\.fileKey))
        #expect(Set(Self.keyCases.map(\.key)) == keys)
        #expect(Set(Self.summary(try Self.load()).keys) == keys)
        #expect(Self.keyCases.map(\.variable) == declarations.map(\.environmentName))
    }

    @Test("reads a setting from the file", arguments: keyCases)
    func readsFromFile(_ row: KeyCase) throws {
        let configuration = try Self.load(file: "\(row.key) = \(row.fileValue)\n")
        #expect(Self.summary(configuration)[row.key] == row.expectedFromFile)
    }

    @Test("reads a setting from its environment variable", arguments: keyCases)
    func readsFromEnvironment(_ row: KeyCase) throws {
        let configuration = try Self.load(environment: [row.variable: row.environmentValue])
        #expect(Self.summary(configuration)[row.key] == row.expectedFromEnvironment)
    }

    @Test("the environment variable overrides the file", arguments: keyCases)
    func environmentOverridesFile(_ row: KeyCase) throws {
        let configuration = try Self.load(file: "\(row.key) = \(row.fileValue)\n", environment: [row.variable: row.environmentValue])
        #expect(Self.summary(configuration)[row.key] == row.expectedFromEnvironment)
    }

    @Test("reads a file written with sections")
    func readsSectionedFile() throws {
        let configuration = try Self.load(
            file: """
                listen = "0.0.0.0:8443"
                [codex]
                model = "o3"
                seats = 2
                timeout = "20m"
                [gitlab]
                url = "https://gitlab.example.com"
                [bot]
                username = "review-bot"
                """
        )
        #expect(configuration.listen == ListenAddress(host: "0.0.0.0", port: 8443))
        #expect(configuration.codex.model == "o3")
        #expect(configuration.codex.seats == 2)
        #expect(configuration.codex.timeout == .seconds(1200))
        #expect(configuration.gitlab.url == "https://gitlab.example.com")
        #expect(configuration.bot.username == "review-bot")
    }

    @Test("uses the defaults when nothing is configured")
    func usesDefaults() throws {
        let summary = Self.summary(try Self.load())
        let expected: [String: String] = [
            "listen": "127.0.0.1:8080",
            "data_dir": "/srv/warden/.warden",
            "log.format": "json",
            "log.level": "info",
            "codex.bin": "codex",
            "codex.model": "gpt-5.5",
            "codex.home": "/home/operator/.codex",
            "codex.sandbox_mode": "read-only",
            "codex.timeout": "900s",
            "codex.pass_env": "OPENAI_API_KEY,CODEX_API_KEY",
            "codex.proxy_env": "HTTPS_PROXY,HTTP_PROXY,NO_PROXY,https_proxy,http_proxy,no_proxy",
            "codex.https_proxy": "nil",
            "codex.exec_sidecar": "false",
            "codex.seats": "1",
            "codex.seat_lease": "60s",
            "codex.reserve_percent": "0",
            "gitlab.url": "nil",
            "gitlab.token": "nil",
            "gitlab.webhook_secret": "nil",
            "gitlab.allow_short_webhook_secret": "false",
            "github.api_url": "https://api.github.com",
            "github.app_id": "nil",
            "github.private_key": "nil",
            "github.token": "nil",
            "github.webhook_secret": "nil",
            "github.bot_login": "nil",
            "bot.username": "nil",
            "bot.user_id": "nil",
            "queue.max_attempts": "5",
            "queue.lease": "600s",
            "queue.retention": "2592000s",
            "store.review_retention": "7776000s",
            "store.url": "sqlite:/srv/warden/.warden/warden.sqlite",
            "store.password": "nil",
            "store.ca_file": "nil",
            "store.pool_size": "10",
            "git.worktree_group": "nil",
            "proxy.url": "nil",
            "proxy.no_proxy": "localhost,127.0.0.1,::1",
            "webhook.max_body_bytes": "26214400",
            "gateway.api_key": "nil",
        ]
        #expect(summary == expected)
    }

    @Test("logs as text by default when standard error is a terminal")
    func textOnTerminal() throws {
        let host = ConfigurationHost(standardErrorIsTerminal: true, currentDirectory: "/srv/warden", isExecutable: { _ in false })
        #expect(try Self.load(host: host).log.format == .text)
    }

    @Test("prefers the bundled codex binary when it is present")
    func prefersBundledCodex() throws {
        let bundled = "/srv/warden/.tools/codex-0.163.0/codex_cli_bin/bin/codex"
        let host = ConfigurationHost(standardErrorIsTerminal: false, currentDirectory: "/srv/warden", isExecutable: { $0 == bundled })
        #expect(try Self.load(host: host).codex.binary == bundled)
    }

    @Test("takes codex.home from CODEX_HOME when Warden's own settings leave it out")
    func codexHomeFromCodexEnvironment() throws {
        #expect(try Self.load(environment: ["CODEX_HOME": "/opt/codex-home"]).codex.home == "/opt/codex-home")
        #expect(try Self.load(file: #"codex.home = "/etc/codex""#, environment: ["CODEX_HOME": "/opt/codex-home"]).codex.home == "/etc/codex")
    }

    @Test("ignores unknown WARDEN_ variables, which other tools may share, but warns of one that looks misspelt")
    func ignoresUnknownVariables() throws {
        let environment = Self.baseEnvironment.merging(["WARDEN_SOMETHING_ELSE": "x", "WARDEN_CODEX_SEATZ": "0", "WARDEN_CONFIG": ""]) { $1 }
        let values = try ConfigurationLoader.values(
            configPath: nil, environment: environment, host: Self.plainHost, registry: WardenConfiguration.Registry.registry
        )
        #expect(try WardenConfiguration(from: values).codex.seats == 1)
        #expect(values.warnings == ["WARDEN_CODEX_SEATZ is not a Warden setting and is ignored; did you mean WARDEN_CODEX_SEATS?"])
    }

    @Test("an empty or blank value is unset, in the environment and in the file")
    func emptyIsUnset() throws {
        let configuration = try Self.load(
            file: "codex.model = \"\"\nqueue.lease = \" \"\n",
            environment: ["WARDEN_CODEX_SEATS": "", "WARDEN_GITLAB_TOKEN": "", "WARDEN_CODEX_TIMEOUT": " "]
        )
        #expect(configuration.codex.model == "gpt-5.5")
        #expect(configuration.codex.seats == 1)
        #expect(configuration.gitlab.token == nil)
        #expect(configuration.codex.timeout == .seconds(900))
        #expect(configuration.queue.lease == .seconds(600))
    }

    @Test("relative paths are made absolute against the working directory when loading")
    func resolvesRelativePaths() throws {
        let configuration = try Self.load(
            file: "data_dir = \"state/../data\"\n",
            environment: ["WARDEN_CODEX_BIN": ".tools/codex-0.163.0/codex_cli_bin/bin/codex", "WARDEN_CODEX_HOME": "./home/codex"]
        )
        #expect(configuration.dataDirectory == "/srv/warden/data")
        #expect(configuration.codex.binary == "/srv/warden/.tools/codex-0.163.0/codex_cli_bin/bin/codex")
        #expect(configuration.codex.home == "/srv/warden/home/codex")
        #expect(try Self.load(environment: ["WARDEN_CODEX_BIN": "codex"]).codex.binary == "codex")
    }

    @Test("an unknown file key suggests the nearest known key")
    func suggestsNearestKey() throws {
        let error = try #require(throws: ConfigurationError.self) { try Self.load(file: "[queue]\nretension = \"1d\"\n") }
        #expect(error.key == "queue.retension")
        #expect(error.description.contains("did you mean `queue.retention`?"))
    }

    @Test("reads the file named by WARDEN_CONFIG when --config is absent")
    func readsFileFromEnvironment() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("other.toml", "codex.seats = 6\n")
        let configuration = try ConfigurationLoader.load(
            configPath: nil,
            environment: ["HOME": "/home/operator", "WARDEN_CONFIG": path],
            host: Self.plainHost
        )
        #expect(configuration.codex.seats == 6)
    }

    // MARK: Secrets from files

    struct SecretFileCase: Sendable, CustomTestStringConvertible {
        let name: String
        let contents: String
        let expected: String
        var testDescription: String { name }
    }

    static let secretFileCases: [SecretFileCase] = [
        SecretFileCase(name: "no trailing newline", contents: "s3cr3t", expected: "s3cr3t"),
        SecretFileCase(name: "trailing newline", contents: "s3cr3t\n", expected: "s3cr3t"),
        SecretFileCase(name: "trailing CRLF", contents: "s3cr3t\r\n", expected: "s3cr3t"),
        SecretFileCase(name: "several trailing newlines", contents: "s3cr3t\n\n", expected: "s3cr3t"),
        SecretFileCase(name: "inner spaces are kept", contents: "s3 cr3t \n", expected: "s3 cr3t "),
    ]

    @Test("reads every secret from its _FILE variable, trimming trailing newlines", arguments: secretFileCases)
    func readsSecretFiles(_ row: SecretFileCase) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("secret", row.contents)
        let configuration = try Self.load(
            environment: ["WARDEN_GITLAB_TOKEN_FILE": path, "WARDEN_GITLAB_WEBHOOK_SECRET_FILE": path, "WARDEN_GATEWAY_API_KEY_FILE": path]
        )
        #expect(configuration.gitlab.token?.exposedValue == row.expected)
        #expect(configuration.gitlab.webhookSecret?.exposedValue == row.expected)
        #expect(configuration.gateway.apiKey?.exposedValue == row.expected)
    }

    @Test("reads a secret from the file key's _file form")
    func readsSecretFromFileKey() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("token", "from-file\n")
        let configuration = try Self.load(file: "[gitlab]\ntoken_file = \"\(path)\"\n")
        #expect(configuration.gitlab.token?.exposedValue == "from-file")
    }

    @Test("a _FILE variable overrides a secret written in the file")
    func secretFileVariableOverridesFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("token", "from-variable\n")
        let configuration = try Self.load(file: #"gitlab.token = "in-file""#, environment: ["WARDEN_GITLAB_TOKEN_FILE": path])
        #expect(configuration.gitlab.token?.exposedValue == "from-variable")
    }

    @Test("an unreadable secret file fails naming its variable")
    func unreadableSecretFile() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try Self.load(environment: ["WARDEN_GITLAB_TOKEN_FILE": "/nonexistent/warden/token"])
        }
        #expect(error.key == "WARDEN_GITLAB_TOKEN_FILE")
        #expect(error.metricLabel == "unreadable_file")
        #expect(error.description.contains("WARDEN_GITLAB_TOKEN_FILE"))
        #expect(error.description.contains("/nonexistent/warden/token: no such file"))
    }

    @Test("an empty secret file fails naming its variable")
    func emptySecretFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("empty", "\n")
        let error = try #require(throws: ConfigurationError.self) { try Self.load(environment: ["WARDEN_GATEWAY_API_KEY_FILE": path]) }
        #expect(error.key == "WARDEN_GATEWAY_API_KEY_FILE")
    }

    @Test("a secret set both directly and by file fails")
    func secretSetTwice() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try Self.load(environment: ["WARDEN_GITLAB_TOKEN": "a", "WARDEN_GITLAB_TOKEN_FILE": "/tmp/x"])
        }
        #expect(error.description.contains("WARDEN_GITLAB_TOKEN and WARDEN_GITLAB_TOKEN_FILE are both set"))
    }

    @Test("errors never contain a secret's value")
    func errorsHideSecrets() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try Self.load(environment: ["WARDEN_GITLAB_URL": "https://bot:hunter2@gitlab.example.com"])
        }
        #expect(error.key == "WARDEN_GITLAB_URL")
        #expect(!error.description.contains("hunter2"))
    }

    @Test("a password in the store URL is never in an error or in the rendered URL")
    func storeURLHidesPassword() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try Self.load(environment: ["WARDEN_STORE_URL": "postgres://warden:hunter2@db/warden?sslmode=nope"])
        }
        #expect(error.key == "WARDEN_STORE_URL")
        #expect(!error.description.contains("hunter2"))
        let configuration = try Self.load(environment: ["WARDEN_STORE_URL": "postgres://warden:hunter2@db/warden"])
        #expect(configuration.store.url.description == "postgres://warden:<redacted>@db:5432/warden?sslmode=verify-full")
    }

    @Test("the store defaults to warden.sqlite in the data directory")
    func storeDefault() throws {
        #expect(try Self.load(environment: ["WARDEN_DATA_DIR": "/var/lib/warden"]).store.url == .sqlite(path: "/var/lib/warden/warden.sqlite"))
    }

    // MARK: Invalid values

    struct InvalidCase: Sendable, CustomTestStringConvertible {
        let name: String
        var file: String? = nil
        var environment: [String: String] = [:]
        /// The variable or file key the error must name.
        let key: String
        /// Text the error must contain: the accepted form or the problem.
        let mentions: String
        var testDescription: String { name }
    }

    static let invalidCases: [InvalidCase] = [
        InvalidCase(
            name: "store URL with an unknown scheme",
            environment: ["WARDEN_STORE_URL": "mysql://warden@db/warden"],
            key: "WARDEN_STORE_URL",
            mentions: "the scheme must be sqlite: or postgres://"
        ),
        InvalidCase(
            name: "store URL with an unknown sslmode",
            file: #"store.url = "postgres://warden@db/warden?sslmode=prefer""#,
            key: "store.url",
            mentions: "sslmode must be one of disable, require, verify-full"
        ),
        InvalidCase(
            name: "store pool size of zero",
            environment: ["WARDEN_STORE_POOL_SIZE": "0"],
            key: "WARDEN_STORE_POOL_SIZE",
            mentions: "an integer from 1 to 1000"
        ),
        InvalidCase(
            name: "bad sandbox mode in the environment",
            environment: ["WARDEN_SANDBOX_MODE": "full"],
            key: "WARDEN_SANDBOX_MODE",
            mentions: "read-only | workspace-write | danger-full-access"
        ),
        InvalidCase(
            name: "bad sandbox mode in the file",
            file: #"codex.sandbox_mode = "READ-ONLY""#,
            key: "codex.sandbox_mode",
            mentions: "read-only | workspace-write | danger-full-access"
        ),
        InvalidCase(
            name: "duration with an unknown unit",
            environment: ["WARDEN_CODEX_TIMEOUT": "15x"],
            key: "WARDEN_CODEX_TIMEOUT",
            mentions: "90s, 15m, 1h, 30d"
        ),
        InvalidCase(name: "zero duration", environment: ["WARDEN_CODEX_TIMEOUT": "0"], key: "WARDEN_CODEX_TIMEOUT", mentions: "a positive duration"),
        InvalidCase(
            name: "negative duration",
            environment: ["WARDEN_QUEUE_LEASE": "-5m"],
            key: "WARDEN_QUEUE_LEASE",
            mentions: "a positive duration"
        ),
        InvalidCase(name: "duration as a float in the file", file: "queue.lease = 1.5", key: "queue.lease", mentions: "is a float"),
        InvalidCase(name: "listen without a port", environment: ["WARDEN_LISTEN": "localhost"], key: "WARDEN_LISTEN", mentions: "host:port"),
        InvalidCase(
            name: "listen with an unbracketed IPv6 host",
            environment: ["WARDEN_LISTEN": "::1:8080"],
            key: "WARDEN_LISTEN",
            mentions: "IPv6 in brackets"
        ),
        InvalidCase(
            name: "listen with a port out of range",
            environment: ["WARDEN_LISTEN": "0.0.0.0:65536"],
            key: "WARDEN_LISTEN",
            mentions: "0 to 65535"
        ),
        InvalidCase(name: "listen without a host", file: #"listen = ":8080""#, key: "listen", mentions: "host:port"),
        InvalidCase(
            name: "URL with another scheme",
            environment: ["WARDEN_GITLAB_URL": "ftp://gitlab.example.com"],
            key: "WARDEN_GITLAB_URL",
            mentions: "an http or https URL"
        ),
        InvalidCase(name: "URL without a scheme", file: #"gitlab.url = "gitlab.example.com""#, key: "gitlab.url", mentions: "an http or https URL"),
        InvalidCase(
            name: "URL with a query",
            environment: ["WARDEN_GITLAB_URL": "https://gitlab.example.com/?a=b"],
            key: "WARDEN_GITLAB_URL",
            mentions: "an http or https URL"
        ),
        InvalidCase(name: "non-integer seats", environment: ["WARDEN_CODEX_SEATS": "two"], key: "WARDEN_CODEX_SEATS", mentions: "not an integer"),
        InvalidCase(name: "non-integer user id", environment: ["WARDEN_BOT_USER_ID": "12a"], key: "WARDEN_BOT_USER_ID", mentions: "an integer ≥ 1"),
        InvalidCase(name: "seats as a string in the file", file: #"codex.seats = "2""#, key: "codex.seats", mentions: "is a string"),
        InvalidCase(name: "zero seats", environment: ["WARDEN_CODEX_SEATS": "0"], key: "WARDEN_CODEX_SEATS", mentions: "an integer ≥ 1"),
        InvalidCase(name: "zero attempts in the file", file: "queue.max_attempts = 0", key: "queue.max_attempts", mentions: "an integer ≥ 1"),
        InvalidCase(
            name: "negative body limit",
            environment: ["WARDEN_WEBHOOK_MAX_BODY_BYTES": "-1"],
            key: "WARDEN_WEBHOOK_MAX_BODY_BYTES",
            mentions: "an integer ≥ 1"
        ),
        InvalidCase(name: "unknown log format", environment: ["WARDEN_LOG_FORMAT": "yaml"], key: "WARDEN_LOG_FORMAT", mentions: "json | text"),
        InvalidCase(name: "unknown log level", file: #"log.level = "verbose""#, key: "log.level", mentions: "trace | debug | info"),
        InvalidCase(
            name: "bot username with @",
            environment: ["WARDEN_BOT_USERNAME": "@review-bot"],
            key: "WARDEN_BOT_USERNAME",
            mentions: "without @"
        ),
        InvalidCase(
            name: "a duration that would overflow",
            environment: ["WARDEN_CODEX_TIMEOUT": "99999999999999999s"],
            key: "WARDEN_CODEX_TIMEOUT",
            mentions: "longer than 3650d"
        ),
        InvalidCase(
            name: "passing a Warden secret to codex",
            environment: ["WARDEN_CODEX_PASS_ENV": "OPENAI_API_KEY,WARDEN_GITLAB_TOKEN"],
            key: "WARDEN_CODEX_PASS_ENV",
            mentions: "not WARDEN_*"
        ),
        InvalidCase(
            name: "invalid variable name to pass",
            file: #"codex.proxy_env = ["HTTPS PROXY"]"#,
            key: "codex.proxy_env",
            mentions: "environment variable names"
        ),
        InvalidCase(
            name: "pass_env that is not an array",
            file: #"codex.pass_env = "OPENAI_API_KEY""#,
            key: "codex.pass_env",
            mentions: "an array of strings"
        ),
        InvalidCase(
            name: "unknown key in a known section",
            file: "[codex]\nmodle = \"o3\"",
            key: "codex.modle",
            mentions: "did you mean `codex.model`?"
        ),
        InvalidCase(name: "unknown section", file: "[gitlba]\nurl = \"https://x\"", key: "gitlba", mentions: "is not a known setting"),
        InvalidCase(name: "unknown root key", file: "listen_address = \"x\"", key: "listen_address", mentions: "one of bot, codex, data_dir"),
        InvalidCase(name: "section given as a value", file: "codex = 1", key: "codex", mentions: "a table"),
        InvalidCase(name: "secret given as a number", file: "gateway.api_key = 123", key: "gateway.api_key", mentions: "is an integer"),
        InvalidCase(
            name: "malformed file",
            file: "codex.seats = 1\ncodex.seats = 2",
            key: "warden.toml",
            mentions: "line 2: duplicate key \"codex.seats\""
        ),
    ]

    @Test("a bad value fails naming the key and the accepted form", arguments: invalidCases)
    func rejectsInvalidValue(_ row: InvalidCase) throws {
        let error = try #require(throws: ConfigurationError.self) { try Self.load(file: row.file, environment: row.environment) }
        #expect(error.key.hasSuffix(row.key))
        #expect(error.description.contains(row.key))
        #expect(error.description.contains(row.mentions), "\(error.description)")
    }

    @Test("an error reads as one sentence with the key, the problem and the accepted form")
    func errorReadsAsSentence() throws {
        let error = try #require(throws: ConfigurationError.self) { try Self.load(environment: ["WARDEN_CODEX_SEATS": "0"]) }
        #expect(error.description == "invalid configuration: WARDEN_CODEX_SEATS is 0 (expected an integer ≥ 1)")
        #expect(error.metricLabel == "invalid_value")
    }

    @Test("a missing configuration file fails naming where its path came from")
    func missingConfigurationFile() throws {
        let fromFlag = try #require(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(configPath: "/nonexistent/warden.toml", environment: Self.baseEnvironment, host: Self.plainHost)
        }
        #expect(fromFlag.key == "--config")
        let fromVariable = try #require(throws: ConfigurationError.self) {
            try ConfigurationLoader.load(configPath: nil, environment: ["WARDEN_CONFIG": "/nonexistent/warden.toml"], host: Self.plainHost)
        }
        #expect(fromVariable.key == "WARDEN_CONFIG")
    }

    // MARK: Durations and listen addresses

    @Test(
        "parses durations",
        arguments: [
            ("90", Duration.seconds(90)), ("90s", .seconds(90)), ("15m", .seconds(900)), ("1h", .seconds(3600)), ("2h", .seconds(7200)),
            ("30d", .seconds(2_592_000)), ("1500ms", .milliseconds(1500)), ("3650d", .seconds(3650 * 86_400)),
        ]
    )
    func parsesDuration(_ text: String, _ expected: Duration) throws {
        #expect(try DurationGrammar.parse(text).get() == expected)
        #expect(try DurationGrammar.parse(DurationGrammar.format(expected)).get() == expected)
    }

    @Test(
        "rejects durations",
        arguments: [
            ("", DurationGrammar.Problem.malformed), ("0", .zero), ("0s", .zero), ("0ms", .zero), ("s", .malformed), ("1.5m", .malformed),
            ("-1", .malformed), ("+1", .malformed), (" 90", .malformed), ("90 s", .malformed), ("1w", .malformed), ("1H", .malformed),
            ("1D", .malformed), ("3651d", .tooLong(limit: DurationGrammar.maximum)),
            ("99999999999999999s", .tooLong(limit: DurationGrammar.maximum)), ("99999999999999999999h", .tooLong(limit: DurationGrammar.maximum)),
        ]
    )
    func rejectsDuration(_ text: String, _ problem: DurationGrammar.Problem) {
        #expect(throws: DurationGrammar.ProblemError(problem: problem)) { try DurationGrammar.parse(text).get() }
    }

    @Test("every core duration setting accepts 1500ms")
    func everyDurationAcceptsMilliseconds() throws {
        let durations = WardenConfiguration.Registry.all.map(\.declaration).filter { $0.form.hasPrefix("a positive duration") }
        #expect(durations.count == 5)
        for declaration in durations {
            let values = try ConfigurationLoader.values(
                configPath: nil, environment: Self.baseEnvironment.merging([declaration.environmentName: "1500ms"]) { $1 },
                host: Self.plainHost, registry: WardenConfiguration.Registry.registry
            )
            let setting = try #require(values.registry.settings.first { $0.declaration == declaration })
            #expect(try setting.shownValue(in: values) == "1500ms")
        }
    }

    @Test(
        "parses listen addresses",
        arguments: [
            ("127.0.0.1:8080", ListenAddress(host: "127.0.0.1", port: 8080)),
            ("[::1]:8080", ListenAddress(host: "::1", port: 8080)),
            ("[::]:0", ListenAddress(host: "::", port: 0)),
            ("localhost:65535", ListenAddress(host: "localhost", port: 65535)),
        ]
    )
    func parsesListenAddress(_ text: String, _ expected: ListenAddress) throws {
        #expect(try ListenAddress(validating: text, key: "listen") == expected)
    }

    // MARK: Required GitLab settings

    @Test("requireGitLab names the first missing setting and its variables")
    func requireGitLabNamesMissing() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try Self.load(environment: ["WARDEN_GITLAB_URL": "https://gitlab.example.com"]).requireGitLab()
        }
        #expect(error.key == "gitlab.token")
        #expect(error.metricLabel == "missing_value")
        #expect(error.description.contains("WARDEN_GITLAB_TOKEN_FILE"))
    }

    @Test("a webhook secret shorter than 16 characters is refused unless explicitly allowed, without quoting it")
    func shortWebhookSecret() throws {
        let short = try Self.load(environment: ["WARDEN_GITLAB_WEBHOOK_SECRET": "abc123"])
        let error = try #require(throws: ConfigurationError.self) { try short.gitlab.requireWebhookSecret() }
        #expect(error.key == "gitlab.webhook_secret")
        #expect(error.description.contains("gitlab.allow_short_webhook_secret = true"))
        #expect(!error.description.contains("abc123"))
        let allowed = try Self.load(environment: ["WARDEN_GITLAB_WEBHOOK_SECRET": "abc123", "WARDEN_GITLAB_ALLOW_SHORT_WEBHOOK_SECRET": "true"])
        #expect(try allowed.gitlab.requireWebhookSecret().exposedValue == "abc123")
        #expect(try Self.load(environment: ["WARDEN_GITLAB_WEBHOOK_SECRET": "0123456789abcdef"]).gitlab.requireWebhookSecret().exposedValue.count == 16)
        #expect(throws: ConfigurationError.self) { try Self.load().gitlab.requireWebhookSecret() }
    }

    @Test("requireGitLab returns the settings when all are present; the webhook secret is not among them (a worker needs none)")
    func requireGitLabReturnsSettings() throws {
        let access = try Self.load(
            environment: [
                "WARDEN_GITLAB_URL": "https://gitlab.example.com", "WARDEN_GITLAB_TOKEN": "t",
                "WARDEN_BOT_USERNAME": "review-bot",
            ]
        ).requireGitLab()
        #expect(access.url == "https://gitlab.example.com")
        #expect(access.token.exposedValue == "t")
        #expect(access.botUsername == "review-bot")
    }
}
