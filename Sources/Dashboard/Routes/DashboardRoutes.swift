public import Foundation
import HTTPTypes
public import Hummingbird
public import Logging
import NIOCore
public import Store

/// The dashboard: `GET /`, the login form, and for the review bot the queue actions (pause, resume, retry) as form
/// posts.
///
/// Every route asks ``DashboardAccess`` first; actions also check the CSRF token and then redirect back to `/`
/// (post/redirect/get), so a reload never repeats one.
public struct DashboardRoutes: Sendable {
    /// What the page shows.
    public enum Content: Sendable {
        /// The review bot's queue and reviews, with the queue actions.
        case queue(any JobQueue & ReviewStore)
        /// A server without a queue (`warden gateway`): facts read on every request.
        case status(@Sendable () async -> [StatusPage.Fact])
    }

    private let content: Content
    private let access: DashboardAccess
    private let seat: DashboardPage.Seat
    private let sources: DashboardSources
    private let now: @Sendable () -> Date
    private let logger: Logger

    /// How many of the newest jobs the page lists.
    static let jobLimit = 50
    /// How many of the newest reviews are read for the list (the chart comes from the run ledger).
    static let reviewLimit = DashboardPage.listLimit
    /// The largest form body accepted.
    static let maxFormBytes = 4096

    /// Creates the routes.
    /// - Parameters:
    ///   - content: what the page shows.
    ///   - access: who may see and act.
    ///   - seat: facts about the seat shown in the header.
    ///   - sources: the seat's state, the run ledger and project names, read on every request.
    ///   - now: the clock ages count from.
    ///   - logger: where actions are logged.
    public init(
        content: Content,
        access: DashboardAccess,
        seat: DashboardPage.Seat,
        sources: DashboardSources = DashboardSources(),
        now: @escaping @Sendable () -> Date = Date.init,
        logger: Logger
    ) {
        self.content = content
        self.access = access
        self.seat = seat
        self.sources = sources
        self.now = now
        self.logger = logger
    }

