import Foundation
import Testing
import WardenTestSupport

/// `warden config show|check|docs` and the settings registry, through the built binary, as an operator uses them.
@Suite("warden config")
struct ConfigCommandTests {
    struct Row: Decodable, Equatable {
        let key: String
        let variable: String
        let value: String?
        let source: String
        let secret: Bool
    }

    /// `warden config show --json`, decoded, by file key.
    static func show(_ arguments: [String] = [], environment: [String: String] = [:]) async throws -> [String: Row] {
        let outcome = try await WardenCommandLineTests.warden(["config", "show", "--json"] + arguments, environment: environment)
        #expect(outcome.status == 0, "\(outcome.error)")
        let rows = try JSONDecoder().decode([Row].self, from: Data(outcome.output.utf8))
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.key, $0) })
    }

    @Test("[remediate], [gateway], [exec] and [review] sections in warden.toml work, and the environment overrides them")
    func systemSections() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let file = directory.path + "/warden.toml"
        try """
        [remediate]
        test_command = "make check"
        daily_mr_cap = 2
        [gateway]
        keepalive = "1500ms"
        model_aliases = { fast = "gpt-5.5" }
        [exec]
        socket = "/run/warden/exec.sock"
        allowed_uids = [1000, 1001]
        [review]
        publish = "batch"
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let rows = try await Self.show(["--config", file], environment: ["WARDEN_REMEDIATE_DAILY_MR_CAP": "7"])
        #expect(rows["remediate.test_command"] == Row(key: "remediate.test_command", variable: "WARDEN_REMEDIATE_TEST_COMMAND", value: "make check", source: "file", secret: false))
        #expect(rows["remediate.daily_mr_cap"]?.value == "7")
        #expect(rows["remediate.daily_mr_cap"]?.source == "environment")
        #expect(rows["gateway.keepalive"]?.value == "1500ms")
        #expect(rows["gateway.model_aliases"]?.value == "fast=gpt-5.5")
        #expect(rows["exec.socket"]?.value == "/run/warden/exec.sock")
        #expect(rows["exec.allowed_uids"]?.value == "1000,1001")
        #expect(rows["review.publish"]?.value == "batch")
        #expect(rows["gateway.max_queued"] == Row(key: "gateway.max_queued", variable: "WARDEN_GATEWAY_MAX_QUEUED", value: "64", source: "default", secret: false))
        #expect(rows["gitlab.url"]?.value == nil)
    }

    @Test("a misspelt file key fails with the nearest key; a misspelt variable is a warning with the nearest variable")
    func typos() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let file = directory.path + "/warden.toml"
        try "[remediate]\ntest_comand = \"make\"\n".write(toFile: file, atomically: true, encoding: .utf8)
        let failed = try await WardenCommandLineTests.warden(["config", "check", "--config", file])
        #expect(failed.status == 78)
        #expect(failed.error.contains("remediate.test_comand is not a known setting"))
        #expect(failed.error.contains("did you mean `remediate.test_command`?"))

        let warned = try await WardenCommandLineTests.warden(["config", "check"], environment: ["WARDEN_GATEWAY_KEEPALIV": "5s", "WARDEN_UNRELATED_TOOL": "x"])
        #expect(warned.status == 0)
        #expect(warned.error.contains("WARDEN_GATEWAY_KEEPALIV is not a Warden setting and is ignored; did you mean WARDEN_GATEWAY_KEEPALIVE?"))
        #expect(!warned.error.contains("WARDEN_UNRELATED_TOOL"))
    }

    @Test("an overflowing duration is a clear error, not a crash", arguments: ["WARDEN_EXEC_TIMEOUT", "WARDEN_GATEWAY_QUEUE_TIMEOUT", "WARDEN_CODEX_TIMEOUT"])
    func overflowingDuration(variable: String) async throws {
        let outcome = try await WardenCommandLineTests.warden(["config", "check"], environment: [variable: "99999999999999999s"])
        #expect(outcome.status == 78)
        #expect(outcome.error.contains("\(variable) is \"99999999999999999s\", longer than"), "\(outcome.error)")
    }

    @Test("every duration setting of every system accepts 1500ms")
    func everyDurationAcceptsMilliseconds() async throws {
        let docs = try await WardenCommandLineTests.warden(["config", "docs"])
        let variables = docs.output.split(separator: "\n").filter { $0.contains("| a positive duration") }.compactMap { line in
            line.split(separator: "|")[1].split(separator: "`").dropFirst().first.map(String.init)
        }
        #expect(variables.count >= 10, "\(variables)")
        let rows = try await Self.show(environment: Dictionary(uniqueKeysWithValues: variables.map { ($0, "1500ms") }))
        for variable in variables {
            let row = try #require(rows.values.first { $0.variable == variable })
            #expect(row.value == "1500ms", "\(variable)")
            #expect(row.source == "environment")
        }
    }

    @Test("config show redacts every secret, whether set directly, by _FILE or in the file")
    func redactsSecrets() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let secretFile = directory.path + "/webhook-secret"
        try "canary-webhook-3f9a1c7e\n".write(toFile: secretFile, atomically: true, encoding: .utf8)
        let file = directory.path + "/warden.toml"
        try "gateway.api_key = \"canary-gateway-key-8d2e4b6a\"\n".write(toFile: file, atomically: true, encoding: .utf8)
        let environment = ["WARDEN_GITLAB_TOKEN": "canary-token-51c0a9e2", "WARDEN_GITLAB_WEBHOOK_SECRET_FILE": secretFile]
        for format in [["--json"], []] {
            let outcome = try await WardenCommandLineTests.warden(["config", "show", "--config", file] + format, environment: environment)
            #expect(outcome.status == 0)
            for canary in ["canary-token-51c0a9e2", "canary-webhook-3f9a1c7e", "canary-gateway-key-8d2e4b6a"] {
                #expect(!outcome.output.contains(canary) && !outcome.error.contains(canary), "\(canary) leaked")
            }
            #expect(outcome.output.components(separatedBy: "<redacted>").count - 1 == 3)
        }
    }

    @Test("a relative codex path is made absolute, so it works from any working directory")
    func relativeCodexPath() async throws {
        let codex = try CodexBinary.path()
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        // The same relative path, seen from the data directory's parent.
        let parent = URL(fileURLWithPath: directory.path).deletingLastPathComponent().path
        let relative = String(repeating: "../", count: parent.split(separator: "/").count) + codex.dropFirst()
        let environment = ["WARDEN_CODEX_BIN": relative, "WARDEN_CODEX_HOME": directory.path, "WARDEN_DATA_DIR": directory.path]
        let rows = try await Self.show(environment: environment)
        #expect(rows["codex.bin"]?.value == codex)
        let doctor = try await WardenCommandLineTests.warden(["doctor"], environment: environment, workingDirectory: parent)
        #expect(doctor.output.contains("codex-cli \(CodexBinary.pinnedVersion) at \(codex)"), "\(doctor.output)")

        let missing = try await WardenCommandLineTests.warden(["doctor"], environment: environment.merging(["WARDEN_CODEX_BIN": "./no-such-codex"]) { $1 }, workingDirectory: parent)
        #expect(missing.status != 0)
        #expect(missing.output.contains("codex binary \(parent)/no-such-codex is not an executable file"))
    }

    @Test("the README's settings tables are the ones the registries generate")
    func readmeMatchesRegistry() async throws {
        let docs = try await WardenCommandLineTests.warden(["config", "docs"])
        #expect(docs.status == 0)
        let readme = try String(contentsOf: RepositoryRoot.url.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = "<!-- settings table: generated by `warden config docs`; edit the registries, not this table -->\n"
        let end = "<!-- end of settings table -->"
        let start = try #require(readme.range(of: begin)).upperBound
        let stop = try #require(readme.range(of: end, range: start..<readme.endIndex)).lowerBound
        #expect(String(readme[start..<stop]) == docs.output, "README.md is out of date: run `make readme` and commit it")
    }
}
