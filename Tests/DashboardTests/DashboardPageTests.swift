import Foundation
import Store
import Testing
import WardenCore

@testable import Dashboard

/// The page rendered from plain inputs: the seat, the chart's figures, reviews, gateway turns and jobs with their links.
@Suite("Dashboard page")
struct DashboardPageTests {
    static let now = Date(timeIntervalSince1970: 1_796_601_600 + 12 * 3600)  // 2026-12-07 12:00 UTC
    static let script = "<script>alert(1)</script>"
    static let seat = DashboardPage.Seat(wardenVersion: "0.1.0", codex: "codex-cli 0.163.0", sandboxMode: "read-only", store: "sqlite")
    static let prices = PriceTable([ModelPrice(model: "gpt-priced", input: 2, cachedInput: 1, output: 8)])

    static func render(_ inputs: DashboardPage.Inputs) throws -> String {
        try DashboardRenderer.render(DashboardPage.make(inputs, seat: seat, now: now, csrf: "c0ffee"), template: "dashboard")
    }

    static func job(
        _ id: String, state: JobState, forge: ForgeKind = .gitlab, project: ProjectID = 42, iid: Int = 7, repository: String? = nil,
        error: String? = nil, runAfter: Date? = nil
    ) -> JobRecord {
        JobRecord(
            id: id, kind: .review, state: state, attempts: 1, lastError: error, createdAt: now.addingTimeInterval(-600),
            updatedAt: now, runAfter: runAfter, forge: forge, projectID: project, mergeRequestIID: iid, repository: repository
        )
    }

    struct SeatCase: CustomStringConvertible, Sendable {
        var description: String
        var state: SeatState
        var contains: [String]
        var lacks: [String]
    }

