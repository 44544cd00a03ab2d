import Foundation
import ReviewBot
import Store
import Subprocess
import SystemPackage
import Testing
import WardenTestSupport

/// The built `warden` binary, as an operator runs it.
@Suite("warden command line")
struct WardenCommandLineTests {
    struct Outcome {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs `warden` with only the given environment (plus PATH and HOME), in `workingDirectory` when given.
    static func warden(_ arguments: [String], environment: [String: String] = [:], workingDirectory: String? = nil) async throws -> Outcome {
        var variables = environment
        variables["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        variables["HOME"] = ProcessInfo.processInfo.environment["HOME"] ?? "/root"
        let result = try await Subprocess.run(
            .path(FilePath(try BuiltProducts.path("warden"))),
            arguments: Arguments(arguments),
            environment: .custom(Dictionary(uniqueKeysWithValues: variables.map { (Environment.Key(stringLiteral: $0.key), $0.value) })),
            workingDirectory: workingDirectory.map { FilePath($0) },
            output: .string(limit: 1 << 20),
            error: .string(limit: 1 << 20)
        )
        guard case .exited(let status) = result.terminationStatus else {
            Issue.record("warden was killed: \(result.terminationStatus)")
            return Outcome(status: -1, output: "", error: "")
        }
        return Outcome(status: status, output: result.standardOutput, error: result.standardError)
    }

    @Test("with codex.exec_sidecar, a gateway.tools listing a tool that runs in codex's own process is refused at start")
    func gatewayConfinedToTheSidecar() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let run = try await Self.warden(
            ["gateway"],
            environment: [
                "WARDEN_DATA_DIR": directory.path, "WARDEN_CODEX_EXEC_SIDECAR": "true", "WARDEN_GATEWAY_TOOLS": "shell,apply_patch,view_image",
                "WARDEN_LISTEN": "127.0.0.1:0", "WARDEN_LOG_FORMAT": "text",
            ]
        )
        #expect(run.status == 78, "\(run.error)")
        #expect(run.error.contains("gateway.tools") && run.error.contains("apply_patch, view_image"), "\(run.error)")
    }

    @Test("pause and resume persist across processes, and list --json shows states and attempts")
    func queueCommands() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let environment = ["WARDEN_DATA_DIR": directory.path, "WARDEN_LOG_FORMAT": "text"]

        let paused = try await Self.warden(["queue", "pause", "--reason", "token rotation"], environment: environment)
        #expect(paused.status == 0)
        let listed = try await Self.warden(["queue", "list"], environment: environment)
        #expect(listed.status == 0)
        #expect(listed.output.contains("queue paused since"))
        #expect(listed.output.contains("token rotation"))

        let json = try await Self.warden(["queue", "list", "--json"], environment: environment)
        #expect(json.status == 0)
        #expect(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [Any] != nil)

        #expect(try await Self.warden(["queue", "resume"], environment: environment).status == 0)
        #expect(try await Self.warden(["queue", "list"], environment: environment).output.contains("paused") == false)
    }

    @Test("list --json prints every key of a job, null where the job has no value")
    func queueListJSONSchema() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        do {
            let store = try SQLiteStore.open(dataDirectory: directory.path)
            _ = try await store.enqueue(.review(projectID: 5, mergeRequestIID: 1, headSHA: "abc"), idempotencyKey: nil)
        }

