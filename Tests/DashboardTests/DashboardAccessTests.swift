import HTTPTypes
import Testing
import WardenCore

@testable import Dashboard

@Suite("Dashboard access")
struct DashboardAccessTests {
    static let token = "dashboard-token-0123456789"

    @Test(
        "loopback addresses are told from the rest",
        arguments: [
            ("127.0.0.1", true), ("127.8.9.10", true), ("localhost", true), ("::1", true), ("[::1]", true), ("LOCALHOST", true),
            ("0.0.0.0", false), ("::", false), ("10.0.0.1", false), ("128.0.0.1", false), ("127.0.0", false), ("127.0.0.256", false),
            ("example.com", false), ("", false),
        ]
    )
    func loopback(host: String, isLoopback: Bool) {
        #expect(DashboardAccess.isLoopback(host) == isLoopback)
    }

    @Test("without a token the dashboard is open on loopback and off elsewhere, whatever the request carries")
    func withoutToken() {
        let loopback = DashboardAccess(token: nil, listenHost: "127.0.0.1")
        #expect(loopback.decide([:]) == .allow(.init(id: "loopback")))
        #expect(loopback.decide([.authorization: "Bearer anything"]) == .allow(.init(id: "loopback")))
        #expect(loopback.acceptsLogin("") == false)
        let exposed = DashboardAccess(token: nil, listenHost: "0.0.0.0")
        #expect(exposed.decide([:]) == .disabled)
        #expect(exposed.decide([.authorization: "Bearer anything"]) == .disabled)
    }

    enum Carried: String, CaseIterable, CustomStringConvertible {
        case nothing, rightBearer, wrongBearer, basicScheme, issuedCookie, tokenAsCookie, forgedCookie, garbageCookie
        var description: String { rawValue }
    }

    @Test("with a token, a request is let in by the bearer token or an issued cookie only", arguments: Carried.allCases)
    func withToken(carried: Carried) {
        let access = DashboardAccess(token: Secret(Self.token), listenHost: "0.0.0.0")
        let issued = access.newSession()
        let fields: HTTPFields
        let expected: DashboardAccess.Decision
        switch carried {
        case .nothing: (fields, expected) = ([:], .login)
        case .rightBearer: (fields, expected) = ([.authorization: "Bearer \(Self.token)"], .allow(.init(id: "bearer")))
        case .wrongBearer: (fields, expected) = ([.authorization: "Bearer \(Self.token)x"], .unauthorized)
        case .basicScheme: (fields, expected) = ([.authorization: "Basic \(Self.token)"], .unauthorized)
        case .issuedCookie: (fields, expected) = ([.cookie: "a=b; warden_dashboard=\(issued.cookieValue)"], .allow(issued.session))
        case .tokenAsCookie: (fields, expected) = ([.cookie: "warden_dashboard=\(Self.token)"], .login)
        case .forgedCookie: (fields, expected) = ([.cookie: "warden_dashboard=\(issued.session.id).\(String(repeating: "0", count: 64))"], .login)
        case .garbageCookie: (fields, expected) = ([.cookie: "warden_dashboard=..zz"], .login)
        }
        #expect(access.decide(fields) == expected)
    }

    @Test("the cookie does not hold the token, and one issued under another token is not accepted")
    func cookieIsNotTheToken() {
        let access = DashboardAccess(token: Secret(Self.token), listenHost: "127.0.0.1")
        let issued = access.newSession()
        #expect(!issued.cookieValue.contains(Self.token))
        #expect(access.newSession().session != issued.session)
        let other = DashboardAccess(token: Secret(Self.token + "-rotated"), listenHost: "127.0.0.1")
        #expect(other.decide([.cookie: "warden_dashboard=\(issued.cookieValue)"]) == .login)
    }

    @Test("the login form accepts exactly the token")
    func login() {
        let access = DashboardAccess(token: Secret(Self.token), listenHost: "127.0.0.1")
        #expect(access.acceptsLogin(Self.token))
        #expect(!access.acceptsLogin(Self.token + " "))
        #expect(!access.acceptsLogin(""))
    }

    @Test("a CSRF token is good for its own session only")
    func csrf() {
        let access = DashboardAccess(token: Secret(Self.token), listenHost: "127.0.0.1")
        let one = access.newSession().session
        let two = access.newSession().session
        let token = access.csrfToken(for: one)
        #expect(access.acceptsCSRF(token, for: one))
        #expect(!access.acceptsCSRF(token, for: two))
        #expect(!access.acceptsCSRF(nil, for: one))
        #expect(!access.acceptsCSRF("", for: one))
        #expect(!access.acceptsCSRF(String(token.dropLast()) + (token.hasSuffix("0") ? "1" : "0"), for: one))
        #expect(!access.acceptsCSRF("not hex at all", for: one))
        // Another token's key derives other CSRF tokens for the same session id.
        #expect(!DashboardAccess(token: Secret("another-token-0123456789"), listenHost: "127.0.0.1").acceptsCSRF(token, for: one))
    }
}
