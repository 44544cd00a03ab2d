public import WardenCore

/// The remediation runner's own settings: the `[remediate]` section.
public struct RemediationSettings: Sendable, Equatable {
    /// The `[remediate]` settings, declared once.
    public enum Registry {
        /// The accepted form of the test command.
        static let commandForm = "a command line, split like a shell would split it but run without one (swift test); an array of words in the file"

        /// `remediate.test_command`.
        public static let testCommand = Setting<[String]?>(
            "remediate.test_command", "WARDEN_REMEDIATE_TEST_COMMAND",
            SettingType(form: commandForm, decode: { input throws(ConfigurationError) in
                if case .toml(.array(let elements)) = input.raw {
                    let words = elements.compactMap { element -> String? in if case .string(let word) = element { word } else { nil } }
                    guard words.count == elements.count, !words.isEmpty else { throw input.invalid("is not an array of words", expected: commandForm) }
                    return words
                }
                let text = try input.text(expected: commandForm)
                do throws(RemediationError) {
                    return try CommandLineWords.split(text)
                } catch {
                    throw input.invalid(error.message, expected: commandForm)
                }
            }, render: { $0.joined(separator: " ") }),
            defaultDescription: "— (required)",
            doc: "The project's test command, run in the worktree without a shell, with a minimal environment."
        )
        /// `remediate.test_timeout`.
        public static let testTimeout = Setting(
            "remediate.test_timeout", "WARDEN_REMEDIATE_TEST_TIMEOUT", .duration(limit: .seconds(7 * 86_400)), default: .seconds(600),
            doc: "Time limit of the test command."
        )
        /// `remediate.test_network`.
        public static let testNetwork = Setting(
            "remediate.test_network", "WARDEN_REMEDIATE_TEST_NETWORK", .boolean, default: false,
            doc: "Whether the sandboxed test command may use the network (bubblewrap --share-net); off by default."
        )
        /// `remediate.test_read_only_paths`.
        public static let testReadOnlyPaths = Setting(
            "remediate.test_read_only_paths", "WARDEN_REMEDIATE_TEST_READ_ONLY_PATHS",
            .list("absolute paths") { path in path.hasPrefix("/") && !path.contains("\0") ? path : nil }, default: [],
            defaultDescription: "none",
            doc: "Directories the sandboxed test command may read besides /usr, /bin, /sbin, /lib*, /etc (a toolchain under /opt)."
        )
        /// `remediate.unsandboxed_tests`.
        public static let unsandboxedTests = Setting(
            "remediate.unsandboxed_tests", "WARDEN_REMEDIATE_UNSANDBOXED_TESTS", .boolean, default: false,
            doc: "Run the test command without a sandbox when bubblewrap cannot create one (logged as an error and reported); "
                + "without it the gate refuses to run."
        )
        /// `remediate.test_exec_socket`.
        public static let testExecSocket = Setting<String?>(
            "remediate.test_exec_socket", "WARDEN_REMEDIATE_TEST_EXEC_SOCKET",
            .text("an absolute path shorter than 108 bytes") { path in path.hasPrefix("/") && path.utf8.count < 108 ? path : nil },
            doc: "Run the test command in the exec sidecar at this socket instead of bubblewrap (where user namespaces are "
                + "unavailable, as on OpenShift's restricted-v2); the worktrees must be mounted at the same path in both containers."
        )
        /// `remediate.binary_allowlist`.
        public static let binaryAllowlist = Setting(
            "remediate.binary_allowlist", "WARDEN_REMEDIATE_BINARY_ALLOWLIST",
            .list("path globs (*.png, assets/**)") { pattern in pattern.isEmpty || pattern.contains("\0") ? nil : pattern }, default: [],
            defaultDescription: "none",
            doc: "Paths where a fix may add or change files the secret scan cannot read as text (binary, not UTF-8); "
                + "any other such file fails the gate. `*` stays within a directory, `**` crosses them; a pattern without / matches file names."
        )
        /// `remediate.daily_mr_cap`.
        public static let dailyMergeRequestCap = Setting(
            "remediate.daily_mr_cap", "WARDEN_REMEDIATE_DAILY_MR_CAP", .integer(0...Int.max), default: 5,
            doc: "Draft merge requests per repository per (UTC) day."
        )
        /// `remediate.kill_switch_label`.
        public static let killSwitchLabel = Setting(
            "remediate.kill_switch_label", "WARDEN_REMEDIATE_KILL_SWITCH_LABEL", .text("a label name"), default: "codex-paused",
            doc: "An open issue carrying this label stops every remediation run."
        )
        /// `remediate.timeout`.
        public static let codexTimeout = Setting(
            "remediate.timeout", "WARDEN_REMEDIATE_TIMEOUT", .duration(limit: .seconds(7 * 86_400)), default: .seconds(20 * 60),
            doc: "Wall-clock cap of one Codex fix."
        )
        /// `remediate.token_cap`.
        public static let tokenCap = Setting(
            "remediate.token_cap", "WARDEN_REMEDIATE_TOKEN_CAP", .integer(1...Int.max), default: 2_000_000,
            doc: "Token cap of one Codex fix (the run is stopped and its fix discarded)."
        )
        /// `remediate.bot_name`.
        public static let botName = Setting(
            "remediate.bot_name", "WARDEN_REMEDIATE_BOT_NAME",
            .text("a name without line breaks or angle brackets") { name in
                name.contains(where: { $0.isNewline || $0 == "<" || $0 == ">" }) ? nil : name
            },
            default: "Warden", doc: "Commit author and committer name of fixes."
        )
        /// `remediate.bot_email`.
        public static let botEmail = Setting(
            "remediate.bot_email", "WARDEN_REMEDIATE_BOT_EMAIL",
            .text("an e-mail address") { email in
                email.contains("@") && !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" }) ? email : nil
            },
            default: "warden@localhost", doc: "Commit author and committer e-mail of fixes."
        )