        let listed = try await Self.warden(["queue", "list", "--json"], environment: ["WARDEN_DATA_DIR": directory.path])
        #expect(listed.status == 0, "\(listed.error)")
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]])
        let object = try #require(objects.first)
        #expect(objects.count == 1)
        #expect(Set(object.keys) == JobView.keys.union(JobListRendering.seatHoldKeys))
        #expect(object["seat_hold_until"] is NSNull && object["seat_hold_reason"] is NSNull)
        #expect(object["last_error"] is NSNull)
        #expect(object["note_id"] is NSNull)
        #expect(object["position"] is NSNull)

        let views = try JSONDecoder().decode([JobView].self, from: Data(listed.output.utf8))
        #expect(views.map(\.job.id) == ["review-5-1-abc"])
        #expect(views.first?.job.lastError == nil)
        #expect(views.first?.job.headSHA == "abc")
    }

    @Test("list shows the Codex seat's hold and its end, in the table and in every JSON object")
    func queueListSeatHold() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let until = Date(timeIntervalSinceNow: 3600)
        do {
            let store = try SQLiteStore.open(dataDirectory: directory.path)
            _ = try await store.enqueue(.review(projectID: 5, mergeRequestIID: 1, headSHA: "abc"), idempotencyKey: nil)
            try await store.holdSeats(pool: LeasedSeats.codexPool, until: until, reason: "the Codex plan's usage limit is reached", streak: 1)
        }
        let environment = ["WARDEN_DATA_DIR": directory.path]
        let table = try await Self.warden(["queue", "list"], environment: environment)
        #expect(table.status == 0, "\(table.error)")
        #expect(table.output.contains("seat_hold_until \(JobListRendering.timestamp(until)): the Codex plan's usage limit is reached"), "\(table.output)")

        let listed = try await Self.warden(["queue", "list", "--json"], environment: environment)
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]])
        #expect(objects.first?["seat_hold_until"] as? String == JobListRendering.timestamp(until))
        #expect(objects.first?["seat_hold_reason"] as? String == "the Codex plan's usage limit is reached")
    }

    @Test("retrying an unknown job fails with a message")
    func retryUnknown() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let outcome = try await Self.warden(["queue", "retry", "review-1-2-nope"], environment: ["WARDEN_DATA_DIR": directory.path])
        #expect(outcome.status != 0)
        #expect(outcome.error.contains("review-1-2-nope"))
    }

    @Test("an invalid setting stops warden with the variable, the problem and the accepted form")
    func invalidConfiguration() async throws {
        let outcome = try await Self.warden(["queue", "list"], environment: ["WARDEN_SANDBOX_MODE": "yolo"])
        #expect(outcome.status == 78)
        #expect(outcome.error.contains("WARDEN_SANDBOX_MODE"))
        #expect(outcome.error.contains("read-only | workspace-write | danger-full-access"))
    }

    @Test("serve refuses a webhook secret shorter than 16 characters unless allowed")
    func serveRefusesShortSecret() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let environment = ["WARDEN_DATA_DIR": directory.path, "WARDEN_LISTEN": "127.0.0.1:0", "WARDEN_GITLAB_WEBHOOK_SECRET": "short-secret"]
        let outcome = try await Self.warden(["serve"], environment: environment)
        #expect(outcome.status == 78)
        #expect(outcome.error.contains("gitlab.webhook_secret is shorter than 16 characters"))
        #expect(!outcome.error.contains("short-secret"))
    }

    @Test("serve refuses to start without a webhook secret")
    func serveNeedsSecret() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let outcome = try await Self.warden(["serve"], environment: ["WARDEN_DATA_DIR": directory.path, "WARDEN_LISTEN": "127.0.0.1:0"])
        #expect(outcome.status == 78)
        #expect(outcome.error.contains("WARDEN_GITLAB_WEBHOOK_SECRET"))
    }

    @Test("doctor passes with the pinned codex and a proper CODEX_HOME, and fails with one under /tmp")
    func doctor() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        // The checkout itself may lie under /tmp (CI clones anywhere), so the good home is made under /var/tmp.
        let home = "/var/tmp/warden-doctor-\(UUID().uuidString)/codex-home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: (home as NSString).deletingLastPathComponent) }
        let good = try await Self.warden(["doctor"], environment: ["WARDEN_CODEX_BIN": try CodexBinary.path(), "WARDEN_CODEX_HOME": home])
        #expect(good.status == 0, "\(good.output)\(good.error)")
        #expect(good.output.contains("codex-cli 0.163.0"))

        let temporary = "/tmp/warden-doctor-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let bad = try await Self.warden(
            ["doctor"],
            environment: ["WARDEN_CODEX_BIN": try CodexBinary.path(), "WARDEN_CODEX_HOME": temporary, "WARDEN_SANDBOX_MODE": "danger-full-access"]
        )
        #expect(bad.status != 0)
        #expect(bad.output.contains("problem") && bad.output.contains("/tmp"))
        #expect(bad.output.contains("warning  codex sandbox mode is danger-full-access"))

        let missing = try await Self.warden(["doctor"], environment: ["WARDEN_CODEX_BIN": directory.path + "/no-codex", "WARDEN_CODEX_HOME": home])
        #expect(missing.status != 0)
        #expect(missing.output.contains("is not an executable file"))
    }
}
