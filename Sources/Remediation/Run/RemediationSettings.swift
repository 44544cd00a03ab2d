public import WardenCore

/// The remediation runner's own settings, read from `WARDEN_REMEDIATE_*` environment variables.
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `WARDEN_REMEDIATE_TEST_COMMAND` | the project's test command, run in the worktree without a shell (`swift test`, `sh -c 'make check'`) | required |
/// | `WARDEN_REMEDIATE_TEST_TIMEOUT` | how long the test command may run | `10m` |
/// | `WARDEN_REMEDIATE_DAILY_MR_CAP` | merge requests per project per day (UTC) | `5` |
/// | `WARDEN_REMEDIATE_KILL_SWITCH_LABEL` | an open issue with this label stops every run | `codex-paused` |
/// | `WARDEN_REMEDIATE_TIMEOUT` | wall-clock cap of one Codex run | `20m` |
/// | `WARDEN_REMEDIATE_TOKEN_CAP` | token cap (input + output) of one Codex run | `2000000` |
/// | `WARDEN_REMEDIATE_BOT_NAME` | commit author and committer name | `Warden` |
/// | `WARDEN_REMEDIATE_BOT_EMAIL` | commit author and committer e-mail | `warden@localhost` |
public struct RemediationSettings: Sendable, Equatable {
    /// The test command: program and arguments.
    public var testCommand: [String]
    /// How long the test command may run.
    public var testTimeout: Duration
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
    public static let defaultKillSwitchLabel = "codex-paused"

    /// Settings from values that are already valid.
    public init(
        testCommand: [String],
        testTimeout: Duration = .seconds(600),
        dailyMergeRequestCap: Int = 5,
        killSwitchLabel: String = Self.defaultKillSwitchLabel,
        codexTimeout: Duration = .seconds(20 * 60),
        tokenCap: Int = 2_000_000,
        botName: String = "Warden",
        botEmail: String = "warden@localhost"
    ) {
        self.testCommand = testCommand
        self.testTimeout = testTimeout
        self.dailyMergeRequestCap = dailyMergeRequestCap
        self.killSwitchLabel = killSwitchLabel
        self.codexTimeout = codexTimeout
        self.tokenCap = tokenCap
        self.botName = botName
        self.botEmail = botEmail
    }

    /// Reads the settings from the environment.
    ///
    /// - Parameter environment: the process environment (or a test's stand-in).
    /// - Throws: ``ConfigurationError`` naming the variable at fault.
    public init(environment: [String: String]) throws(ConfigurationError) {
        func text(_ name: String) throws(ConfigurationError) -> String? {
            guard let value = environment[name] else { return nil }
            guard !value.allSatisfy(\.isWhitespace) else { throw .invalidValue(key: name, problem: "is empty", expected: nil) }
            return value
        }
        let commandForm = "a command line, split like a shell would split it but run without one (swift test)"
        guard let commandText = try text("WARDEN_REMEDIATE_TEST_COMMAND") else {
            throw .missingValue(key: "WARDEN_REMEDIATE_TEST_COMMAND", expected: commandForm)
        }
        let command: [String]
        do throws(RemediationError) {
            command = try CommandLineWords.split(commandText)
        } catch {
            throw .invalidValue(key: "WARDEN_REMEDIATE_TEST_COMMAND", problem: error.message, expected: commandForm)
        }
        func duration(_ name: String, default value: Duration) throws(ConfigurationError) -> Duration {
            guard let text = try text(name) else { return value }
            guard let parsed = Self.parseDuration(text) else {
                throw .invalidValue(key: name, problem: "is \"\(text.prefix(40))\"", expected: "a positive duration: 90, 90s, 15m or 1h")
            }
            return parsed
        }
        func integer(_ name: String, default value: Int, minimum: Int) throws(ConfigurationError) -> Int {
            guard let text = try text(name) else { return value }
            guard let number = Int(text), number >= minimum else {
                throw .invalidValue(key: name, problem: "is \"\(text.prefix(40))\"", expected: "an integer ≥ \(minimum)")
            }
            return number
        }
        let label = try text("WARDEN_REMEDIATE_KILL_SWITCH_LABEL") ?? Self.defaultKillSwitchLabel
        let email = try text("WARDEN_REMEDIATE_BOT_EMAIL") ?? "warden@localhost"
        guard email.contains("@"), !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" }) else {
            throw .invalidValue(key: "WARDEN_REMEDIATE_BOT_EMAIL", problem: "is \"\(email.prefix(40))\"", expected: "an e-mail address")
        }
        let name = try text("WARDEN_REMEDIATE_BOT_NAME") ?? "Warden"
        guard !name.contains(where: { $0.isNewline || $0 == "<" || $0 == ">" }) else {
            throw .invalidValue(key: "WARDEN_REMEDIATE_BOT_NAME", problem: "contains a line break or angle bracket", expected: "a name")
        }
        self.init(
            testCommand: command,
            testTimeout: try duration("WARDEN_REMEDIATE_TEST_TIMEOUT", default: .seconds(600)),
            dailyMergeRequestCap: try integer("WARDEN_REMEDIATE_DAILY_MR_CAP", default: 5, minimum: 0),
            killSwitchLabel: label,
            codexTimeout: try duration("WARDEN_REMEDIATE_TIMEOUT", default: .seconds(20 * 60)),
            tokenCap: try integer("WARDEN_REMEDIATE_TOKEN_CAP", default: 2_000_000, minimum: 1),
            botName: name,
            botEmail: email
        )
    }

    /// `90`, `90s`, `15m`, `1h` → a positive duration; anything else → `nil`.
    static func parseDuration(_ text: String) -> Duration? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600]
        var digits = Substring(text)
        var multiplier: Int64 = 1
        if let last = digits.last, let unit = units[last] {
            multiplier = unit
            digits = digits.dropLast()
        }
        guard let value = Int64(digits), value > 0, value <= 7 * 24 * 3600 / multiplier else { return nil }
        return .seconds(value * multiplier)
    }
}