        /// `remediate.schedule`.
        public static let schedule = Setting(
            "remediate.schedule", "WARDEN_REMEDIATE_SCHEDULE",
            SettingType(form: RemediationScheduleGrammar.form, decode: { input throws(ConfigurationError) in
                try RemediationScheduleGrammar.entries(input)
            }, render: { RemediationScheduleGrammar.render($0) }),
            default: [], defaultDescription: "none",
            doc: "Remediation runs `warden serve` makes on its own: each entry runs `warden remediate --repo REPO --source SOURCE` "
                + "at the times of its five-field cron expression, in UTC. A run still in progress is not started again, on any "
                + "replica of the store; a time that passed while no `warden serve` was up is not made up."
        )

        /// Every `[remediate]` setting.
        public static let all: [any AnySetting] = [
            testCommand, testTimeout, testNetwork, testReadOnlyPaths, unsandboxedTests, testExecSocket, binaryAllowlist, dailyMergeRequestCap, killSwitchLabel, codexTimeout, tokenCap, botName, botEmail, schedule,
        ]
    }

    /// The test command: program and arguments.
    public var testCommand: [String]
    /// How long the test command may run.
    public var testTimeout: Duration
    /// Whether the sandboxed test command may use the network.
    public var testNetwork: Bool
    /// Directories the sandboxed test command may read, besides the system directories.
    public var testReadOnlyPaths: [String]
    /// Whether the test command may run without a sandbox when none can be created.
    public var unsandboxedTests: Bool
    /// The exec sidecar's socket that runs the test command instead of bubblewrap, when set.
    public var testExecSocket: String?
    /// Where a fix may stage files the secret scan cannot read as text.
    public var binaryAllowlist: [PathGlob]
    /// Merge requests per project per day.
    public var dailyMergeRequestCap: Int
    /// The label that pauses remediation when an open issue carries it.
    public var killSwitchLabel: String
    /// The wall-clock cap of one Codex run.
    public var codexTimeout: Duration
    /// The token cap of one Codex run.
    public var tokenCap: Int
    /// The commit identity's name.
    public var botName: String
    /// The commit identity's e-mail.
    public var botEmail: String

    /// The kill-switch label when none is configured.
    public static let defaultKillSwitchLabel = Registry.killSwitchLabel.defaultValue

    /// Settings from values that are already valid.
    public init(
        testCommand: [String],
        testTimeout: Duration = Registry.testTimeout.defaultValue,
        testNetwork: Bool = Registry.testNetwork.defaultValue,
        testReadOnlyPaths: [String] = Registry.testReadOnlyPaths.defaultValue,
        unsandboxedTests: Bool = Registry.unsandboxedTests.defaultValue,
        testExecSocket: String? = nil,
        binaryAllowlist: [PathGlob] = Registry.binaryAllowlist.defaultValue.map(PathGlob.init),
        dailyMergeRequestCap: Int = Registry.dailyMergeRequestCap.defaultValue,
        killSwitchLabel: String = Registry.killSwitchLabel.defaultValue,
        codexTimeout: Duration = Registry.codexTimeout.defaultValue,
        tokenCap: Int = Registry.tokenCap.defaultValue,
        botName: String = Registry.botName.defaultValue,
        botEmail: String = Registry.botEmail.defaultValue
    ) {
        self.testCommand = testCommand
        self.testTimeout = testTimeout
        self.testNetwork = testNetwork
        self.testReadOnlyPaths = testReadOnlyPaths
        self.unsandboxedTests = unsandboxedTests
        self.testExecSocket = testExecSocket
        self.binaryAllowlist = binaryAllowlist
        self.dailyMergeRequestCap = dailyMergeRequestCap
        self.killSwitchLabel = killSwitchLabel
        self.codexTimeout = codexTimeout
        self.tokenCap = tokenCap
        self.botName = botName
        self.botEmail = botEmail
    }

    /// Reads the settings.
    ///
    /// - Parameter values: the loaded configuration layers.
    /// - Throws: ``ConfigurationError`` naming the variable or key at fault; `remediate.test_command` is required.
    public init(from values: ConfigurationValues) throws(ConfigurationError) {
        guard let command = try values.value(Registry.testCommand) else { throw Registry.testCommand.missing }
        self.init(
            testCommand: command,
            testTimeout: try values.value(Registry.testTimeout),
            testNetwork: try values.value(Registry.testNetwork),
            testReadOnlyPaths: try values.value(Registry.testReadOnlyPaths),
            unsandboxedTests: try values.value(Registry.unsandboxedTests),
            testExecSocket: try values.value(Registry.testExecSocket),
            binaryAllowlist: try values.value(Registry.binaryAllowlist).map(PathGlob.init),
            dailyMergeRequestCap: try values.value(Registry.dailyMergeRequestCap),
            killSwitchLabel: try values.value(Registry.killSwitchLabel),
            codexTimeout: try values.value(Registry.codexTimeout),
            tokenCap: try values.value(Registry.tokenCap),
            botName: try values.value(Registry.botName),
            botEmail: try values.value(Registry.botEmail)
        )
    }
}
