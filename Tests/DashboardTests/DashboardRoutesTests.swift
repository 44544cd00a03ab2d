import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Store
import Testing
import WardenCore
import WardenTestSupport

@testable import Dashboard

/// The dashboard over HTTP, in process, on a real SQLite store.
@Suite("Dashboard routes")
struct DashboardRoutesTests {
    static let token = "dashboard-token-0123456789"
    static let bearer: HTTPFields = [.authorization: "Bearer \(token)"]
    static let script = "<script>alert(1)</script>"

    /// A store with a pending job, a dead job whose last error holds markup, and a review.
    static func withStore(_ body: (SQLiteStore) async throws -> Void) async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore.open(dataDirectory: directory.path)
        _ = try await store.enqueue(.review(projectID: 42, mergeRequestIID: 7, headSHA: "aaa"), idempotencyKey: nil)
        _ = try await store.enqueue(.review(projectID: 43, mergeRequestIID: 8, headSHA: "bbb"), idempotencyKey: nil)
        let claimed = try #require(try await store.claimNext(owner: "w", leaseFor: .seconds(60)))
        _ = try await store.fail(id: claimed.id, owner: "w", error: "codex said \(script)", retryable: false)
        _ = try await store.enqueue(
            .githubReview(repositoryID: 77, repository: "acme/\(script)", installationID: nil, number: 9, headSHA: "ccc"), idempotencyKey: nil
        )
        try await store.record(ReviewRecord(projectID: 42, mergeRequestIID: 7, headSHA: "cafe0123456789", state: .posted, inputTokens: 100, outputTokens: 20))
        try await body(store)
    }

    static func application(store: SQLiteStore, token: String? = token, host: String = "127.0.0.1") -> some ApplicationProtocol {
        let router = Router()
        DashboardRoutes(
            content: .queue(store),
            access: DashboardAccess(token: token.map(Secret.init), listenHost: host),
            seat: DashboardPage.Seat(wardenVersion: "0.1.0", codex: "/opt/codex", sandboxMode: "read-only", store: "sqlite"),
            logger: Logger(label: "test")
        ).addRoutes(to: router)
        return Application(router: router)
    }

    static func csrf(in body: String) throws -> String {
        let match = try #require(body.firstMatch(of: #/name="csrf" value="([0-9a-f]+)"/#))
        return String(match.output.1)
    }

    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        ByteBuffer(
            string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        )
    }

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    @Test("the bearer token opens the page: queue counts, jobs, reviews, seat and chart, with the strict headers")
    func page() async throws {
        try await Self.withStore { store in
            try await Self.application(store: store).test(.router) { client in
                try await client.execute(uri: "/", method: .get, headers: Self.bearer) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                    let policy = try #require(response.headers[.contentSecurityPolicy])
                    for directive in ["default-src 'none'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'"] {
                        #expect(policy.contains(directive))
                    }
                    let nonce = try #require(policy.firstMatch(of: #/style-src 'nonce-([A-Za-z0-9+\/=]+)'/#)?.output.1)
                    let body = String(buffer: response.body)
                    #expect(body.contains("<style nonce=\"\(nonce)\">"))
                    #expect(body.contains("id=\"count-pending\"><b>2</b>"))
                    #expect(body.contains("<td>github</td>") && body.contains("<td>acme/&lt;script&gt;alert(1)&lt;/script&gt;</td><td>#9</td>"))
                    #expect(body.contains("<td>gitlab</td>"))
                    #expect(body.contains("id=\"count-dead\"><b>1</b>"))
                    #expect(body.contains("review-42-7-aaa"))
                    #expect(body.contains("cafe01234567"))
                    #expect(body.contains("<svg class=\"chart\""))
                    #expect(body.contains("/opt/codex"))
                }
            }
        }
    }

    @Test("the sources feed the page: the seat hold and budget hold from the store, the windows, the ledger's chart, the codex version and merge request links")
    func sources() async throws {
        try await Self.withStore { store in
            try await store.holdSeats(pool: LeasedSeats.codexPool, until: Date().addingTimeInterval(3600), reason: "usage limit \(Self.script)", streak: 1)
            try await store.record(
                CodexRun(
                    system: .gateway, model: "gpt-test", tokens: RunTokens(input: 1_000_000, output: 1_000_000), durationSeconds: 3, outcome: "completed",
                    finishedAt: Date()
                )
            )
            let costs = CostSettings(prices: PriceTable([ModelPrice(model: "gpt-test", input: 1, cachedInput: 0.5, output: 4)]), monthlyBudgets: [.gateway: 2])
            let sources = DashboardSources(
                windows: { SeatState(windows: [.init(name: "primary", usedPercent: 61, windowMinutes: 300, resetsAt: Date().addingTimeInterval(600))]) },
                seatHolds: SeatHolds(store: store),
                budget: CostBudget(usage: store, costs: costs),
                ledger: store,
                prices: costs.prices,
                codexVersion: { "codex-cli 9.9.9" },
                gitlabURL: "https://gitlab.example.com",
                githubURL: "https://github.com",
                gitlabPaths: ProjectPathCache { id in id == 42 ? "platform/app" : "\"><b>evil</b>" }
            )
            let router = Router()
            DashboardRoutes(
                content: .queue(store),
                access: DashboardAccess(token: Secret(Self.token), listenHost: "127.0.0.1"),
                seat: DashboardPage.Seat(wardenVersion: "0.1.0", codex: "/opt/codex", sandboxMode: "read-only", store: "sqlite"),
                sources: sources,
                logger: Logger(label: "test")
            ).addRoutes(to: router)
            try await Application(router: router).test(.router) { client in
                try await client.execute(uri: "/", method: .get, headers: Self.bearer) { response in
                    #expect(response.status == .ok)
                    let body = String(buffer: response.body)
                    #expect(body.contains("<dd id=\"codex-version\">codex-cli 9.9.9</dd>"))
                    #expect(body.contains("value=\"61\""))
                    #expect(body.contains("<b>seat held until ") && body.contains("usage limit &lt;script&gt;alert(1)&lt;/script&gt;"))
                    #expect(body.contains("<b>gateway budget held until ") && body.contains("is spent ($5.00)"))
                    #expect(body.contains("<td>platform/app</td><td><a href=\"https://gitlab.example.com/platform/app/-/merge_requests/7\""))
                    #expect(body.contains("href=\"https://gitlab.example.com/%22%3E%3Cb%3Eevil%3C/b%3E/-/merge_requests/8\""))
                    #expect(body.contains("<td>&quot;&gt;&lt;b&gt;evil&lt;/b&gt;</td>"))
                    #expect(body.contains("<a href=\"https://github.com/acme/%3Cscript%3Ealert%281%29%3C/script%3E/pull/9\""))
                    #expect(body.contains("<tr><td>gpt-test</td><td>2000000</td><td>$5.00</td><td>3.0s</td>"))
                    #expect(body.contains(": $5.00</title>"))
                    #expect(!body.contains(Self.script) && !body.contains("<b>evil</b>"))
                }
            }
        }
    }

    @Test("markup in a job's last error renders as text")
    func escaping() async throws {
        try await Self.withStore { store in
            try await Self.application(store: store).test(.router) { client in
                try await client.execute(uri: "/", method: .get, headers: Self.bearer) { response in
                    let body = String(buffer: response.body)
                    #expect(!body.contains(Self.script))
                    #expect(body.contains("codex said &lt;script&gt;alert(1)&lt;/script&gt;"))
                }
            }
        }
    }

    @Test("a wrong bearer token gets 401; no credentials go to the login form")
    func refusals() async throws {
        try await Self.withStore { store in
            try await Self.application(store: store).test(.router) { client in
                try await client.execute(uri: "/", method: .get, headers: [.authorization: "Bearer wrong"]) { response in
                    #expect(response.status == .unauthorized)
                    #expect(!String(buffer: response.body).contains("review-42-7-aaa"))
                }
                try await client.execute(uri: "/", method: .get) { response in
                    #expect(response.status == .seeOther)
                    #expect(response.headers[.location] == "/login")
                }
                try await client.execute(uri: "/login", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("name=\"token\""))
                }
            }
        }
    }

    @Test("the login form sets an HttpOnly, SameSite=Strict cookie that is not the token and opens the page; a wrong token gets 401")
    func login() async throws {
        try await Self.withStore { store in
            try await Self.application(store: store).test(.router) { client in
                try await client.execute(uri: "/login", method: .post, headers: Self.formHeaders, body: Self.form([("token", "wrong")])) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.setCookie] == nil)
                    #expect(String(buffer: response.body).contains("The dashboard token is wrong."))
                }
                let cookie = try await client.execute(uri: "/login", method: .post, headers: Self.formHeaders, body: Self.form([("token", Self.token)])) { response in
                    #expect(response.status == .seeOther)
                    #expect(response.headers[.location] == "/")
                    return try #require(response.headers[.setCookie])
                }
                #expect(cookie.contains("; HttpOnly"))
                #expect(cookie.contains("; SameSite=Strict"))
                #expect(!cookie.contains("Secure"))
                #expect(!cookie.contains(Self.token))
                let pair = String(try #require(cookie.split(separator: ";").first))
                try await client.execute(uri: "/", method: .get, headers: [.cookie: pair]) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body).contains("review-42-7-aaa"))
                }
                var proxied = Self.formHeaders
                proxied[HTTPField.Name("X-Forwarded-Proto")!] = "https"
                try await client.execute(uri: "/login", method: .post, headers: proxied, body: Self.form([("token", Self.token)])) { response in
                    #expect(response.headers[.setCookie]?.hasSuffix("; Secure") == true)
                }
            }
        }
    }

    @Test("without a token the dashboard is served on loopback and refused on other addresses")
    func withoutToken() async throws {
        try await Self.withStore { store in
            try await Self.application(store: store, token: nil, host: "127.0.0.1").test(.router) { client in
                try await client.execute(uri: "/", method: .get) { response in
                    #expect(response.status == .ok)
                }
            }
            try await Self.application(store: store, token: nil, host: "0.0.0.0").test(.router) { client in
                for (uri, method) in [("/", HTTPRequest.Method.get), ("/login", .get), ("/actions/pause", .post)] {
                    try await client.execute(uri: uri, method: method, headers: Self.formHeaders, body: Self.form([])) { response in
                        #expect(response.status == .forbidden)
                        #expect(String(buffer: response.body).contains("dashboard.token"))
                    }
                }
            }
            #expect(try await store.pauseState() == nil)
        }
    }

    @Test("an action without the CSRF token or with a wrong one gets 403 and changes nothing")
    func csrf() async throws {
        try await Self.withStore { store in
            try await Self.application(store: store).test(.router) { client in
                let other = DashboardAccess(token: Secret(Self.token), listenHost: "127.0.0.1").csrfToken(for: .init(id: "someone-else"))
                for fields in [[("reason", "x")], [("csrf", "00"), ("reason", "x")], [("csrf", other), ("reason", "x")]] {
                    try await client.execute(uri: "/actions/pause", method: .post, headers: Self.bearer.merging(Self.formHeaders), body: Self.form(fields)) {
                        response in
                        #expect(response.status == .forbidden)
                    }
                }
                let dead = try await store.list(states: [.dead], limit: nil)
                try await client.execute(uri: "/actions/retry", method: .post, headers: Self.bearer.merging(Self.formHeaders), body: Self.form([("id", dead[0].id)])) {
                    response in
                    #expect(response.status == .forbidden)
                }
            }
            #expect(try await store.pauseState() == nil)
            #expect(try await store.counts()[.dead] == 1)
        }
    }

    @Test("pause, resume and retry through the forms change the queue")
    func actions() async throws {
        try await Self.withStore { store in
            try await Self.application(store: store).test(.router) { client in
                let csrf = try await client.execute(uri: "/", method: .get, headers: Self.bearer) { try Self.csrf(in: String(buffer: $0.body)) }
                let post = Self.bearer.merging(Self.formHeaders)
                try await client.execute(uri: "/actions/pause", method: .post, headers: post, body: Self.form([("csrf", csrf), ("reason", "deploying")])) { response in
                    #expect(response.status == .seeOther)
                    #expect(response.headers[.location] == "/")
                }
                #expect(try await store.pauseState()?.reason == "deploying")
                try await client.execute(uri: "/", method: .get, headers: Self.bearer) { response in
                    #expect(String(buffer: response.body).contains("Queue paused"))
                    #expect(String(buffer: response.body).contains("deploying"))
                }
                try await client.execute(uri: "/actions/resume", method: .post, headers: post, body: Self.form([("csrf", csrf)])) { response in
                    #expect(response.status == .seeOther)
                }
                #expect(try await store.pauseState() == nil)
                let dead = try #require(try await store.list(states: [.dead], limit: nil).first)
                try await client.execute(uri: "/actions/retry", method: .post, headers: post, body: Self.form([("csrf", csrf), ("id", dead.id)])) { response in
                    #expect(response.status == .seeOther)
                }
                #expect(try await store.list(states: [.pending], limit: nil).map(\.id).contains(dead.id))
                // Retrying a job that is not failed or dead is refused with the store's reason.
                try await client.execute(uri: "/actions/retry", method: .post, headers: post, body: Self.form([("csrf", csrf), ("id", dead.id)])) { response in
                    #expect(response.status == .conflict)
                }
            }
        }
    }
}

