import Testing
import WardenCore

@testable import Remediation

/// `remediate.schedule` as the file and the variable write it.
@Suite("Remediation schedule setting")
struct RemediationScheduleGrammarTests {
    static func table(_ pairs: [String: String]) -> TOMLValue {
        .table(pairs.mapValues { .string($0) })
    }

    static func input(_ raw: SettingInput.Raw) -> SettingInput {
        SettingInput(raw: raw, origin: "remediate.schedule", workingDirectory: "/")
    }

    @Test("array tables in the file and `REPO SOURCE CRON;…` in the variable give the same entries")
    func bothForms() throws {
        let file = try RemediationScheduleGrammar.entries(
            Self.input(
                .toml(
                    .array([
                        Self.table(["repo": "https://gitlab.example.com/acme/app", "source": "gitlab-issues:security", "cron": "0 3 * * *"]),
                        Self.table(["repo": "https://gitlab.example.com/acme/web", "source": "file:/etc/warden/findings.txt", "cron": "@weekly"]),
                    ])
                )
            )
        )
        let variable = try RemediationScheduleGrammar.entries(
            Self.input(.text("https://gitlab.example.com/acme/app gitlab-issues:security 0 3 * * *; https://gitlab.example.com/acme/web file:/etc/warden/findings.txt @weekly"))
        )
        #expect(file == variable)
        #expect(file.count == 2)
        #expect(file[0].repo == "https://gitlab.example.com/acme/app")
        #expect(file[0].source == .gitlabIssues(label: "security"))
        #expect(file[0].cron == (try CronSchedule("0 3 * * *")))
        #expect(file[1].source == .file(path: "/etc/warden/findings.txt"))
        #expect(RemediationScheduleGrammar.render(file) == "https://gitlab.example.com/acme/app gitlab-issues:security 0 3 * * *; https://gitlab.example.com/acme/web file:/etc/warden/findings.txt @weekly")
        #expect(try RemediationScheduleGrammar.entries(Self.input(.toml(.array([])))).isEmpty)
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let name: String
        let raw: SettingInput.Raw
        let named: [String]
        var testDescription: String { name }
    }

    static let repo = "https://gitlab.example.com/acme/app"

    @Test(
        "an entry that cannot run is refused, naming the entry and what is wrong",
        arguments: [
            Refusal(
                name: "a cron with four fields",
                raw: .toml(.array([table(["repo": repo, "source": "gitlab-issues:x", "cron": "0 3 * *"])])),
                named: ["entry 1 (https://gitlab.example.com/acme/app)", "4 fields"]
            ),
            Refusal(
                name: "an hour out of range, in the second entry",
                raw: .toml(
                    .array([
                        table(["repo": repo, "source": "gitlab-issues:x", "cron": "0 3 * * *"]),
                        table(["repo": repo, "source": "gitlab-issues:y", "cron": "0 25 * * *"]),
                    ])
                ),
                named: ["entry 2", "hour \"25\""]
            ),
            Refusal(
                name: "an unknown source",
                raw: .toml(.array([table(["repo": repo, "source": "jira:SEC", "cron": "@daily"])])),
                named: ["entry 1", "unknown source \"jira:SEC\""]
            ),
            Refusal(
                name: "standard input",
                raw: .toml(.array([table(["repo": repo, "source": "stdin", "cron": "@daily"])])),
                named: ["entry 1", "stdin"]
            ),
            Refusal(
                name: "a repo that is no web address",
                raw: .toml(.array([table(["repo": "acme/app", "source": "gitlab-issues:x", "cron": "@daily"])])),
                named: ["entry 1 (acme/app)", "not an http(s) address"]
            ),
            Refusal(
                name: "a missing cron",
                raw: .toml(.array([table(["repo": repo, "source": "gitlab-issues:x"])])),
                named: ["entry 1 has no cron"]
            ),
            Refusal(
                name: "an unknown key",
                raw: .toml(.array([table(["repo": repo, "source": "gitlab-issues:x", "cron": "@daily", "timezone": "CET"])])),
                named: ["entry 1 has the unknown key timezone"]
            ),
            Refusal(
                name: "a repeated entry",
                raw: .text("\(repo) gitlab-issues:x @daily; \(repo) gitlab-issues:x @daily"),
                named: ["entry 2", "repeats an earlier entry"]
            ),
            Refusal(name: "a variable entry without a cron", raw: .text("\(repo) gitlab-issues:x"), named: ["entry 1", "not REPO SOURCE CRON"]),
            Refusal(name: "a table instead of an array", raw: .toml(table(["repo": repo])), named: ["is a table"]),
        ]
    )
    func refused(_ refusal: Refusal) {
        #expect {
            try RemediationScheduleGrammar.entries(Self.input(refusal.raw))
        } throws: { error in
            let text = "\(error)"
            return text.contains("remediate.schedule") && refusal.named.allSatisfy { text.contains($0) }
        }
    }
}
