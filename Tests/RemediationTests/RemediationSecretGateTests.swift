import Forge
import Foundation
import Remediation
import Testing
import WardenTestSupport

@Suite("The remediation gate scans what the commit stores, however the model disguises it", .serialized)
struct RemediationSecretGateTests {
    static let token = "glpat-Xk9mP2qR7vT4wZ1nB8cD"

    /// `text` as UTF-16 little endian with a byte order mark: no UTF-8 reader sees the token in it.
    static func utf16(_ text: String) -> [UInt8] {
        [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    @Test(
        "a token in a UTF-16 worktree file that .gitattributes re-encodes to UTF-8 in the commit is found in the staged blob",
        .timeLimit(.minutes(3))
    )
    func workingTreeEncoding() async throws {
        let harness = try await RemediationHarness.start(script: [
            RemediationHarness.addFile(".gitattributes", ["notes.txt working-tree-encoding=UTF-16"]),
            RemediationHarness.writeBytes("notes.txt", Self.utf16("deploy with GITLAB_TOKEN=\(Self.token)\n")),
            .message("done"),
        ])
        defer { Task { await harness.stop() } }
        let report = try await harness.runner().run(FindingSource.findings(inList: "CVE-1\n"), project: .id(1), template: .builtIn)
        guard case .secretsFound(let found) = try #require(report.rows.first).outcome else {
            Issue.record("expected secret_found: \(report.table)")
            return
        }
        #expect(found.contains(SecretFinding(ruleID: "gitlab-pat", path: "notes.txt", line: 1)))
        #expect(try await harness.repository.tip(of: "refs/heads/fix/CVE-1") == nil)
        #expect(await harness.gitLab.calls(to: .createMergeRequest).isEmpty)
    }

    @Test(
        "a new file the scanner cannot read as text fails the gate unless remediate.binary_allowlist names its path",
        .timeLimit(.minutes(4))
    )
    func binaryFiles() async throws {
        let blob = Array("PK".utf8) + [0, 1, 0] + Array("token=\(Self.token)".utf8) + [0]
        let harness = try await RemediationHarness.start(script: [
            RemediationHarness.writeBytes("assets/data.bin", blob), .message("done"),
            RemediationHarness.writeBytes("assets/latin1.txt", Array("caf".utf8) + [0xE9, 0x0A]), .message("done"),
            RemediationHarness.writeBytes("assets/data.bin", blob), .message("done"),
        ])
        defer { Task { await harness.stop() } }
        let strict = try await harness.runner().run(FindingSource.findings(inList: "BIN-1\nBIN-2\n"), project: .id(1), template: .builtIn)
        #expect(strict.rows.map(\.outcome) == [.unscannableFiles(["assets/data.bin"]), .unscannableFiles(["assets/latin1.txt"])], "\(strict.table)")
        #expect(strict.table.contains("remediate.binary_allowlist"))
        #expect(try await harness.repository.tip(of: "refs/heads/fix/BIN-1") == nil)

        let allowing = try await harness.runner(RemediationHarness.settings(binaryAllowlist: ["assets/*.bin"]))
        let allowed = try await allowing.run(FindingSource.findings(inList: "BIN-3\n"), project: .id(1), template: .builtIn)
        #expect(allowed.rows.map(\.outcome.label) == ["merge_request_opened"], "\(allowed.table)")
        #expect(try await harness.repository.tip(of: "refs/heads/fix/BIN-3") != nil)
    }

    @Test(
        "a token in a path gitleaks' global allowlist exempts (package-lock.json, vendor/…) fails the gate",
        .timeLimit(.minutes(3))
    )
    func exemptPaths() async throws {
        let harness = try await RemediationHarness.start(script: [
            RemediationHarness.addFile("web/package-lock.json", ["{\"token\": \"\(Self.token)\"}"]), .message("done"),
            RemediationHarness.addFile("vendor/github.com/acme/lib/config.go", ["const token = \"\(Self.token)\""]), .message("done"),
        ])
        defer { Task { await harness.stop() } }
        let report = try await harness.runner().run(FindingSource.findings(inList: "LOCK-1\nVENDOR-2\n"), project: .id(1), template: .builtIn)
        #expect(report.rows.map(\.outcome.label) == ["secret_found", "secret_found"], "\(report.table)")
        #expect(report.table.contains("gitlab-pat at web/package-lock.json:1"))
        #expect(report.table.contains("gitlab-pat at vendor/github.com/acme/lib/config.go:1"))
        #expect(await harness.gitLab.calls(to: .createMergeRequest).isEmpty)
    }
}