    /// Adds `GET /`, `GET /login`, `POST /login` and, for a queue, `POST /actions/{pause,resume,retry}` to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/") { request, _ in try await self.dashboard(request) }
        router.get("/login") { request, _ in try self.loginForm(request) }
        router.post("/login") { request, _ in try await self.login(request) }
        guard case .queue(let store) = content else { return }
        router.post("/actions/pause") { request, _ in
            try await self.act(request) { form in
                let reason = form["reason"].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
                try await store.pause(reason: reason.isEmpty ? "paused from the dashboard" : String(reason.prefix(200)))
            }
        }
        router.post("/actions/resume") { request, _ in try await self.act(request) { _ in try await store.resume() } }
        router.post("/actions/retry") { request, _ in
            try await self.act(request) { form in
                guard let id = form["id"], !id.isEmpty else { throw HTTPError(.badRequest, message: "no job id") }
                try await store.retry(id: id)
            }
        }
    }

    private func dashboard(_ request: Request) async throws -> Response {
        let session: DashboardAccess.Session
        switch access.decide(request.headers) {
        case .allow(let allowed): session = allowed
        case .login: return DashboardResponse.redirect(to: "/login")
        case .unauthorized: return try notice(.unauthorized, "The dashboard token is wrong.", template: "login")
        case .disabled: return try disabled()
        }
        let nonce = DashboardResponse.nonce()
        let at = now()
        var seat = self.seat
        if let version = await sources.codexVersion() { seat.codex = version }
        async let seatState = sources.seatState(now: at)
        async let runs = sources.runs(now: at)
        switch content {
        case .queue(let store):
            async let counts = store.counts()
            async let pause = store.pauseState()
            async let jobs = store.list(states: nil, limit: Self.jobLimit)
            async let reviews = store.recent(limit: Self.reviewLimit)
            let inputs = DashboardPage.Inputs(
                counts: try await counts, pause: try await pause, jobs: try await jobs, reviews: try await reviews, runs: try await runs,
                seatState: try await seatState, prices: sources.prices, names: await sources.names(jobs: try await jobs, reviews: try await reviews)
            )
            var page = DashboardPage.make(inputs, seat: seat, now: at, csrf: access.csrfToken(for: session))
            page.nonce = nonce
            return DashboardResponse.html(try DashboardRenderer.render(page, template: "dashboard"), status: .ok, nonce: nonce)
        case .status(let facts):
            let inputs = DashboardPage.Inputs(runs: try await runs, seatState: try await seatState, prices: sources.prices)
            var page = StatusPage(title: "Warden gateway", seat: seat, facts: await facts(), inputs: inputs, now: at)
            page.nonce = nonce
            return DashboardResponse.html(try DashboardRenderer.render(page, template: "status"), status: .ok, nonce: nonce)
        }
    }

    private func loginForm(_ request: Request) throws -> Response {
        if case .disabled = access.decide(request.headers) { return try disabled() }
        return try notice(.ok, nil, template: "login")
    }

    private func login(_ request: Request) async throws -> Response {
        if case .disabled = access.decide(request.headers) { return try disabled() }
        let form = try await Self.form(request)
        guard access.acceptsLogin(form["token"] ?? "") else {
            logger.warning("dashboard login refused")
            return try notice(.unauthorized, "The dashboard token is wrong.", template: "login")
        }
        let (_, cookieValue) = access.newSession()
        // `Secure` when the browser reached us over TLS: Warden serves plain HTTP, so that is a TLS-terminating proxy
        // saying `X-Forwarded-Proto: https`. A forged header only makes the cookie stricter, so it is trusted as is.
        let secure = request.headers[DashboardResponse.forwardedProto]?.lowercased() == "https" ? "; Secure" : ""
        let cookie = "\(DashboardAccess.cookieName)=\(cookieValue); Path=/; HttpOnly; SameSite=Strict\(secure)"
        return DashboardResponse.redirect(to: "/", headers: [.setCookie: cookie])
    }

    /// Runs an action for an allowed request with the right CSRF token, then redirects to `/`.
    private func act(_ request: Request, _ action: @Sendable ([String: String]) async throws -> Void) async throws -> Response {
        let session: DashboardAccess.Session
        switch access.decide(request.headers) {
        case .allow(let allowed): session = allowed
        case .login, .unauthorized: return try notice(.unauthorized, "Sign in first.", template: "login")
        case .disabled: return try disabled()
        }
        let form = try await Self.form(request)
        guard access.acceptsCSRF(form["csrf"], for: session) else {
            logger.warning("dashboard action refused: bad CSRF token", metadata: ["path": "\(request.uri.path)"])
            return try notice(.forbidden, "This form has expired or did not come from the dashboard. Reload the page and try again.", template: "message")
        }
        do {
            try await action(form)
        } catch let error as StoreError {
            return try notice(.conflict, "The action failed: \(error)", template: "message")
        }
        logger.info("dashboard action", metadata: ["path": "\(request.uri.path)"])
        return DashboardResponse.redirect(to: "/")
    }

    private func disabled() throws -> Response {
        try notice(
            .forbidden,
            "The dashboard is off: this server listens beyond loopback and no dashboard token is set (dashboard.token / WARDEN_DASHBOARD_TOKEN).",
            template: "message"
        )
    }

    private func notice(_ status: HTTPResponse.Status, _ message: String?, template: String) throws -> Response {
        let nonce = DashboardResponse.nonce()
        let html = try DashboardRenderer.render(DashboardRenderer.Notice(title: "Warden dashboard", message: message, nonce: nonce), template: template)
        return DashboardResponse.html(html, status: status, nonce: nonce)
    }

    /// The fields of an `application/x-www-form-urlencoded` body; a repeated field keeps its first value.
    static func form(_ request: Request) async throws -> [String: String] {
        let body = try await request.body.collect(upTo: maxFormBytes)
        return FormBody.fields(String(buffer: body))
    }
}
