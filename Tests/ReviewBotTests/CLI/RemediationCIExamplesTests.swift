import Foundation
import Testing
import WardenTestSupport

/// deploy/ci's nightly `warden remediate` jobs, checked against the built binary: the flags they pass are flags of
/// `warden remediate`, and the variables they set are settings `warden config show` knows.
@Suite("Remediation CI examples")
struct RemediationCIExamplesTests {
    @Test("each example runs warden remediate with --repo, --source and only flags the command has", arguments: ["github-actions.yml", "gitlab-ci.yml"])
    func flags(file: String) async throws {
        let text = try String(contentsOf: RepositoryRoot.url.appendingPathComponent("deploy/ci/\(file)"), encoding: .utf8)
        let help = try await WardenCommandLineTests.warden(["remediate", "--help"])
        #expect(help.status == 0)
        let commands = text.split(separator: "\n").filter { $0.contains("warden remediate --") && !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
        #expect(!commands.isEmpty)
        for command in commands {
            let flags = command.split(whereSeparator: \.isWhitespace).filter { $0.hasPrefix("--") }.map(String.init)
            #expect(flags.contains("--repo") && flags.contains("--source"), "\(command)")
            for flag in flags {
                #expect(help.output.contains(flag), "\(file): warden remediate has no \(flag)")
            }
        }
    }

    @Test("every WARDEN_ variable an example sets is a setting", arguments: ["github-actions.yml", "gitlab-ci.yml"])
    func variables(file: String) async throws {
        let text = try String(contentsOf: RepositoryRoot.url.appendingPathComponent("deploy/ci/\(file)"), encoding: .utf8)
        let known = Set(try await ConfigCommandTests.show().values.map(\.variable))
        let used = text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).filter { $0.hasPrefix("WARDEN_") }.map(String.init)
        #expect(!used.isEmpty)
        for variable in Set(used) {
            #expect(known.contains(variable), "\(file) sets \(variable), which is no setting")
        }
    }
}