extension HTTPFields {
    /// These fields followed by `other`'s.
    func merging(_ other: HTTPFields) -> HTTPFields {
        var merged = self
        merged.append(contentsOf: other)
        return merged
    }
}

/// The dashboard of a server without a queue (`warden gateway`).
@Suite("Dashboard routes without a queue")
struct StatusDashboardRoutesTests {
    static func application() -> some ApplicationProtocol {
        let router = Router()
        DashboardRoutes(
            content: .status { [StatusPage.Fact("app-server", "ready"), StatusPage.Fact("last error", "worker said <script>alert(1)</script>")] },
            access: DashboardAccess(token: Secret(DashboardRoutesTests.token), listenHost: "0.0.0.0"),
            seat: DashboardPage.Seat(wardenVersion: "0.1.0", codex: "/opt/codex", sandboxMode: "read-only", store: "none"),
            logger: Logger(label: "test")
        ).addRoutes(to: router)
        return Application(router: router)
    }

    @Test("the page shows the status facts escaped, behind the same access rules, and offers no queue actions")
    func status() async throws {
        try await Self.application().test(.router) { client in
            try await client.execute(uri: "/", method: .get, headers: DashboardRoutesTests.bearer) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.contains("<dt>app-server</dt><dd>ready</dd>"))
                #expect(body.contains("worker said &lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(!body.contains("<script>"))
                #expect(!body.contains("/actions/"))
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            }
            try await client.execute(uri: "/", method: .get, headers: [.authorization: "Bearer wrong"]) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/actions/pause", method: .post, headers: DashboardRoutesTests.bearer) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