    @Test(
        "the seat: windows as bars with their reset times, the holds with their ends and reasons, escaped",
        arguments: [
            SeatCase(
                description: "two windows, no hold",
                state: SeatState(
                    windows: [
                        .init(name: "primary", usedPercent: 42.4, windowMinutes: 300, resetsAt: now.addingTimeInterval(2 * 3600 + 300)),
                        .init(name: "secondary", usedPercent: 97, windowMinutes: 10_080, resetsAt: now.addingTimeInterval(3 * 86_400)),
                    ],
                    planType: "plus", reservePercent: 5
                ),
                contains: [
                    "id=\"window-primary\"><b>5h</b><meter min=\"0\" max=\"100\" low=\"70\" high=\"90\" optimum=\"0\" value=\"42\"",
                    "<span class=\"resets\">resets 14:05 UTC</span>", "id=\"window-secondary\"><b>7d</b>", "value=\"97\"",
                    "97% (reserve)", "resets 2026-12-10 12:00 UTC", "<dt>plan</dt><dd>plus</dd>", "<dt>reserve</dt><dd>5%</dd>",
                    "<dd id=\"codex-version\">codex-cli 0.163.0</dd>", "<dt>sandbox</dt><dd>read-only</dd>", "<dt>store</dt><dd>sqlite</dd>",
                ],
                lacks: ["id=\"held\"", "42% (reserve)", "<dt>plan</dt><dd></dd>"]
            ),
            SeatCase(
                description: "a window that reset since codex reported it",
                state: SeatState(windows: [.init(name: "primary", usedPercent: 100, windowMinutes: 300, resetsAt: now.addingTimeInterval(-120))]),
                contains: ["value=\"100\"", "reset at 11:58 UTC; not reported since"],
                lacks: ["id=\"held\""]
            ),
            SeatCase(
                description: "no windows yet",
                state: SeatState(),
                contains: ["No usage windows reported yet."],
                lacks: ["<meter", "id=\"held\"", "<dt>reserve</dt>", "<dt>plan</dt>"]
            ),
            SeatCase(
                description: "a usage-limit hold whose reason holds markup",
                state: SeatState(hold: .init(until: now.addingTimeInterval(1800), reason: "usage limit \(script)")),
                contains: [
                    "id=\"held\"", "<b>seat held until 12:30 UTC</b>", "usage limit &lt;script&gt;alert(1)&lt;/script&gt;",
                    "<p><b>seat</b> until 12:30 UTC:",
                ],
                lacks: [script]
            ),
            SeatCase(
                description: "a budget hold",
                state: SeatState(budgetHolds: [BudgetHold(system: .gateway, spentUSD: 12.5, budgetUSD: 10, until: Date(timeIntervalSince1970: 1_798_761_600))]),
                contains: ["id=\"held\"", "<b>gateway budget held until 2027-01-01 00:00 UTC</b>", "the gateway budget of $10.00 for this month is spent ($12.50)"],
                lacks: ["<b>seat held"]
            ),
        ]
    )
    func seatSection(_ row: SeatCase) throws {
        let html = try Self.render(DashboardPage.Inputs(seatState: row.state))
        for text in row.contains { #expect(html.contains(text), "\(text)") }
        for text in row.lacks { #expect(!html.contains(text), "\(text)") }
    }

    struct JobCase: CustomStringConvertible, Sendable {
        var description: String
        var job: JobRecord
        var names: ProjectNames
        var pause: PauseState? = nil
        var seat = SeatState()
        var contains: [String]
        var lacks: [String] = []
    }

    @Test(
        "jobs: the project's name, the merge request linked from configured bases only, and why a waiting job waits",
        arguments: [
            JobCase(
                description: "GitLab with a path from the forge",
                job: job("j1", state: .done), names: ProjectNames(gitlabURL: "https://gitlab.example.com", gitlabPaths: [42: "platform/app"]),
                contains: ["<td>platform/app</td><td><a href=\"https://gitlab.example.com/platform/app/-/merge_requests/7\" rel=\"noreferrer noopener\" target=\"_blank\">!7</a></td>"]
            ),
            JobCase(
                description: "GitLab without a known path",
                job: job("j1", state: .done), names: ProjectNames(gitlabURL: "https://gitlab.example.com"),
                contains: ["<td>42</td><td>!7</td>"], lacks: ["<a href"]
            ),
            JobCase(
                description: "a hostile GitLab path and last error",
                job: job("j1", state: .dead, error: "codex said \(script)"),
                names: ProjectNames(gitlabURL: "https://gitlab.example.com", gitlabPaths: [42: "\"><script>alert(1)</script>"]),
                contains: [
                    "<td>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</td>",
                    "href=\"https://gitlab.example.com/%22%3E%3Cscript%3Ealert%281%29%3C/script%3E/-/merge_requests/7\"",
                    "codex said &lt;script&gt;alert(1)&lt;/script&gt;",
                ],
                lacks: [script, "\"><script"]
            ),
            JobCase(
                description: "a javascript: GitLab URL builds no link",
                job: job("j1", state: .done), names: ProjectNames(gitlabURL: "javascript:alert(1)//", gitlabPaths: [42: "platform/app"]),
                contains: ["<td>platform/app</td><td>!7</td>"], lacks: ["javascript:", "<a href"]
            ),
            JobCase(
                description: "GitHub from the job's repository",
                job: job("j1", state: .running, forge: .github, project: 77, iid: 9, repository: "acme/app"),
                names: ProjectNames(githubURL: "https://github.com", githubRepositories: [77: "acme/app"]),
                contains: ["<td>acme/app</td><td><a href=\"https://github.com/acme/app/pull/9\""]
            ),
            JobCase(
                description: "held by the seat and the review budget, and paused",
                job: job("j1", state: .pending), names: ProjectNames(), pause: PauseState(reason: "deploy", since: now),
                seat: SeatState(
                    hold: .init(until: now.addingTimeInterval(3600), reason: "limit"),
                    budgetHolds: [BudgetHold(system: .review, spentUSD: 5, budgetUSD: 5, until: now.addingTimeInterval(7200))]
                ),
                contains: ["<td class=\"waiting\">queue paused; seat held until 13:00 UTC; review budget spent until 14:00 UTC</td>"]
            ),
            JobCase(
                description: "a failed job waits for its retry",
                job: job("j1", state: .failed, runAfter: now.addingTimeInterval(90)), names: ProjectNames(),
                contains: ["<td class=\"waiting\">retry at 12:01 UTC</td>"]
            ),
            JobCase(
                description: "a done job waits for nothing",
                job: job("j1", state: .done), names: ProjectNames(), pause: PauseState(reason: "deploy", since: now),
                contains: ["<td class=\"waiting\"></td>"]
            ),
        ]
    )
    func jobs(_ row: JobCase) throws {
        let html = try Self.render(DashboardPage.Inputs(pause: row.pause, jobs: [row.job], seatState: row.seat, names: row.names))
        for text in row.contains { #expect(html.contains(text), "\(text)") }
        for text in row.lacks { #expect(!html.contains(text), "\(text)") }
    }

    @Test("reviews: linked, with tokens, and the cost and duration of their thread's review runs; unknown without a price")
    func reviews() throws {
        let now = Self.now
        func run(_ thread: String, model: String, seconds: Double, system: CodexSystem = .review) -> CodexRun {
            CodexRun(
                system: system, projectID: 42, reference: "!7", threadID: thread, model: model,
                tokens: RunTokens(input: 1_000_000, cachedInput: 500_000, output: 100_000), durationSeconds: seconds, outcome: "completed",
                finishedAt: now.addingTimeInterval(-60)
            )
        }
        let reviews = [
            ReviewRecord(projectID: 42, mergeRequestIID: 7, headSHA: "0123456789abcdef", state: .posted, codexThreadID: "t1", inputTokens: 1000, outputTokens: 50, findings: 3, createdAt: now),
            ReviewRecord(projectID: 42, mergeRequestIID: 8, headSHA: "fedcba9876543210", state: .failed, codexThreadID: "t2", inputTokens: 10, outputTokens: 5, createdAt: now),
            ReviewRecord(forge: .github, projectID: 77, mergeRequestIID: 9, headSHA: "abc", state: .running, createdAt: now),
        ]
        let html = try Self.render(
            DashboardPage.Inputs(
                reviews: reviews,
                runs: [run("t1", model: "gpt-priced", seconds: 50), run("t1", model: "gpt-priced", seconds: 75), run("t2", model: "other", seconds: 5), run("t2", model: "gpt-priced", seconds: 9, system: .followup)],
                prices: Self.prices,
                names: ProjectNames(gitlabURL: "https://gitlab.example.com", githubURL: "https://github.com", gitlabPaths: [42: "platform/app"])
            )
        )
        // t1: 2 × (0.5M uncached × $2 + 0.5M cached × $1 + 0.1M × $8) / 1M = 2 × $2.30.
        #expect(html.contains("merge_requests/7\" rel=\"noreferrer noopener\" target=\"_blank\">!7</a></td><td class=\"sha\">0123456789ab</td><td><span class=\"state state-posted\">posted</span></td><td>3</td><td>1050</td><td>$4.60</td><td>2m 05s</td>"))
        #expect(html.contains(">!8</a></td><td class=\"sha\">fedcba987654</td><td><span class=\"state state-failed\">failed</span></td><td>-</td><td>15</td><td>unknown</td><td>5.0s</td>"))
        #expect(html.contains("<td>77</td><td>#9</td><td class=\"sha\">abc</td><td><span class=\"state state-running\">running</span></td><td>-</td><td>0</td><td>unknown</td><td>-</td>"))
    }

    @Test("gateway turns, newest first: model, tokens, cost, duration and outcome, escaped; other systems left out")
    func turns() throws {
        let now = Self.now
        let script = Self.script
        func turn(_ model: String, outcome: String, minutesAgo: Double, system: CodexSystem = .gateway) -> CodexRun {
            CodexRun(
                system: system, model: model, tokens: RunTokens(input: 300, output: 20), durationSeconds: 2.25, outcome: outcome,
                finishedAt: now.addingTimeInterval(-minutesAgo * 60)
            )
        }
        let html = try Self.render(
            DashboardPage.Inputs(
                runs: [turn("gpt-priced", outcome: "completed", minutesAgo: 10), turn("m\(script)", outcome: "timeout", minutesAgo: 2), turn("review-model", outcome: "completed", minutesAgo: 1, system: .review)],
                prices: Self.prices
            )
        )
        let table = try #require(html.firstRange(of: "<table id=\"turns\">").map { String(html[$0.lowerBound...]) })
        #expect(table.contains("<tr><td>m&lt;script&gt;alert(1)&lt;/script&gt;</td><td>320</td><td>unknown</td><td>2.2s</td><td><span class=\"state state-failed\">timeout</span></td><td>2m</td></tr>\n<tr><td>gpt-priced</td><td>320</td><td>$0.00</td><td>2.2s</td><td><span class=\"state state-done\">completed</span></td><td>10m</td></tr>"))
        #expect(!table.contains("review-model"))
        #expect(!html.contains(script))
    }

    @Test("the status page of the gateway shows the seat, the chart and the turns")
    func statusPage() throws {
        let now = Self.now
        let inputs = DashboardPage.Inputs(
            runs: [CodexRun(system: .gateway, model: "gpt-priced", tokens: RunTokens(input: 1), durationSeconds: 1, outcome: "completed", finishedAt: now)],
            seatState: SeatState(hold: .init(until: now.addingTimeInterval(60), reason: "limit"))
        )
        let html = try DashboardRenderer.render(
            StatusPage(title: "Warden gateway", seat: Self.seat, facts: [StatusPage.Fact("app-server", "ready")], inputs: inputs, now: Self.now),
            template: "status"
        )
        #expect(html.contains("<b>seat held until 12:01 UTC</b>"))
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains("<tr><td>gpt-priced</td><td>1</td>"))
        #expect(html.contains("<dd id=\"codex-version\">codex-cli 0.163.0</dd>"))
    }

    @Test("window lengths and reset times", arguments: [(300, "5h"), (10_080, "7d"), (90, "90m"), (0, "0m"), (1440, "1d")])
    func length(minutes: Int, text: String) {
        #expect(SeatView.length(minutes) == text)
    }

    @Test("durations and costs", arguments: [(0.04, "0.0s"), (8.25, "8.2s"), (59.9, "59.9s"), (60, "1m 00s"), (185, "3m 05s")])
    func duration(seconds: Double, text: String) {
        #expect(RunText.duration(seconds) == text)
    }
}
